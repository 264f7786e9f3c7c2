package io.github.ferrymail.imap.support;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.spi.CheckpointSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A checkpoint sink that keeps what it was given, as the store would. */
public final class RecordingSink implements CheckpointSink {
  private final List<Checkpoint> saved = new CopyOnWriteArrayList<>();

  @Override
  public void save(Checkpoint checkpoint) {
    saved.add(checkpoint);
  }

  public List<Checkpoint> saved() {
    return saved;
  }

  public Checkpoint last() {
    return saved.get(saved.size() - 1);
  }
}
