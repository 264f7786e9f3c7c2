package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.internal.PauseError;
import io.github.ferrymail.core.spi.AccountPause;
import io.github.ferrymail.core.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renews, releases and pauses accounts' leases. */
public final class Leases {
  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

  private final StoreContext c;

  /**
   * Creates the lease keeper.
   *
   * @param context the store's context
   */
  public Leases(StoreContext context) {
    this.c = context;
  }

  /**
   * Extends a lease from now.
   *
   * @param lease the lease
   * @param leaseDuration the new duration
   * @return the renewed lease
   */
  public Lease renew(Lease lease, Duration leaseDuration) {
    Args.notNull(lease, "lease");
    Args.positive(leaseDuration, "leaseDuration");
    AccountsTable a = c.a;
    Instant expiresAt = Bounds.after(c.now(), leaseDuration, "leaseDuration");
    int renewed =
        c.tx.single(
            "renew the lease on account " + lease.account(),
            ctx ->
                ctx.update(a.table)
                    .set(a.leaseExpiresAt, expiresAt)
                    .where(a.account.eq(lease.account()))
                    .and(a.leaseToken.eq(lease.token()))
                    .execute());
    if (renewed == 0) {
      throw Fencing.lost(lease, "the lease was taken over");
    }
    return new Lease(lease.account(), lease.owner(), lease.token(), expiresAt);
  }

  /**
   * Gives the account back; its in-flight operations become pending. Does nothing if the lease was
   * lost.
   *
   * @param lease the lease
   */
  public void release(Lease lease) {
    Args.notNull(lease, "lease");
    c.tx.inTransaction(
        "release the lease on account " + lease.account(),
        ctx -> {
          if (clearLease(ctx, lease, null, null)) {
            returnInFlight(ctx, lease);
          }
          return null;
        });
  }

  /**
   * Releases the lease and pauses the account until {@code until}.
   *
   * @param lease the lease
   * @param until when the pause ends
   * @param reason why
   */
  public void pauseAccount(Lease lease, Instant until, String reason) {
    Args.notNull(lease, "lease");
    Instant end = Bounds.storable(Args.notNull(until, "until"), "until");
    String text = Bounds.truncate(Args.notNull(reason, "reason"));
    c.tx.inTransaction(
        "pause account " + lease.account(),
        ctx -> {
          if (!clearLease(ctx, lease, end, text)) {
            throw Fencing.lost(lease, "the lease was taken over");
          }
          returnInFlight(ctx, lease, Bounds.truncate(PauseError.of(end, text)));
          return null;
        });
    LOG.info("account {} paused until {}: {}", lease.account(), end, text);
  }

  /**
   * Lifts a pause.
   *
   * @param account the account
   * @return whether it was paused
   */
  public boolean resumeAccount(String account) {
    Args.notBlank(account, "account");
    AccountsTable a = c.a;
    return c.tx.single(
            "resume account " + account,
            ctx ->
                ctx.update(a.table)
                    .setNull(a.pausedUntil)
                    .setNull(a.pauseReason)
                    .set(a.pausesInARow, 0)
                    .where(a.account.eq(account))
                    .and(a.pausedUntil.gt(c.now()))
                    .execute())
        == 1;
  }

  /**
   * See {@link io.github.ferrymail.core.spi.PendingOperationStore#pausesInARow}.
   *
   * @param account the account
   * @return how many times in a row it was paused
   */
  public int pausesInARow(String account) {
    Args.notBlank(account, "account");
    AccountsTable a = c.a;
    Integer count =
        c.tx.single(
            "read the pauses of account " + account,
            ctx ->
                ctx.select(a.pausesInARow)
                    .from(a.table)
                    .where(a.account.eq(account))
                    .fetchOne(a.pausesInARow));
    return count == null ? 0 : count;
  }

  /**
   * The accounts paused now, with the reason of each pause.
   *
   * @return account to its pause, sorted by account
   */
  public Map<String, AccountPause> accountPauses() {
    AccountsTable a = c.a;
    Map<String, AccountPause> paused = new LinkedHashMap<>();
    c.tx
        .inTransaction(
            "list account pauses",
            ctx ->
                ctx.select(a.account, a.pausedUntilRead, a.pauseReason, a.pausesInARow)
                    .from(a.table)
                    .where(a.pausedUntil.gt(c.now()))
                    .orderBy(a.account)
                    .fetch())
        .forEach(
            row ->
                paused.put(
                    row.value1(),
                    new AccountPause(
                        row.value1(), row.value2(), row.value3(), Math.max(1, row.value4()))));
    return Collections.unmodifiableMap(paused);
  }

  /**
   * Locks the account's row if the lease is still its current one.
   *
   * @return whether the lease is current
   */
  static boolean lockLease(DSLContext ctx, Vendor vendor, AccountsTable a, Lease lease) {
    return ctx.fetchOptional(
            vendor.forUpdate(
                ctx.selectOne()
                    .from(a.table)
                    .where(a.account.eq(lease.account()))
                    .and(a.leaseToken.eq(lease.token()))))
        .isPresent();
  }

  /** Clears the lease, setting the pause at the same time; false when the lease is not current. */
  private boolean clearLease(
      DSLContext ctx,
      Lease lease,
      @org.jspecify.annotations.Nullable Instant pausedUntil,
      @org.jspecify.annotations.Nullable String pauseReason) {
    AccountsTable a = c.a;
    var update =
        ctx.update(a.table).setNull(a.leaseOwner).setNull(a.leaseToken).setNull(a.leaseExpiresAt);
    if (pausedUntil != null) {
      update =
          update
              .set(a.pausedUntil, pausedUntil)
              .set(a.pauseReason, pauseReason)
              .set(a.pausesInARow, a.pausesInARow.plus(1));
    }
    return update.where(a.account.eq(lease.account())).and(a.leaseToken.eq(lease.token())).execute()
        == 1;
  }

  private void returnInFlight(DSLContext ctx, Lease lease) {
    returnInFlight(ctx, lease, null);
  }

  /** In-flight operations back to pending; with {@code error}, that becomes their last error. */
  private void returnInFlight(
      DSLContext ctx, Lease lease, @org.jspecify.annotations.Nullable String error) {
    OperationsTable o = c.o;
    var update =
        ctx.update(o.table).set(o.status, status(OperationStatus.PENDING)).setNull(o.leaseToken);
    if (error != null) {
      update = update.set(o.lastError, error);
    }
    update
        .where(o.account.eq(lease.account()))
        .and(o.status.eq(status(OperationStatus.IN_FLIGHT)))
        .and(o.leaseToken.eq(lease.token()))
        .execute();
  }
}
