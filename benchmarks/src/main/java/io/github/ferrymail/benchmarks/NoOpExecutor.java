package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An executor that talks to no server: every operation succeeds at once, and a moved message gets a
 * new UID in its destination (as {@code UID MOVE} with COPYUID would report), so that the processor
 * runs its whole path, re-pointing later operations included. What remains to measure is the
 * processor and the store.
 */
final class NoOpExecutor implements OperationExecutor {
  private static final String TRASH = "Trash";

  private final AtomicLong nextUid = new AtomicLong(1);

  @Override
  public BatchResult execute(OperationBatch batch, CheckpointSink checkpoints) {
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    for (PendingOperation op : batch.operations()) {
      MessageRef newLocation = null;
      if (op.kind().isRelocation()) {
        String destination = op.kind() == OperationKind.MOVE_TO_TRASH ? TRASH : batch.destination();
        MessageRef from = op.message();
        newLocation =
            new MessageRef(
                from.account(),
                destination == null ? TRASH : destination,
                Workload.UID_VALIDITY + 1,
                nextUid.getAndIncrement(),
                from.messageId());
      }
      outcomes.put(op.id(), OperationOutcome.succeeded(newLocation));
    }
    return new BatchResult(outcomes);
  }
}
