package io.github.ferrymail.queue.jdbc;

import io.github.ferrymail.core.spi.FinishedOperation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs inside the transaction that records a batch's outcomes, on its connection, after the
 * outcomes are written and before the commit: the application's own change (a moved message's new
 * UID in its messages table, say) then commits with the completion, or neither does. Set it with
 * {@link JooqPendingOperationStore.Builder#outcomeHook}.
 *
 * <pre>{@code
 * JooqPendingOperationStore.builder(pool)
 *     .outcomeHook((connection, finished) -> {
 *       for (FinishedOperation f : finished) {
 *         if (f.relocation() != null && f.relocation().uidKnown()) {
 *           myMessages.setLocation(connection, f.operation().messageKey(), f.relocation().location());
 *         }
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Keep it short and on this connection only: it holds the account's row lock. It must neither
 * commit, roll back nor close the connection. If it throws, the whole recording rolls back: the
 * operations stay in flight, the worker's lease is released, and the batch runs again later (flag
 * changes are idempotent and moves resume from their checkpoints), so a hook that fails for good
 * stops the account's progress; log and swallow what you can tolerate losing.
 */
@FunctionalInterface
public interface OutcomeHook {
  /**
   * The operations that this recording finished (completed, failed or cancelled), in feed order;
   * never called with an empty list. Rescheduled operations are not included.
   *
   * @param connection the recording transaction's connection
   * @param finished the finished operations, with their relocations and feed sequences
   * @throws SQLException to roll the recording back
   */
  void finished(Connection connection, List<FinishedOperation> finished) throws SQLException;
}
