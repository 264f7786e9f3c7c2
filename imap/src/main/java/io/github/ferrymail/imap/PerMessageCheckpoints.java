package io.github.ferrymail.imap;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.spi.CheckpointSink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a group's checkpoint as one checkpoint per operation holding only that operation's own
 * Message-ID: a group of 500 moves then writes 500 small values in one store call instead of 500
 * copies of all 500 Message-IDs. A resumed group merges its operations' checkpoints back into one
 * (see {@link MergingCheckpointSink#merge}), so nothing a resume needs is lost.
 */
final class PerMessageCheckpoints implements CheckpointSink {
  private final CheckpointSink sink;
  private final Map<Long, Long> uidByOperation;

  /**
   * @param sink the batch's sink
   * @param uidByOperation per operation id, its message's UID in the checkpoints' source folder
   */
  PerMessageCheckpoints(CheckpointSink sink, Map<Long, Long> uidByOperation) {
    this.sink = sink;
    this.uidByOperation = new LinkedHashMap<>(uidByOperation);
  }

  @Override
  public void save(Checkpoint checkpoint) {
    Map<Long, Checkpoint> each = new LinkedHashMap<>();
    uidByOperation.forEach((id, uid) -> each.put(id, onlyMessage(checkpoint, uid)));
    sink.saveEach(each);
  }

  /** The checkpoint with the Message-ID of {@code uid} only (none if it has none). */
  static Checkpoint onlyMessage(Checkpoint checkpoint, long uid) {
    String messageId = checkpoint.messageIds().get(uid);
    return new Checkpoint(
        checkpoint.sourceFolder(),
        checkpoint.sourceUidValidity(),
        checkpoint.destinationFolder(),
        checkpoint.destinationUidValidity(),
        checkpoint.destinationUidNext(),
        messageId == null ? Map.of() : Map.of(uid, messageId));
  }
}
