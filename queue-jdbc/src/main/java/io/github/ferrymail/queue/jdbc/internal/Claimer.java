package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.due;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.dueInFlight;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.duePending;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record4;
import org.jooq.Select;
import org.jooq.SelectForUpdateStep;
import org.jooq.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an account's lease and claims its due operations, in one short transaction.
 *
 * <p>The lease is one conditional UPDATE of the account's row (free or lapsed, and not paused), or,
 * for an account never seen, an insert that does nothing when another claimer inserted first: a row
 * count of one means the lease is ours, on every database and across any number of store instances.
 * The account row stays locked until the claim commits, which serialises claims of one account; the
 * row locks on the operations ({@code SKIP LOCKED}) are defence in depth.
 */
public final class Claimer {
  private static final Logger LOG = LoggerFactory.getLogger(Claimer.class);

  /** How often one claim goes back for more after unreadable rows took some of its places. */
  private static final int MAX_ROUNDS = 8;

  /** The name of the CTE of operations waiting for a retry (PostgreSQL). */
  static final String WAITING = "waiting";

  private final StoreContext c;
  private final Forwarding forwarding;

  /**
   * Creates the claimer.
   *
   * @param context the store's context
   */
  public Claimer(StoreContext context) {
    this.c = context;
    this.forwarding = new Forwarding(context);
  }

  /**
   * See {@link io.github.ferrymail.core.spi.PendingOperationStore#claim}.
   *
   * @param account the account
   * @param owner the worker's id
   * @param token the new lease's token
   * @param leaseDuration the lease's duration
   * @param limit the most operations to claim
   * @return the claim, or empty when the account is leased or paused
   */
  public Optional<Claim> claim(
      String account, String owner, String token, Duration leaseDuration, int limit) {
    Bounds.fits(Args.notBlank(account, "account"), Bounds.ACCOUNT, "account");
    Bounds.fits(Args.notBlank(owner, "owner"), Bounds.OWNER, "owner");
    Args.maxLength(Args.notBlank(token, "token"), PendingOperationStore.MAX_TOKEN_LENGTH, "token");
    Args.positive(leaseDuration, "leaseDuration");
    Args.positive(limit, "limit");
    return c.tx.inTransaction(
        "claim account " + account,
        true,
        ctx -> {
          Instant now = c.now();
          Instant expiresAt = Bounds.after(now, leaseDuration, "leaseDuration");
          if (!takeLease(ctx, account, owner, token, now, expiresAt)) {
            return Optional.empty();
          }
          Lease lease = new Lease(account, owner, token, expiresAt);
          returnLeftovers(ctx, account);
          List<PendingOperation> claimed = claimDue(ctx, account, token, now, limit);
          Forwarding.Result forwarded = forwarding.forward(ctx, account, token, claimed);
          LOG.debug("{} claimed {} operation(s) of {}", owner, claimed.size(), account);
          return Optional.of(new Claim(lease, forwarded.operations(), forwarded.movedUidUnknown()));
        });
  }

  private boolean takeLease(
      DSLContext ctx, String account, String owner, String token, Instant now, Instant expiresAt) {
    AccountsTable a = c.a;
    int taken =
        ctx.update(a.table)
            .set(a.leaseOwner, owner)
            .set(a.leaseToken, token)
            .set(a.leaseExpiresAt, expiresAt)
            .setNull(a.pausedUntil)
            .setNull(a.pauseReason)
            .where(a.account.eq(account))
            .and(a.leaseToken.isNull().or(a.leaseExpiresAt.le(now)))
            .and(a.pausedUntil.isNull().or(a.pausedUntil.le(now)))
            .execute();
    return taken == 1 || c.vendor.insertAccountIfAbsent(ctx, a, account, owner, token, expiresAt);
  }

  /**
   * Operations still in flight under the lapsed lease we just took over go back to pending first:
   * those this claim does not hand out (over the limit, or waiting behind a retry) must not look
   * held by a worker that is gone.
   */
  private void returnLeftovers(DSLContext ctx, String account) {
    OperationsTable o = c.o;
    ctx.update(o.table)
        .set(o.status, status(OperationStatus.PENDING))
        .setNull(o.leaseToken)
        .where(o.account.eq(account))
        .and(o.status.eq(status(OperationStatus.IN_FLIGHT)))
        .execute();
  }

  private List<PendingOperation> claimDue(
      DSLContext ctx, String account, String token, Instant now, int limit) {
    List<PendingOperation> claimed = new ArrayList<>();
    Barrier barrier = Barrier.of(ctx, c, account);
    if (barrier.runsAlone()) {
      limit = 1;
    }
    for (int round = 0; round < MAX_ROUNDS && claimed.size() < limit; round++) {
      List<Record> rows =
          c.vendor.markClaimed(
              ctx,
              c.o,
              candidates(account, token, now, limit - claimed.size(), barrier),
              waiting(account, now),
              token,
              now);
      rows.sort(Comparator.comparingLong(row -> row.get(c.o.id)));
      boolean unreadable = false;
      for (Record row : rows) {
        RowReader.Decoded decoded = c.reader.read(row);
        if (decoded instanceof RowReader.Good) {
          claimed.add(((RowReader.Good) decoded).operation());
        } else {
          failUnreadable(ctx, (RowReader.Corrupt) decoded, now);
          unreadable = true;
        }
      }
      if (!unreadable) {
        break;
      }
    }
    claimed.sort(Comparator.comparingLong(PendingOperation::id));
    return claimed;
  }

