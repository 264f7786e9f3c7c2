package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.spi.Lease;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;

/**
 * Re-points the account's unfinished operations on one message slot at its new location: pending,
 * failed, or in flight under the given lease. Completed and cancelled rows keep their history. One
 * statement, an index lookup on {@code operations_message_ix}.
 */
final class Repoint {
  private final StoreContext c;

  Repoint(StoreContext context) {
    this.c = context;
  }

  int execute(DSLContext ctx, Lease lease, MessageRef from, MessageRef to) {
    OperationsTable o = c.o;
    UpdateSetMoreStep<Record> update =
        ctx.update(o.table)
            .set(o.folder, to.folder())
            .set(o.uidValidity, to.uidValidity())
            .set(o.uid, to.uid());
    if (to.messageId() != null) {
      update = update.set(o.messageId, to.messageId());
    }
    return update
        .where(o.account.eq(from.account()))
        .and(o.folder.eq(from.folder()))
        .and(o.uidValidity.eq(from.uidValidity()))
        .and(o.uid.eq(from.uid()))
        .and(
            statusIn(o, OperationStatus.PENDING, OperationStatus.FAILED)
                .or(
                    o.status
                        .eq(status(OperationStatus.IN_FLIGHT))
                        .and(o.leaseToken.eq(lease.token()))))
        .execute();
  }
}
