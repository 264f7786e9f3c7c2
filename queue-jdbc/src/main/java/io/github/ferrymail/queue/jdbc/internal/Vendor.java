package io.github.ferrymail.queue.jdbc.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record4;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectForUpdateStep;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Everything that differs between the databases, beside jOOQ's {@link SQLDialect}: the timestamp
 * type, taking an account row that may not exist yet, and how claimed rows are locked and marked.
 */
final class Vendor {
  final Dialect dialect;
  final SQLDialect sqlDialect;
  final DataType<Instant> timestamp;

  /**
   * Whether claims run at READ COMMITTED: MariaDB's default REPEATABLE READ takes gap locks on the
   * claim's index range that would block concurrent enqueues until the claim commits.
   */
  final boolean claimAtReadCommitted;

  /**
   * Whether the database has one writer at a time (SQLite): every transaction of the store then
   * takes the write lock when it begins ({@code BEGIN IMMEDIATE}), since a transaction that read
   * first and writes later cannot wait for the lock and fails with {@code SQLITE_BUSY}.
   */
  final boolean oneWriter;

  private Vendor(
      Dialect dialect,
      DataType<Instant> timestamp,
      boolean claimAtReadCommitted,
      boolean oneWriter) {
    this.dialect = dialect;
    this.sqlDialect = dialect.sqlDialect();
    this.timestamp = timestamp;
    this.claimAtReadCommitted = claimAtReadCommitted;
    this.oneWriter = oneWriter;
  }

  static Vendor of(Dialect dialect) {
    switch (dialect) {
      case H2:
        return new Vendor(dialect, InstantTypes.WITH_TIME_ZONE, false, false);
      case POSTGRESQL:
        return new Vendor(dialect, InstantTypes.WITH_TIME_ZONE, false, false);
      case MARIADB:
        return new Vendor(dialect, InstantTypes.UTC_TEXT, true, false);
      case SQLITE:
        // SQLite has no timestamp type: UTC wall-clock text of fixed width, which sorts and
        // compares as the instants do.
        return new Vendor(dialect, InstantTypes.UTC_TEXT, false, true);
      default:
        throw new AssertionError(dialect);
    }
  }

  /**
   * How a query reads a timestamp column. MariaDB's driver turns DATETIME values into {@code
   * java.sql.Timestamp} in the JVM's zone even for {@code getString}, which moves wall-clock times
   * in a daylight saving gap by an hour; there the server formats the value as text instead.
   */
  Field<Instant> readTimestamp(Field<Instant> column) {
    if (dialect != Dialect.MARIADB) {
      return column;
    }
    return field("cast({0} as char(26))", timestamp, column).as(column.getUnqualifiedName());
  }

  /**
   * Inserts the account row holding a new lease unless a row for the account exists.
   *
   * @return whether the row was inserted (and the lease taken)
   */
  boolean insertAccountIfAbsent(
      DSLContext ctx,
      AccountsTable a,
      String account,
      String owner,
      String token,
      Instant expiresAt) {
    if (dialect != Dialect.H2) {
      // ON CONFLICT DO NOTHING (PostgreSQL) or INSERT IGNORE (MariaDB): a concurrent insert of
      // the same account waits for the other transaction and then does nothing.
      return ctx.insertInto(a.table, a.account, a.leaseOwner, a.leaseToken, a.leaseExpiresAt)
              .values(account, owner, token, expiresAt)
              .onConflictDoNothing()
              .execute()
          == 1;
    }
    // H2 cannot emulate ON CONFLICT on a table jOOQ knows no keys of; the primary key settles a
    // race, and H2 keeps the transaction usable after the failed statement.
    try {
      return ctx.insertInto(a.table, a.account, a.leaseOwner, a.leaseToken, a.leaseExpiresAt)
              .select(
                  ctx.select(
                          val(account, a.account),
                          val(owner, a.leaseOwner),
                          val(token, a.leaseToken),
                          val(expiresAt, a.leaseExpiresAt))
                      .whereNotExists(selectOne().from(a.table).where(a.account.eq(account))))
              .execute()
          == 1;
    } catch (IntegrityConstraintViolationException e) {
      return false;
    }
  }

