package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.FinishedOperation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads finished rows back with what the store keeps beside them (relocation, failure reason, feed
 * place): the feed, and what the {@link io.github.ferrymail.queue.jdbc.OutcomeHook} is handed.
 */
public final class FinishedRows {
  private static final Logger LOG = LoggerFactory.getLogger(FinishedRows.class);

  private final StoreContext c;

  /**
   * Creates the reader.
   *
   * @param context the store's context
   */
  public FinishedRows(StoreContext context) {
    this.c = context;
  }

  /**
   * See {@link io.github.ferrymail.core.spi.PendingOperationStore#finishedSince}.
   *
   * @param account the account
   * @param afterSequence the cursor
   * @param limit the most entries
   * @return the entries
   */
  public List<FinishedOperation> since(String account, long afterSequence, int limit) {
    Args.notBlank(account, "account");
    Args.notNegative(afterSequence, "afterSequence");
    Args.positive(limit, "limit");
    OperationsTable o = c.o;
    return c.tx.single(
        "read the finished operations of account " + account,
        ctx ->
            read(
                ctx.select(o.all)
                    .from(o.table)
                    .where(o.account.eq(account))
                    .and(o.finishSeq.gt(afterSequence))
                    .and(terminal())
                    .orderBy(o.finishSeq)
                    .limit(limit)
                    .fetch()));
  }

  /** The given rows, finished, in feed order (inside the caller's transaction). */
  List<FinishedOperation> byIds(DSLContext ctx, Collection<Long> ids) {
    OperationsTable o = c.o;
    List<Record> rows = new ArrayList<>();
    for (List<Long> chunk : Chunks.of(List.copyOf(ids), Chunks.SIZE)) {
      rows.addAll(ctx.select(o.all).from(o.table).where(o.id.in(chunk)).and(terminal()).fetch());
    }
    rows.sort((x, y) -> Long.compare(x.get(o.finishSeq), y.get(o.finishSeq)));
    return read(rows);
  }

  private Condition terminal() {
    return statusIn(
        c.o,
        OperationStatus.COMPLETED,
        OperationStatus.FAILED,
        OperationStatus.CANCELLED,
        OperationStatus.CONFLICT);
  }

  private List<FinishedOperation> read(List<Record> rows) {
    List<FinishedOperation> out = new ArrayList<>(rows.size());
    for (Record row : rows) {
      RowReader.Decoded decoded = c.reader.read(row);
      if (decoded instanceof RowReader.Corrupt) {
        LOG.warn(
            "leaving out a finished operation that cannot be read back",
            ((RowReader.Corrupt) decoded).problem());
        continue;
      }
      PendingOperation op = ((RowReader.Good) decoded).operation();
      out.add(
          new FinishedOperation(
              row.get(c.o.finishSeq), op, relocation(row, op.message()), reason(row)));
    }
    return out;
  }

  private @Nullable Relocation relocation(Record row, MessageRef from) {
    OperationsTable o = c.o;
    return StoredRelocation.read(
        row.get(o.id),
        from.account(),
        row.get(o.movedFolder),
        row.get(o.movedUidValidity),
        row.get(o.movedUid),
        from.messageId());
  }

  private @Nullable FailureReason reason(Record row) {
    String name = row.get(c.o.failureReason);
    if (name == null) {
      return null;
    }
    try {
      return FailureReason.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null; // written by a newer version: the error text still says what happened
    }
  }
}
