package io.github.ferrymail.imap;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.spi.CheckpointSink;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Saves checkpoints merged with what earlier attempts recorded for the same move (Message-IDs
 * united, the lowest UIDNEXT kept), so that no saved checkpoint forgets where an earlier copy may
 * be.
 */
final class MergingCheckpointSink implements CheckpointSink {
  private final CheckpointSink delegate;
  private @Nullable Checkpoint base;

  /**
   * @param delegate where the merged checkpoints go
   * @param base what earlier attempts recorded, or null
   */
  MergingCheckpointSink(CheckpointSink delegate, @Nullable Checkpoint base) {
    this.delegate = delegate;
    this.base = base;
  }

  @Override
  public void save(Checkpoint checkpoint) {
    Checkpoint merged = merge(base, checkpoint);
    base = merged;
    delegate.save(merged);
  }

  /** {@code b}, with {@code a}'s Message-IDs and lower UIDNEXT when both record the same move. */
  static Checkpoint merge(@Nullable Checkpoint a, Checkpoint b) {
    if (a == null
        || !a.sourceFolder().equals(b.sourceFolder())
        || a.sourceUidValidity() != b.sourceUidValidity()
        || !a.destinationFolder().equals(b.destinationFolder())
        || a.destinationUidValidity() != b.destinationUidValidity()) {
      return b;
    }
    Map<Long, String> ids = new TreeMap<>(a.messageIds());
    ids.putAll(b.messageIds());
    return new Checkpoint(
        b.sourceFolder(),
        b.sourceUidValidity(),
        b.destinationFolder(),
        b.destinationUidValidity(),
        Math.min(a.destinationUidNext(), b.destinationUidNext()),
        ids);
  }
}
