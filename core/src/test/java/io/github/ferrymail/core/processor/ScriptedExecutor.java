package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A test executor: records every batch and answers from a script (by default every operation
 * succeeds, and a relocation or a copy lands on a new UID in its destination).
 */
final class ScriptedExecutor implements OperationExecutor {
  static final long DEST_UID_VALIDITY = 7;

  final List<OperationBatch> batches = new ArrayList<>();
  private final AtomicLong nextUid = new AtomicLong(1000);
  private BiFunction<OperationBatch, CheckpointSink, BatchResult> script = this::succeedAll;

  ScriptedExecutor answer(BiFunction<OperationBatch, CheckpointSink, BatchResult> value) {
    this.script = value;
    return this;
  }

  @Override
  public synchronized BatchResult execute(OperationBatch batch, CheckpointSink checkpoints) {
    batches.add(batch);
    return script.apply(batch, checkpoints);
  }

  synchronized List<OperationBatch> batches() {
    return List.copyOf(batches);
  }

  BatchResult succeedAll(OperationBatch batch, CheckpointSink sink) {
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    for (PendingOperation op : batch.operations()) {
      outcomes.put(op.id(), OperationOutcome.succeeded(newLocation(op)));
    }
    return new BatchResult(outcomes);
  }

  MessageRef newLocation(PendingOperation op) {
    if (!op.kind().reportsLocation()) {
      return null;
    }
    String destination =
        op.operation().destination() == null ? "Trash" : op.operation().destination();
    return new MessageRef(
        op.account(),
        destination,
        DEST_UID_VALIDITY,
        nextUid.incrementAndGet(),
        op.message().messageId());
  }
}
