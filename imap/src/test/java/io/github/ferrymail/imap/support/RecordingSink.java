package io.github.ferrymail.imap.support;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.spi.CheckpointSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A checkpoint sink that keeps what it was given, as the store would. */
public final class RecordingSink implements CheckpointSink {
  private final List<Checkpoint> saved = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  @Override
  public void save(Checkpoint checkpoint) {
    calls.incrementAndGet();
    saved.add(checkpoint);
  }

  @Override
  public void saveEach(Map<Long, Checkpoint> checkpoints) {
    calls.incrementAndGet();
    saved.addAll(checkpoints.values());
  }

  /** How many store calls the saves were: one per {@code save} or {@code saveEach}. */
  public int calls() {
    return calls.get();
  }

  public List<Checkpoint> saved() {
    return saved;
  }

  /** The last checkpoint saved that names the message with {@code uid} in its source. */
  public Checkpoint lastFor(long uid) {
    for (int i = saved.size() - 1; i >= 0; i--) {
      if (saved.get(i).messageIds().containsKey(uid)) {
        return saved.get(i);
      }
    }
    throw new AssertionError("no checkpoint saved names UID " + uid);
  }

  public Checkpoint last() {
    return saved.get(saved.size() - 1);
  }
}
