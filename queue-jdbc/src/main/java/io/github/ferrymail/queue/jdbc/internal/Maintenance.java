package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.internal.Args;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Record6;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An administrator's calls: retry, discard, conflicts resolved, and pruning of finished rows. */
public final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  /** The text a discarded operation keeps as its last error, as the in-memory store writes it. */
  static final String DISCARDED = "discarded by an administrator";

  private final StoreContext c;

  /**
   * Creates the maintenance calls.
   *
   * @param context the store's context
   */
  public Maintenance(StoreContext context) {
    this.c = context;
  }

  /**
   * Brings a failed operation back.
   *
   * @param id the id
   * @return whether it was failed
   */
  public boolean retry(long id) {
    return retryWhere(c.o.id.eq(id), "retry operation " + id) == 1;
  }

  /**
   * Brings an account's failed operations back.
   *
   * @param account the account
   * @return how many
   */
  public int retryAllFailed(String account) {
    Args.notBlank(account, "account");
    return retryWhere(c.o.account.eq(account), "retry the failed operations of account " + account);
  }

  private int retryWhere(Condition which, String what) {
    OperationsTable o = c.o;
    int retried =
        c.tx.single(
            what,
            ctx ->
                ctx.update(o.table)
                    .set(o.status, status(OperationStatus.PENDING))
                    .set(o.attempts, 0)
                    .set(o.nextAttemptAt, c.now())
                    .setNull(o.finishedAt)
                    .setNull(o.failureReason)
                    .where(which)
                    .and(o.status.eq(status(OperationStatus.FAILED)))
                    .execute());
    if (retried > 0) {
      LOG.info("{}: {} operation(s) pending again", what, retried);
    }
    return retried;
  }

  /**
   * Removes an account's operations, lease and pause in one transaction; its feed sequence stays.
   *
   * @param account the account
   * @return how many operations were removed
   */
  public int removeAccount(String account) {
    OperationsTable o = c.o;
    AccountsTable a = c.a;
    int removed =
        c.tx.inTransaction(
            "remove account " + account,
            ctx -> {
              // The account row first: a worker recording for it now waits, then finds no lease.
              ctx.update(a.table)
                  .setNull(a.leaseOwner)
                  .setNull(a.leaseToken)
                  .setNull(a.leaseExpiresAt)
                  .setNull(a.pausedUntil)
                  .setNull(a.pauseReason)
                  .where(a.account.eq(account))
                  .execute();
              return ctx.deleteFrom(o.table).where(o.account.eq(account)).execute();
            });
    LOG.info("account {} removed with {} operation(s)", account, removed);
    return removed;
  }

  /**
   * Cancels a pending, failed or conflicting operation.
   *
   * @param id the id
   * @return whether it was discarded
   */
  public boolean discard(long id) {
    OperationsTable o = c.o;
    boolean discarded =
        c.tx.inTransaction(
            "discard operation " + id,
            ctx -> {
              Record1<String> found =
                  ctx.fetchOne(
                      c.vendor.forUpdate(
                          ctx.select(o.account)
                              .from(o.table)
                              .where(o.id.eq(id))
                              .and(
                                  statusIn(
                                      o,
                                      OperationStatus.PENDING,
                                      OperationStatus.FAILED,
                                      OperationStatus.CONFLICT))));
              String account = found == null ? null : found.value1();
              if (account == null) {
                return false;
              }
              cancelInFeed(ctx, account, id, DISCARDED);
              return true;
            });
    if (discarded) {
      LOG.info("operation {} discarded", id);
    }
    return discarded;
  }

  /**
   * Resolves a conflict: pending again without the check, or cancelled.
   *
   * @param id the id
   * @param keepLocal whether the local change is sent again
   * @return whether it was in conflict
   */
  public boolean resolveConflict(long id, boolean keepLocal) {
    OperationsTable o = c.o;
    boolean resolved =
        c.tx.inTransaction(
            "resolve the conflict of operation " + id,
            ctx -> {
              Record6<String, String, Long, Long, String, String> row =
                  ctx.fetchOne(
                      c.vendor.forUpdate(
                          ctx.select(
                                  o.account, o.folder, o.uidValidity, o.uid, o.payload, o.lastError)
                              .from(o.table)
                              .where(o.id.eq(id))
                              .and(o.status.eq(status(OperationStatus.CONFLICT)))));
              if (row == null) {
                return false;
              }
              if (!keepLocal) {
                cancelInFeed(
                    ctx,
                    row.value1(),
                    id,
                    Bounds.truncate("conflict, the server's state kept: " + row.value6()));
                return true;
              }
              MessageRef at = MessageRef.of(row.value1(), row.value2(), row.value3(), row.value4());
              Operation.FlagChange checked =
                  (Operation.FlagChange) Operation.of(OperationKind.FLAGS, at, null, row.value5());
              ctx.update(o.table)
                  .set(o.status, status(OperationStatus.PENDING))
                  .set(o.payload, checked.withoutCheck().payload())
                  .set(o.attempts, 0)
                  .set(o.nextAttemptAt, c.now())
                  .setNull(o.finishedAt)
                  .where(o.id.eq(id))
                  .execute();
              return true;
            });
    if (resolved) {
      LOG.info(
          "conflict of operation {} resolved: {}", id, keepLocal ? "local wins" : "server wins");
    }
    return resolved;
  }

  /** Cancels one operation, at the next place of its account's feed. */
  private void cancelInFeed(DSLContext ctx, String account, long id, String reason) {
    OperationsTable o = c.o;
    AccountsTable a = c.a;
    // It enters the account's feed after everything recorded before it.
    c.vendor.insertAccountRowIfAbsent(ctx, a, account);
    ctx.update(a.table)
        .set(a.finishSeq, a.finishSeq.plus(1))
        .where(a.account.eq(account))
        .execute();
    long place =
        ctx.select(a.finishSeq).from(a.table).where(a.account.eq(account)).fetchOne(a.finishSeq);
    ctx.update(o.table)
        .set(o.status, status(OperationStatus.CANCELLED))
        .set(o.lastError, reason)
        .set(o.finishedAt, c.now())
        .set(o.finishSeq, place)
        .setNull(o.failureReason)
        .where(o.id.eq(id))
        .execute();
  }

  /**
   * Deletes finished rows, at most {@code maxRows}, in one transaction.
   *
   * @param finishedBefore the bound
   * @param maxRows the most rows
   * @return how many were deleted
   */
  public int pruneFinished(Instant finishedBefore, int maxRows) {
    Instant bound = Bounds.clamp(Args.notNull(finishedBefore, "finishedBefore"));
    Args.positive(maxRows, "maxRows");
    OperationsTable o = c.o;
    Condition prunable =
        statusIn(o, OperationStatus.COMPLETED, OperationStatus.CANCELLED)
            .and(o.finishedAt.lt(bound));
    return c.tx.inTransaction(
        "prune finished operations",
        ctx -> {
          int deleted = 0;
          while (deleted < maxRows) {
            // Ids first, then a DELETE by id: portable, and MariaDB allows no LIMIT in a subquery.
            List<Long> ids =
                ctx.select(o.id)
                    .from(o.table)
                    .where(prunable)
                    .limit(Math.min(Chunks.SIZE, maxRows - deleted))
                    .fetch(o.id);
            if (ids.isEmpty()) {
              break;
            }
            deleted += ctx.deleteFrom(o.table).where(o.id.in(ids)).and(prunable).execute();
            if (ids.size() < Chunks.SIZE) {
              break;
            }
          }
          return deleted;
        });
  }
}
