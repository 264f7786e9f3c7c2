package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.claimable;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.due;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.select;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;

/**
 * The accounts polling hands work: with due operations that do not wait behind a retry, no live
 * lease and no pause, ordered by their oldest such operation, at most {@code limit}.
 *
 * <p>Two exact queries, the cheap one first. The window reads only the oldest live (pending or in
 * flight) operations of all accounts, {@value #WINDOW_ROWS_PER_ACCOUNT} per account asked for.
 * Every live operation older than the window's last one is in it, so an account's first due
 * operation in the window is its first due operation anywhere; when the window yields {@code limit}
 * accounts, they are the answer. It does not when fewer accounts have work, when the oldest work
 * comes in long runs of few accounts, or when {@code limit} is too large for a window (above
 * {@value #MAX_WINDOW} rows); then {@link AccountScan} visits every account with live operations.
 */
final class DueAccounts {
  /** Window rows per account asked for. */
  static final int WINDOW_ROWS_PER_ACCOUNT = 128;

  /** The largest window; a larger limit goes straight to the scan of every account. */
  static final int MAX_WINDOW = 8192;

  private final StoreContext c;
  private final AccountScan scan;

  DueAccounts(StoreContext context) {
    this.c = context;
    this.scan = new AccountScan(context);
  }

  List<String> find(DSLContext ctx, Instant now, int limit) {
    return Barrier.claimable(ctx, c, unbarred(ctx, now, limit), now);
  }

  /** The accounts, before barriers are looked at. */
  private List<String> unbarred(DSLContext ctx, Instant now, int limit) {
    if (limit <= MAX_WINDOW / WINDOW_ROWS_PER_ACCOUNT) {
      List<String> found = inWindow(ctx, now, limit, limit * WINDOW_ROWS_PER_ACCOUNT);
      if (found.size() >= limit) {
        return found;
      }
    }
    return scan.find(ctx, now, limit);
  }

  /** The answer among the oldest {@code rows} live operations. */
  private List<String> inWindow(DSLContext ctx, Instant now, int limit, int rows) {
    OperationsTable o = c.o;
    Table<?> window =
        select(o.id, o.account, o.folder, o.uidValidity, o.uid, o.status, o.nextAttemptAt)
            .from(o.table)
            .where(live(o))
            .orderBy(o.id)
            .limit(rows)
            .asTable("w");
    OperationsTable w = o.as("w");
    AccountsTable a = c.a;
    return ctx.select(w.account)
        .from(window)
        .leftJoin(a.table)
        .on(a.account.eq(w.account))
        .where(due(w, now, null))
        .and(c.notWaitingBehind(w, now))
        .and(claimable(a, now))
        .groupBy(w.account)
        .orderBy(min(w.id))
        .limit(limit)
        .fetch(w.account);
  }

  /**
   * Pending or in flight, as the index of live operations in id order has it: PostgreSQL's is
   * partial, MariaDB and H2 index the generated column {@code live} instead.
   */
  private Condition live(OperationsTable o) {
    return c.vendor.dialect == Dialect.POSTGRESQL
        ? statusIn(o, OperationStatus.PENDING, OperationStatus.IN_FLIGHT)
        : o.live.eq(1);
  }
}
