package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.spi.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Row3;
import org.jooq.UpdateSetMoreStep;

/**
 * Re-points the account's unfinished operations on one message slot at its new location: pending,
 * failed, or in flight under the given lease. Completed and cancelled rows keep their history. One
 * statement, an index lookup on {@code operations_message_ix}.
 */
final class Repoint {
  /** Message slots per counting query: three bind values each. */
  private static final int TUPLES = 300;

  private final StoreContext c;

  Repoint(StoreContext context) {
    this.c = context;
  }

  /**
   * Re-points many moved messages' operations with one JDBC batch of one prepared statement, after
   * counting them with one query per few hundred messages (batches do not report exact counts on
   * every driver).
   *
   * @return how many operations were re-pointed
   */
  int executeAll(DSLContext ctx, Lease lease, Map<MessageRef, MessageRef> moves) {
    if (moves.isEmpty()) {
      return 0;
    }
    if (moves.size() == 1) {
      Map.Entry<MessageRef, MessageRef> only = moves.entrySet().iterator().next();
      return execute(ctx, lease, only.getKey(), only.getValue());
    }
    OperationsTable o = c.o;
    int count = 0;
    for (List<MessageRef> chunk : Chunks.of(List.copyOf(moves.keySet()), TUPLES)) {
      List<Row3<String, Long, Long>> slots = new ArrayList<>(chunk.size());
      for (MessageRef from : chunk) {
        slots.add(row(from.folder(), from.uidValidity(), from.uid()));
      }
      count +=
          ctx.select(count())
              .from(o.table)
              .where(o.account.eq(lease.account()))
              .and(row(o.folder, o.uidValidity, o.uid).in(slots))
              .and(unfinished(lease))
              .fetchOne(0, Integer.class);
    }
    if (count == 0) {
      return 0;
    }
    var batch =
        ctx.batch(
            ctx.update(o.table)
                .set(o.folder, (String) null)
                .set(o.uidValidity, (Long) null)
                .set(o.uid, (Long) null)
                .set(o.messageId, coalesce(val((String) null, o.messageId), o.messageId))
                .where(o.account.eq((String) null))
                .and(o.folder.eq((String) null))
                .and(o.uidValidity.eq((Long) null))
                .and(o.uid.eq((Long) null))
                .and(unfinished(lease)));
    moves.forEach(
        (from, to) ->
            batch.bind(
                to.folder(),
                to.uidValidity(),
                to.uid(),
                to.messageId(),
                from.account(),
                from.folder(),
                from.uidValidity(),
                from.uid(),
                lease.token()));
    batch.execute();
    return count;
  }

  private Condition unfinished(Lease lease) {
    OperationsTable o = c.o;
    return statusIn(o, OperationStatus.PENDING, OperationStatus.FAILED)
        .or(o.status.eq(status(OperationStatus.IN_FLIGHT)).and(o.leaseToken.eq(lease.token())));
  }

  /** An UPDATE that points rows at {@code to}, keeping their Message-ID when it has none. */
  static UpdateSetMoreStep<Record> toLocation(DSLContext ctx, OperationsTable o, MessageRef to) {
    UpdateSetMoreStep<Record> update =
        ctx.update(o.table)
            .set(o.folder, to.folder())
            .set(o.uidValidity, to.uidValidity())
            .set(o.uid, to.uid());
    return to.messageId() == null ? update : update.set(o.messageId, to.messageId());
  }

  int execute(DSLContext ctx, Lease lease, MessageRef from, MessageRef to) {
    OperationsTable o = c.o;
    return toLocation(ctx, o, to)
        .where(o.account.eq(from.account()))
        .and(o.folder.eq(from.folder()))
        .and(o.uidValidity.eq(from.uidValidity()))
        .and(o.uid.eq(from.uid()))
        .and(unfinished(lease))
        .execute();
  }
}
