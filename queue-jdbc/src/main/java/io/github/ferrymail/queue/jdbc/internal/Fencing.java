package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;
import static org.jooq.impl.DSL.selectOne;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.Lease;
import java.time.Instant;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.UpdateSetFirstStep;
import org.jooq.UpdateSetMoreStep;

/**
 * Records outcomes under a lease. Every write is one UPDATE whose WHERE clause is the fence: the
 * operation is in flight under the lease's token and the account's current token is still that
 * token. Zero rows updated means the lease was lost, and nothing was written.
 */
public final class Fencing {
  private final StoreContext c;

  /**
   * Creates the fencing.
   *
   * @param context the store's context
   */
  public Fencing(StoreContext context) {
    this.c = context;
  }

  /**
   * Marks an operation completed.
   *
   * @param lease the lease
   * @param id the operation id
   */
  public void complete(Lease lease, long id) {
    Args.notNull(lease, "lease");
    finish(
        lease,
        id,
        "complete",
        (update, now) ->
            update
                .set(c.o.status, status(OperationStatus.COMPLETED))
                .setNull(c.o.leaseToken)
                .set(c.o.finishedAt, now));
  }

  /**
   * Makes an operation pending again after a transient failure.
   *
   * @param lease the lease
   * @param id the operation id
   * @param nextAttemptAt when it is due again
   * @param error the error's text
   */
  public void reschedule(Lease lease, long id, Instant nextAttemptAt, String error) {
    Args.notNull(lease, "lease");
    Instant next = Bounds.storable(Args.notNull(nextAttemptAt, "nextAttemptAt"), "nextAttemptAt");
    String text = Bounds.truncate(Args.notNull(error, "error"));
    finish(
        lease,
        id,
        "reschedule",
        (update, now) ->
            update
                .set(c.o.status, status(OperationStatus.PENDING))
                .setNull(c.o.leaseToken)
                .set(c.o.attempts, c.o.attempts.plus(1))
                .set(c.o.nextAttemptAt, next)
                .set(c.o.lastError, text));
  }

  /**
   * Marks an operation failed.
   *
   * @param lease the lease
   * @param id the operation id
   * @param error the error's text
   */
  public void fail(Lease lease, long id, String error) {
    Args.notNull(lease, "lease");
    String text = Bounds.truncate(Args.notNull(error, "error"));
    finish(
        lease,
        id,
        "fail",
        (update, now) ->
            update
                .set(c.o.status, status(OperationStatus.FAILED))
                .setNull(c.o.leaseToken)
                .set(c.o.attempts, c.o.attempts.plus(1))
                .set(c.o.lastError, text)
                .set(c.o.finishedAt, now));
  }

  /**
   * Marks a claimed operation cancelled.
   *
   * @param lease the lease
   * @param id the operation id
   * @param reason why
   */
  public void cancel(Lease lease, long id, String reason) {
    Args.notNull(lease, "lease");
    String text = Bounds.truncate(Args.notNull(reason, "reason"));
    finish(
        lease,
        id,
        "cancel",
        (update, now) ->
            update
                .set(c.o.status, status(OperationStatus.CANCELLED))
                .setNull(c.o.leaseToken)
                .set(c.o.lastError, text)
                .set(c.o.finishedAt, now));
  }

  /**
   * Stores a checkpoint on a claimed operation.
   *
   * @param lease the lease
   * @param id the operation id
   * @param checkpoint the checkpoint
   */
  public void saveCheckpoint(Lease lease, long id, Checkpoint checkpoint) {
    Args.notNull(lease, "lease");
    String encoded = Args.notNull(checkpoint, "checkpoint").encode();
    finish(lease, id, "save a checkpoint of", (update, now) -> update.set(c.o.checkpoint, encoded));
  }

  /**
   * Re-points the account's unfinished operations on a message at its new location.
   *
   * @param lease the lease
   * @param from the old location
   * @param to the new location
   * @return how many operations were re-pointed
   */
  public int remap(Lease lease, MessageRef from, MessageRef to) {
    checkRemap(lease, from, to);
    return c.tx.inTransaction(
        "remap operations of account " + lease.account(),
        ctx -> {
          // Locks the account row: no takeover can slip in between the check and the update.
          if (!Leases.lockLease(ctx, c.a, lease)) {
            throw lost(lease, "the lease was taken over");
          }
          return repoint(ctx, lease, from, to);
        });
  }

  /**
   * Completes a move and re-points the other operations on the message, in one transaction.
   *
   * @param lease the lease
   * @param id the operation id
   * @param to the message's new location
   * @return how many other operations were re-pointed
   */
  public int completeMove(Lease lease, long id, MessageRef to) {
    Args.notNull(lease, "lease");
    Args.notNull(to, "newLocation");
    OperationsTable o = c.o;
    return c.tx.inTransaction(
        "complete move " + id,
        ctx -> {
          if (!Leases.lockLease(ctx, c.a, lease)) {
            throw lost(lease, "the lease was taken over");
          }
          Record row =
              ctx.select(o.account, o.folder, o.uidValidity, o.uid)
                  .from(o.table)
                  .where(fence(lease, id))
                  .fetchOne();
          if (row == null) {
            throw lost(lease, "operation " + id + " is not in flight under it");
          }
          MessageRef from =
              MessageRef.of(
                  row.get(o.account), row.get(o.folder), row.get(o.uidValidity), row.get(o.uid));
          checkRemap(lease, from, to);
          ctx.update(o.table)
              .set(o.status, status(OperationStatus.COMPLETED))
              .setNull(o.leaseToken)
              .set(o.finishedAt, c.now())
              .where(fence(lease, id))
              .execute();
          return repoint(ctx, lease, from, to);
        });
  }

  private static void checkRemap(Lease lease, MessageRef from, MessageRef to) {
    Args.notNull(lease, "lease");
    Args.notNull(from, "from");
    Args.notNull(to, "to");
    if (!from.account().equals(lease.account()) || !to.account().equals(lease.account())) {
      throw new IllegalArgumentException(
          "from and to must both belong to the lease's account " + lease.account());
    }
    Bounds.fits(to.folder(), Bounds.FOLDER, "to.folder");
    Bounds.fits(to.messageId(), Bounds.MESSAGE_ID, "to.messageId");
  }

  private int repoint(DSLContext ctx, Lease lease, MessageRef from, MessageRef to) {
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

  /** Sets the outcome's columns on an UPDATE of the operations table. */
  @FunctionalInterface
  private interface Outcome {
    UpdateSetMoreStep<Record> apply(UpdateSetFirstStep<Record> update, Instant now);
  }

  private void finish(Lease lease, long id, String verb, Outcome outcome) {
    int updated =
        c.tx.single(
            verb + " operation " + id,
            ctx -> outcome.apply(ctx.update(c.o.table), c.now()).where(fence(lease, id)).execute());
    if (updated == 0) {
      throw lost(lease, "operation " + id + " is not in flight under it");
    }
  }

  private Condition fence(Lease lease, long id) {
    OperationsTable o = c.o;
    AccountsTable a = c.a;
    return o.id
        .eq(id)
        .and(o.account.eq(lease.account()))
        .and(o.status.eq(status(OperationStatus.IN_FLIGHT)))
        .and(o.leaseToken.eq(lease.token()))
        .andExists(
            selectOne()
                .from(a.table)
                .where(a.account.eq(lease.account()))
                .and(a.leaseToken.eq(lease.token())));
  }

  static LeaseLostException lost(Lease lease, String what) {
    return new LeaseLostException(
        "lease of " + lease.owner() + " on account " + lease.account() + " lost: " + what);
  }
}