  /**
   * The account's due operations in id order, without those waiting behind an older pending
   * operation on the same message that is not due yet, locked for this claim. Each plan walks the
   * claim index in id order and stops at the limit, instead of reading every due row of the account
   * and sorting them.
   */
  private Select<Record1<Long>> candidates(
      String account, String token, Instant now, int limit, Barrier barrier) {
    OperationsTable o = c.o.as("o");
    if (c.vendor.dialect == Dialect.POSTGRESQL) {
      Condition notWaiting = notWaitingBehindMaterialized(o).and(barrier.bound(o));
      return c.vendor.lockCandidates(
          oldestFirst(o, account, due(o, now, token), notWaiting, limit), o);
    }
    // MariaDB and H2 walk (account, status, id) in id order for one status at a time, so the
    // pending and the left-over in-flight operations are two halves, merged by id. Each half is a
    // derived table of its own: jOOQ would move the lock of a union's first query to the union.
    Condition notWaiting = c.notWaitingBehind(o, now).and(barrier.bound(o));
    Table<Record1<Long>> pending =
        c.vendor
            .lockCandidates(oldestFirst(o, account, duePending(o, now), notWaiting, limit), o)
            .asTable("pending");
    Table<Record1<Long>> leftOver =
        c.vendor
            .lockCandidates(oldestFirst(o, account, dueInFlight(o, token), notWaiting, limit), o)
            .asTable("left_over");
    Table<Record1<Long>> halves =
        select(pending.field(o.id.getName(), Long.class))
            .from(pending)
            .unionAll(select(leftOver.field(o.id.getName(), Long.class)).from(leftOver))
            .asTable("candidate");
    Field<Long> id = halves.field(o.id.getName(), Long.class);
    return select(id).from(halves).orderBy(id).limit(limit);
  }

  private static SelectForUpdateStep<Record1<Long>> oldestFirst(
      OperationsTable o, String account, Condition due, Condition notWaiting, int limit) {
    return select(o.id)
        .from(o.table)
        .where(o.account.eq(account))
        .and(due)
        .and(notWaiting)
        .orderBy(o.id)
        .limit(limit);
  }

  private void failUnreadable(DSLContext ctx, RowReader.Corrupt row, Instant now) {
    LOG.warn("failing an operation that cannot be read back", row.problem());
    OperationsTable o = c.o;
    ctx.update(o.table)
        .set(o.status, status(OperationStatus.FAILED))
        .setNull(o.leaseToken)
        .set(o.attempts, o.attempts.plus(1))
        .set(o.lastError, Bounds.truncate(row.problem().getMessage()))
        .set(o.failureReason, FailureReason.CORRUPT_OPERATION.name())
        .set(o.finishedAt, now)
        .where(o.id.eq(row.id()))
        .execute();
  }

  /**
   * The account's operations that wait for a retry: on PostgreSQL the claim reads them once, as a
   * materialized CTE named {@code waiting}. Correlating the "waiting behind" check with the whole
   * table instead lets the planner, before statistics exist on a freshly filled queue, scan the
   * account once per candidate (a claim of 1,000 took seconds on 10,000 rows; this takes
   * milliseconds).
   */
  private Select<Record4<String, Long, Long, Long>> waiting(String account, Instant now) {
    OperationsTable o = c.o;
    return select(o.folder, o.uidValidity, o.uid, o.id)
        .from(o.table)
        .where(o.account.eq(account))
        .and(o.status.eq(status(OperationStatus.PENDING)))
        .and(o.nextAttemptAt.gt(now));
  }

  /**
   * Not waiting behind, against the {@code waiting} CTE. First a hashed lookup of the message among
   * the waiting ones, which keeps the candidates in id order (an anti-join would sort them all, and
   * the LIMIT could no longer stop the walk early); only a candidate whose message is there is
   * checked for an older waiting operation.
   */
  private static Condition notWaitingBehindMaterialized(OperationsTable o) {
    Field<String> folder = field(name(WAITING, "folder"), String.class);
    Field<Long> uidValidity = field(name(WAITING, "uid_validity"), Long.class);
    Field<Long> uid = field(name(WAITING, "uid"), Long.class);
    Field<Long> id = field(name(WAITING, "id"), Long.class);
    Condition messageWaits =
        row(o.folder, o.uidValidity, o.uid)
            .in(select(folder, uidValidity, uid).from(table(name(WAITING))));
    return messageWaits
        .not()
        .or(
            notExists(
                selectOne()
                    .from(table(name(WAITING)))
                    .where(folder.eq(o.folder))
                    .and(uidValidity.eq(o.uidValidity))
                    .and(uid.eq(o.uid))
                    .and(id.lt(o.id))));
  }
}
