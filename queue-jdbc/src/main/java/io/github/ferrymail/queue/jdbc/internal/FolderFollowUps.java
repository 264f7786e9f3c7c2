package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.val;

import io.github.ferrymail.core.FolderAction;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.internal.FolderFollowUp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record4;

/**
 * The follow-up of completed folder operations, inside the transaction that records them (see
 * {@link FolderFollowUp}): a rename re-points, a delete cancels, the pending operations queued
 * after it that name its folder, up to the next folder operation on that folder. A few statements
 * per folder operation; batches without one pay nothing (the fence's count tells).
 */
final class FolderFollowUps {
  private final StoreContext c;

  FolderFollowUps(StoreContext context) {
    this.c = context;
  }

  /**
   * Applies the follow-up of the folder operations among {@code completed}.
   *
   * @return the ids of the operations it cancelled (they finished in this call, at {@code base +
   *     id})
   */
  TreeSet<Long> apply(
      DSLContext ctx, String account, List<Long> completed, Instant now, long base) {
    OperationsTable o = c.o;
    TreeSet<Long> cancelled = new TreeSet<>();
    for (List<Long> chunk : Chunks.of(completed, Chunks.SIZE)) {
      for (Record4<Long, String, String, String> done :
          ctx.select(o.id, o.folder, o.destination, o.payload)
              .from(o.table)
              .where(o.id.in(chunk))
              .and(o.kind.eq(OperationKind.FOLDER.name()))
              .orderBy(o.id)
              .fetch()) {
        long id = done.value1();
        String folder = done.value2();
        String action = done.value4().trim().toUpperCase(Locale.ROOT);
        Condition later = later(ctx, account, id, folder);
        if (action.equals(FolderAction.RENAME.name())) {
          String to = done.value3();
          ctx.update(o.table).set(o.folder, to).where(later).and(o.folder.eq(folder)).execute();
          ctx.update(o.table)
              .set(o.destination, to)
              .where(later)
              .and(o.destination.eq(folder))
              .execute();
        } else if (action.equals(FolderAction.DELETE.name())) {
          Condition doomed = later.and(o.folder.eq(folder).or(o.destination.eq(folder)));
          cancelled.addAll(ctx.select(o.id).from(o.table).where(doomed).fetch(o.id));
          ctx.update(o.table)
              .set(o.status, status(OperationStatus.CANCELLED))
              .setNull(o.leaseToken)
              .set(o.lastError, FolderFollowUp.deletedReason(id, folder))
              .set(o.finishedAt, now)
              .set(o.finishSeq, val(base).plus(o.id))
              .where(doomed)
              .execute();
        }
      }
    }
    return cancelled;
  }

  /**
   * Pending operations of the account queued after {@code id} and before the next pending folder
   * operation on {@code folder} (which ends the follow-up).
   */
  private Condition later(DSLContext ctx, String account, long id, String folder) {
    OperationsTable o = c.o;
    Condition pendingAfter =
        o.account.eq(account).and(o.status.eq(status(OperationStatus.PENDING))).and(o.id.gt(id));
    Long stop =
        ctx.select(min(o.id))
            .from(o.table)
            .where(pendingAfter)
            .and(o.kind.eq(OperationKind.FOLDER.name()))
            .and(o.folder.eq(folder).or(o.destination.eq(folder)))
            .fetchOne(0, Long.class);
    return stop == null ? pendingAfter : pendingAfter.and(o.id.lt(stop));
  }
}