  /** Inserts an account row without a lease unless one exists (a discard before any claim). */
  void insertAccountRowIfAbsent(DSLContext ctx, AccountsTable a, String account) {
    if (dialect != Dialect.H2) {
      ctx.insertInto(a.table, a.account).values(account).onConflictDoNothing().execute();
      return;
    }
    try {
      ctx.insertInto(a.table, a.account)
          .select(
              ctx.select(val(account, a.account))
                  .whereNotExists(selectOne().from(a.table).where(a.account.eq(account))))
          .execute();
    } catch (IntegrityConstraintViolationException e) {
      // Another transaction inserted it first; the row is there, which is all we need.
    }
  }

  /**
   * Locks the rows a query reads until the transaction ends: {@code FOR UPDATE}, except on SQLite,
   * which has no row locks: there the transaction holds the database's one write lock from its
   * start, which no other writer can take meanwhile.
   */
  <R extends Record> Select<R> forUpdate(SelectForUpdateStep<R> query) {
    return oneWriter ? query : query.forUpdate();
  }

  /**
   * Adds this database's row lock to the claim's candidate query: {@code FOR UPDATE SKIP LOCKED},
   * on PostgreSQL only of the claimed table (the "waiting behind" subquery stays a plain read). On
   * SQLite none: the claim's transaction holds the database's one write lock.
   */
  <R extends Record> Select<R> lockCandidates(
      SelectForUpdateStep<R> candidates, OperationsTable o) {
    if (oneWriter) {
      return candidates;
    }
    if (dialect == Dialect.POSTGRESQL) {
      return candidates.forUpdate().of(o.table).skipLocked();
    }
    return candidates.forUpdate().skipLocked();
  }

  /**
   * Marks the candidates in flight under the lease and reads them back.
   *
   * @return the claimed rows, in no particular order
   */
  List<Record> markClaimed(
      DSLContext ctx,
      OperationsTable o,
      Select<Record1<Long>> candidates,
      Select<Record4<String, Long, Long, Long>> waiting,
      String token,
      Instant now) {
    if (dialect == Dialect.POSTGRESQL) {
      // One statement: the "waiting" CTE reads the operations waiting for a retry once; the
      // "picked" CTE locks the candidates (skipping rows another transaction holds); UPDATE ...
      // RETURNING marks and returns them.
      Field<Long> pickedId = field(name("picked", "id"), Long.class);
      return new ArrayList<>(
          ctx.with(
                  name(Claimer.WAITING)
                      .fields("folder", "uid_validity", "uid", "id")
                      .asMaterialized(waiting))
              .with("picked")
              .as(candidates)
              .update(o.table)
              .set(o.status, inline(OperationStatus.IN_FLIGHT.name()))
              .set(o.leaseToken, token)
              .set(o.lastAttemptAt, now)
              .from(table(name("picked")))
              .where(o.id.eq(pickedId))
              .returningResult(o.all)
              .fetch());
    }
    // MariaDB has no UPDATE ... RETURNING: lock, update, read back, all in the claim's
    // transaction. SQLite takes the same path, under the write lock its transaction holds.
    List<Long> ids = ctx.fetch(candidates).getValues(0, Long.class);
    List<Record> rows = new ArrayList<>(ids.size());
    for (List<Long> chunk : Chunks.of(ids, Chunks.SIZE)) {
      ctx.update(o.table)
          .set(o.status, inline(OperationStatus.IN_FLIGHT.name()))
          .set(o.leaseToken, token)
          .set(o.lastAttemptAt, now)
          .where(o.id.in(chunk))
          .execute();
      rows.addAll(ctx.select(o.all).from(o.table).where(o.id.in(chunk)).fetch());
    }
    return rows;
  }
}
