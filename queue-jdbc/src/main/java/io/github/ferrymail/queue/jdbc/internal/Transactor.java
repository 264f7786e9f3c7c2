package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
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
 */
final class Transactor {
  private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);
  private static final int MAX_TRIES = 4;

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
        throw new StoreException("could not " + what, e);
      }
    }
  }

  /** Wraps a driver exception thrown by work on a caller's connection. */
  static StoreException wrap(String what, Exception e) {
    return new StoreException("could not " + what, e);
  }

  private <T> T singleOnce(Work<T> work) throws SQLException {
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

  /** Deadlocks and serialization failures (SQLSTATE class 40), and H2's concurrent update. */
  private static boolean isTransient(Exception e) {
    SQLException sql = sqlException(e);
    if (sql == null) {
      return false;
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
