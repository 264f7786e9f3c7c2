package io.github.ferrymail.imap.support;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.OperationBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Claimed operations and their batches, built as the queue processor would hand them over. */
public final class Batches {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private long nextId = 1;

  /** An in-flight operation with the next id, carrying an earlier attempt's checkpoint. */
  public PendingOperation pending(Operation op, @Nullable Checkpoint checkpoint) {
    return new PendingOperation(
        nextId++, op, null, OperationStatus.IN_FLIGHT, 0, NOW, NOW, NOW, null, checkpoint, null);
  }

  /** One in-flight operation per message. */
  public List<PendingOperation> pending(
      Function<MessageRef, Operation> kind, List<MessageRef> messages) {
    List<PendingOperation> ops = new ArrayList<>();
    for (MessageRef message : messages) {
      ops.add(pending(kind.apply(message), null));
    }
    return ops;
  }

  /** The batch of operations that share kind, folder and destination, as the planner makes it. */
  public static OperationBatch batch(List<PendingOperation> ops) {
    PendingOperation first = ops.get(0);
    return new OperationBatch(
        first.account(),
        first.kind(),
        first.message().folder(),
        first.message().uidValidity(),
        first.operation().destination(),
        ops);
  }
}
