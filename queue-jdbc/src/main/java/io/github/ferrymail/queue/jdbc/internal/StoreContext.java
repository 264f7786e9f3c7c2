package io.github.ferrymail.queue.jdbc.internal;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

/** What every part of the store shares: the database, its dialect, the tables and the clock. */
public final class StoreContext {
  final Transactor tx;
  final Vendor vendor;
  final QueueTables tables;
  final OperationsTable o;
  final AccountsTable a;
  final RowReader reader;
  private final Clock clock;

  /**
   * Creates the context.
   *
   * @param dataSource the pool
   * @param dialect the database
   * @param tablePrefix the table prefix, already checked
   * @param clock what "now" is
   */
  public StoreContext(DataSource dataSource, Dialect dialect, String tablePrefix, Clock clock) {
    this.vendor = Vendor.of(dialect);
    this.tables = new QueueTables(tablePrefix, vendor);
    this.o = tables.ops;
    this.a = tables.accounts;
    this.tx = new Transactor(dataSource, vendor);
    this.reader = new RowReader(o);
    this.clock = clock;
  }

  /**
   * Checks a table prefix.
   *
   * @param prefix the prefix
   * @return the prefix
   * @throws IllegalArgumentException naming what is wrong
   */
  public static String checkPrefix(String prefix) {
    return QueueTables.checkPrefix(prefix);
  }

  /** Now, at the precision the databases keep. */
  Instant now() {
    return Bounds.micros(clock.instant());
  }

  /** A status as an inlined literal: constants, never user data, visible to partial indexes. */
  static Field<String> status(OperationStatus status) {
    return inline(status.name());
  }

  /** Rows of table {@code t} in one of the given statuses. */
  static Condition statusIn(OperationsTable t, OperationStatus... statuses) {
    if (statuses.length == 1) {
      return t.status.eq(status(statuses[0]));
    }
    List<Field<String>> literals = new ArrayList<>(statuses.length);
    for (OperationStatus s : statuses) {
      literals.add(status(s));
    }
    return t.status.in(literals);
  }

  /**
   * Due: pending with its time come, or in flight under a lease that is not the account's live one.
   * Claims run only once the account's previous lease is gone, so any in-flight row is left over
   * from a lapsed lease, except those the running claim has just taken under {@code ownToken}.
   */
  static Condition due(OperationsTable t, Instant now, @Nullable String ownToken) {
    return dueInFlight(t, ownToken).or(duePending(t, now));
  }

  /** The pending half of {@link #due}: pending with its time come. */
  static Condition duePending(OperationsTable t, Instant now) {
    return t.status.eq(status(OperationStatus.PENDING)).and(t.nextAttemptAt.le(now));
  }

  /** The in-flight half of {@link #due}: in flight, and not under {@code ownToken}. */
  static Condition dueInFlight(OperationsTable t, @Nullable String ownToken) {
    Condition inFlight = t.status.eq(status(OperationStatus.IN_FLIGHT));
    return ownToken == null ? inFlight : inFlight.and(t.leaseToken.ne(ownToken));
  }

  /**
   * Not waiting behind: no older operation on the same message (account, folder, UIDVALIDITY, UID)
   * is pending with its retry still to come. A mark-read queued after a move that failed must not
   * land before the move.
   */
  Condition notWaitingBehind(OperationsTable t, Instant now) {
    OperationsTable older = o.as("older");
    return notExists(selectOne().from(onMessageIndex(older)).where(waitsBehind(t, older, now)));
  }

  /**
   * The table for a lookup by message slot. MariaDB, before statistics exist on a freshly filled
   * queue, picks the feed index {@code (account, finish_seq)} for the "waiting behind" probe and
   * scans the account once per candidate (a claim took seconds on 1,000,000 rows, measured in
   * docs/benchmarks.md); the message index answers it with one range.
   */
  Table<Record> onMessageIndex(OperationsTable table) {
    return vendor.dialect == Dialect.MARIADB
        ? table.table.forceIndex(tables.prefix + "operations_message_ix")
        : table.table;
  }

  /**
   * {@code t} waits behind {@code older}: an older operation on the same message, pending with its
   * retry still to come.
   */
  static Condition waitsBehind(OperationsTable t, OperationsTable older, Instant now) {
    return older
        .account
        .eq(t.account)
        .and(older.folder.eq(t.folder))
        .and(older.uidValidity.eq(t.uidValidity))
        .and(older.uid.eq(t.uid))
        .and(older.status.eq(status(OperationStatus.PENDING)))
        .and(older.nextAttemptAt.gt(now))
        .and(older.id.lt(t.id));
  }

  /**
   * An account a claim could take now, for a LEFT JOIN of the accounts table: no row yet, or a row
   * without a live lease and without a pause.
   */
  static Condition claimable(AccountsTable a, Instant now) {
    return a.account
        .isNull()
        .or(
            a.leaseToken
                .isNull()
                .or(a.leaseExpiresAt.le(now))
                .and(a.pausedUntil.isNull().or(a.pausedUntil.le(now))));
  }
}
