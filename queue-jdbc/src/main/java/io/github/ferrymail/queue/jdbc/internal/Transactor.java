package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the store's work on a pooled connection: in one transaction that commits or rolls back as a
 * whole, retried a few times when the database rolled it back for a deadlock or a serialization
 * failure (safe, since nothing of it took effect), and with the driver's exceptions wrapped in
 * {@link StoreException}.
 *
 * <p>On SQLite, which has one writer at a time, a transaction of several statements begins with
 * {@code BEGIN IMMEDIATE}: it takes the write lock first, waiting for it as long as the
 * connection's {@code busy_timeout} says, instead of reading first and then failing with {@code
 * SQLITE_BUSY} when it comes to write. Within this JVM the store's work on one database file also
 * queues on a fair lock of its own before it asks SQLite, so that many threads take turns in order
 * instead of polling SQLite's busy handler; other processes and the application's own connections
 * are waited for by {@code busy_timeout}. A single statement runs in auto-commit mode as elsewhere:
 * SQLite takes the write lock for it at its start, waiting as {@code busy_timeout} says, and in WAL
 * mode a read neither waits for the writer nor holds it up.
 */
final class Transactor {
  private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);
  private static final int MAX_TRIES = 4;

  /** How long the store's work waits for its turn on a SQLite file within this JVM. */
  static final long WRITER_WAIT_SECONDS = 60;

  /** SQLite's result codes for a database held by another connection (the primary codes). */
  private static final int SQLITE_BUSY = 5;

  private static final int SQLITE_LOCKED = 6;

  /** One fair lock per SQLite database file (its JDBC URL without parameters) in this JVM. */
  private static final Map<String, ReentrantLock> WRITERS = new ConcurrentHashMap<>();

  /** Names as written in the migrations: unquoted, so every database folds them the same way. */
  static final Settings SETTINGS =
      new Settings()
          .withRenderQuotedNames(RenderQuotedNames.NEVER)
          // jOOQ's own query log would print bind values (message ids, folder names) at DEBUG.
          .withExecuteLogging(false);

  /** Work on a jOOQ context bound to one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(DSLContext ctx);
  }

  private final DataSource dataSource;
  private final Vendor vendor;

  Transactor(DataSource dataSource, Vendor vendor) {
    this.dataSource = dataSource;
    this.vendor = vendor;
  }

  /** A jOOQ context on a connection the caller owns: it is neither committed nor closed. */
  DSLContext on(Connection connection) {
    return DSL.using(connection, vendor.sqlDialect, SETTINGS);
  }

  /** Runs work in one transaction at the connection's isolation level. */
  <T> T inTransaction(String what, Work<T> work) {
    return inTransaction(what, false, work);
  }

  /**
   * Runs work that is a single statement, atomic by itself: in auto-commit mode when the pool hands
   * out auto-commit connections (saving the round trips of a transaction), else committed at once.
   */
  <T> T single(String what, Work<T> work) {
    return retrying(what, () -> singleOnce(work));
  }

  /**
   * Runs work in one transaction.
   *
   * @param what what the work does, for the exception's message ("claim account x")
   * @param readCommitted whether to run at READ COMMITTED where the vendor wants that for claims
   * @param work the work
   */
  <T> T inTransaction(String what, boolean readCommitted, Work<T> work) {
    return retrying(what, () -> once(work, readCommitted && vendor.claimAtReadCommitted));
  }

  /** One try at the work on a connection of its own. */
  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws SQLException;
  }

  private <T> T retrying(String what, Attempt<T> attemptOnce) {
    for (int attempt = 1; ; attempt++) {
      try {
        return attemptOnce.run();
      } catch (SQLException | DataAccessException e) {
        if (attempt < MAX_TRIES && isTransient(e)) {
          LOG.debug("{}: rolled back by the database ({}), trying again", what, e.getMessage());
          LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 20_000_000L));
          continue;
        }
        if (vendor.oneWriter && isTransient(e)) {
          throw new StoreException(
              "could not "
                  + what
                  + ": another connection held the SQLite database's write lock for longer than"
                  + " busy_timeout, "
                  + attempt
                  + " times (see docs/databases.md, \"SQLite\")",
              e);
        }
        throw new StoreException("could not " + what, e);
      }
    }
  }

  /** Wraps a driver exception thrown by work on a caller's connection. */
  static StoreException wrap(String what, Exception e) {
    return new StoreException("could not " + what, e);
  }

  private <T> T singleOnce(Work<T> work) throws SQLException {
    // SQLite too: a single statement that writes asks for the write lock before it reads, and so
    // waits for it as long as busy_timeout says; one that reads never waits in WAL mode.
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getAutoCommit()) {
        return work.run(on(connection));
      }
      try {
        T result = work.run(on(connection));
        connection.commit();
        return result;
      } catch (RuntimeException | Error | SQLException e) {
        rollback(connection, e);
        throw e;
      }
    }
  }

  private <T> T once(Work<T> work, boolean readCommitted) throws SQLException {
    if (vendor.oneWriter) {
      return immediately(work);
    }
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      int isolation = readCommitted ? connection.getTransactionIsolation() : -1;
      try {
        if (autoCommit) {
          connection.setAutoCommit(false);
        }
        if (readCommitted && isolation != Connection.TRANSACTION_READ_COMMITTED) {
          connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        T result = work.run(on(connection));
        connection.commit();
        return result;
      } catch (RuntimeException | Error | SQLException e) {
        rollback(connection, e);
        throw e;
      } finally {
        restore(connection, autoCommit, readCommitted ? isolation : -1);
      }
    }
  }

  /**
   * SQLite: the work in a transaction that holds the write lock from its start, begun and ended
   * with plain statements on a connection in auto-commit mode (the driver's own transactions begin
   * DEFERRED unless the application configured otherwise), taken in turn with the store's other
   * work on the same file in this JVM.
   */
  private <T> T immediately(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      ReentrantLock writer = writerOf(connection);
      try {
        if (!writer.tryLock(WRITER_WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new StoreException(
              "waited more than "
                  + WRITER_WAIT_SECONDS
                  + " s for this JVM's other work on the SQLite database to finish",
              null);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for the SQLite database", e);
      }
      boolean autoCommit = connection.getAutoCommit();
      try {
        if (!autoCommit) {
          // Ends the empty DEFERRED transaction the driver keeps open out of auto-commit mode.
          connection.setAutoCommit(true);
        }
        execute(connection, "BEGIN IMMEDIATE");
        try {
          T result = work.run(on(connection));
          execute(connection, "COMMIT");
          return result;
        } catch (RuntimeException | Error | SQLException e) {
          rollbackImmediate(connection, e);
          throw e;
        }
      } finally {
        writer.unlock();
        if (!autoCommit) {
          restore(connection, false);
        }
      }
    }
  }

  private static ReentrantLock writerOf(Connection connection) throws SQLException {
    String url = String.valueOf(connection.getMetaData().getURL());
    int parameters = url.indexOf('?');
    String file = parameters < 0 ? url : url.substring(0, parameters);
    return WRITERS.computeIfAbsent(file, k -> new ReentrantLock(true));
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void rollbackImmediate(Connection connection, Throwable failure) {
    try {
      if (!connection.isClosed()) {
        execute(connection, "ROLLBACK");
      }
    } catch (SQLException | RuntimeException e) {
      // No transaction is open when BEGIN or COMMIT failed in a way that ended it.
      failure.addSuppressed(e);
    }
  }

  private static void restore(Connection connection, boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      LOG.debug("could not restore the connection's settings", e);
    }
  }

  private static void rollback(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void restore(Connection connection, boolean autoCommit, int isolation) {
    try {
      if (isolation >= 0 && isolation != Connection.TRANSACTION_READ_COMMITTED) {
        connection.setTransactionIsolation(isolation);
      }
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      // The pool resets or discards the connection; the work itself succeeded or was reported.
      LOG.debug("could not restore the connection's settings", e);
    }
  }

  /**
   * Deadlocks and serialization failures (SQLSTATE class 40), H2's concurrent update, and on SQLite
   * a database still busy when {@code busy_timeout} ran out (the transaction is rolled back).
   */
  private boolean isTransient(Exception e) {
    SQLException sql = sqlException(e);
    if (sql == null) {
      return false;
    }
    if (vendor.oneWriter) {
      int primary = sql.getErrorCode() & 0xFF;
      return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }
    String state = sql.getSQLState();
    return (state != null && state.startsWith("40")) || sql.getErrorCode() == 90131;
  }

  private static @Nullable SQLException sqlException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        return (SQLException) t;
      }
    }
    return null;
  }
}
