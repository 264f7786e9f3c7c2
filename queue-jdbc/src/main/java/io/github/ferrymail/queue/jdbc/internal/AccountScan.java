package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.claimable;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.due;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.dueInFlight;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.duePending;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;
import static io.github.ferrymail.queue.jdbc.internal.StoreContext.waitsBehind;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

import io.github.ferrymail.core.OperationStatus;
import java.time.Instant;
import java.util.List;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SelectSelectStep;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

/**
 * {@link DueAccounts} when the window is not enough: every account with live operations once, with
 * an index probe for its first due operation that does not wait behind a retry, instead of grouping
 * every due row by account. Exact; its cost grows with the number of accounts that have live
 * operations, not with the number of operations.
 *
 * <ul>
 *   <li>PostgreSQL: a loose index scan (a recursive CTE skipping from account to account over the
 *       partial claim index) with a LATERAL probe; the probe reads the due check from the index, so
 *       operations waiting for a retry are skipped without reading the table.
 *   <li>MariaDB: its own loose index scan ({@code GROUP BY account} over the claim index, "using
 *       index for group-by") for pending and for in-flight operations, and a probe per status.
 *   <li>H2 has neither a loose index scan nor LATERAL: a recursive CTE from account to account over
 *       the claim index (accounts with finished operations only are visited too), and the probes of
 *       MariaDB.
 *   <li>SQLite as H2: its planner answers each hop ({@code min(account)} above the last one) with
 *       one seek on the claim index.
 * </ul>
 */
final class AccountScan {
  private static final Name ACCOUNTS = name("due_accounts");
  private static final Field<String> ACCOUNT = field(name("due_accounts", "account"), String.class);

  private final StoreContext c;

  AccountScan(StoreContext context) {
    this.c = context;
  }

  List<String> find(DSLContext ctx, Instant now, int limit) {
    switch (c.vendor.dialect) {
      case POSTGRESQL:
        return postgresql(ctx, now, limit);
      case MARIADB:
        return probed(ctx, null, mariadbAccounts(), now, limit);
      case H2:
      case SQLITE:
        return probed(ctx, h2Accounts(), table(ACCOUNTS), now, limit);
      default:
        throw new AssertionError(c.vendor.dialect);
    }
  }

  private List<String> postgresql(DSLContext ctx, Instant now, int limit) {
    OperationsTable s = c.o.as("s");
    Condition live = statusIn(s, OperationStatus.PENDING, OperationStatus.IN_FLIGHT);
    CommonTableExpression<Record1<String>> accounts =
        ACCOUNTS
            .fields("account")
            .as(
                select(min(s.account))
                    .from(s.table)
                    .where(live)
                    .unionAll(
                        select(
                                field(
                                    select(min(s.account))
                                        .from(s.table)
                                        .where(live)
                                        .and(s.account.gt(ACCOUNT))))
                            .from(table(ACCOUNTS))
                            .where(ACCOUNT.isNotNull())));
    // The probe's scan names only columns of the claim index (the waiting check joins the row
    // again by id), so that it can be an index-only scan.
    OperationsTable p = c.o.as("p");
    OperationsTable self = c.o.as("self");
    OperationsTable older = c.o.as("older");
    Table<Record1<Long>> first =
        lateral(
                select(p.id)
                    .from(p.table)
                    .where(p.account.eq(ACCOUNT))
                    .and(due(p, now, null))
                    .and(
                        notExists(
                            selectOne()
                                .from(self.table)
                                .join(older.table)
                                .on(waitsBehind(self, older, now))
                                .where(self.id.eq(p.id))))
                    .orderBy(p.id)
                    .limit(1))
            .as("first");
    Field<Long> firstId = first.field(p.id.getName(), Long.class);
    AccountsTable a = c.a;
    return ctx.withRecursive(accounts)
        .select(ACCOUNT)
        .from(table(ACCOUNTS))
        .leftJoin(a.table)
        .on(a.account.eq(ACCOUNT))
        .crossJoin(first)
        .where(ACCOUNT.isNotNull())
        .and(claimable(a, now))
        .orderBy(firstId)
        .limit(limit)
        .fetch(ACCOUNT);
  }

  /** Accounts with pending or in-flight operations, each by a loose index scan. */
  private Table<?> mariadbAccounts() {
    OperationsTable s = c.o.as("s");
    return select(s.account.as("account"))
        .from(s.table)
        .where(s.status.eq(status(OperationStatus.PENDING)))
        .groupBy(s.account)
        .union(
            select(s.account)
                .from(s.table)
                .where(s.status.eq(status(OperationStatus.IN_FLIGHT)))
                .groupBy(s.account))
        .asTable(ACCOUNTS.last());
  }

  /** Every account with operations, from one to the next. */
  private CommonTableExpression<Record1<String>> h2Accounts() {
    OperationsTable s = c.o.as("s");
    Select<Record1<String>> next =
        select(field(select(min(s.account)).from(s.table).where(s.account.gt(ACCOUNT))))
            .from(table(ACCOUNTS))
            .where(ACCOUNT.isNotNull());
    return ACCOUNTS.fields("account").as(select(min(s.account)).from(s.table).unionAll(next));
  }

  /**
   * The accounts with their first due pending and first due in-flight operation, each probed in id
   * order on the claim index (account, status, id), ordered by the older of the two.
   */
  private List<String> probed(
      DSLContext ctx,
      @Nullable CommonTableExpression<Record1<String>> recursive,
      Table<?> accounts,
      Instant now,
      int limit) {
    OperationsTable p = c.o.as("p");
    Field<Long> pending =
        field(
                select(p.id)
                    .from(p.table)
                    .where(p.account.eq(ACCOUNT))
                    .and(duePending(p, now))
                    .and(c.notWaitingBehind(p, now))
                    .orderBy(p.id)
                    .limit(1))
            .as("pending_id");
    Field<Long> inFlight =
        field(
                select(p.id)
                    .from(p.table)
                    .where(p.account.eq(ACCOUNT))
                    .and(dueInFlight(p, null))
                    .and(c.notWaitingBehind(p, now))
                    .orderBy(p.id)
                    .limit(1))
            .as("in_flight_id");
    AccountsTable a = c.a;
    // DISTINCT keeps the derived table materialized, so each probe runs once per account.
    Table<?> probes =
        selectDistinct(ACCOUNT, pending, inFlight)
            .from(accounts)
            .leftJoin(a.table)
            .on(a.account.eq(ACCOUNT))
            .where(ACCOUNT.isNotNull())
            .and(claimable(a, now))
            .asTable("probes");
    Field<String> account = probes.field(ACCOUNT.getName(), String.class);
    Field<Long> pendingId = probes.field(pending.getName(), Long.class);
    Field<Long> inFlightId = probes.field(inFlight.getName(), Long.class);
    SelectSelectStep<Record1<String>> select =
        recursive == null ? ctx.select(account) : ctx.withRecursive(recursive).select(account);
    return select
        .from(probes)
        .where(pendingId.isNotNull().or(inFlightId.isNotNull()))
        .orderBy(least(coalesce(pendingId, inFlightId), coalesce(inFlightId, pendingId)))
        .limit(limit)
        .fetch(account);
  }
}
