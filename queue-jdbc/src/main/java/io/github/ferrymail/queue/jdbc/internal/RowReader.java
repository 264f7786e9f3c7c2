package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.CorruptOperationException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/**
 * Turns an operations row back into a {@link PendingOperation}, validating every field as the
 * model's constructors do. A row that does not pass (an unknown kind written by a newer version, a
 * payload its kind cannot read, a negative UID, a checkpoint that does not parse) comes back as a
 * {@link Corrupt} naming the problem rather than as an exception, so that one bad row never stops
 * the account's others.
 */
final class RowReader {
  private final OperationsTable o;

  RowReader(OperationsTable o) {
    this.o = o;
  }

  /** A row read back: either {@link Good} or {@link Corrupt}. */
  sealed interface Decoded permits Good, Corrupt {
    long id();
  }

  /** A row that reads back as an operation. */
  record Good(PendingOperation operation) implements Decoded {
    @Override
    public long id() {
      return operation.id();
    }
  }

  /** A row that does not, and why. */
  record Corrupt(long id, @Nullable String status, CorruptOperationException problem)
      implements Decoded {}

  Decoded read(Record row) {
    long id = row.get(o.id);
    try {
      OperationKind kind = OperationKind.parse(row.get(o.kind));
      MessageRef message =
          new MessageRef(
              row.get(o.account),
              row.get(o.folder),
              row.get(o.uidValidity),
              row.get(o.uid),
              row.get(o.messageId));
      Operation operation = Operation.of(kind, message, row.get(o.destination), row.get(o.payload));
      String checkpoint = row.get(o.checkpoint);
      return new Good(
          new PendingOperation(
              id,
              operation,
              row.get(o.messageKey),
              OperationStatus.parse(row.get(o.status)),
              row.get(o.attempts),
              row.get(o.read(o.createdAt)),
              row.get(o.read(o.lastAttemptAt)),
              row.get(o.read(o.nextAttemptAt)),
              row.get(o.lastError),
              checkpoint == null ? null : Checkpoint.decode(checkpoint),
              row.get(o.read(o.finishedAt))));
    } catch (IllegalArgumentException | NullPointerException e) {
      return new Corrupt(
          id,
          row.get(o.status),
          new CorruptOperationException(id, "cannot be read back: " + e.getMessage(), e));
    }
  }
}
