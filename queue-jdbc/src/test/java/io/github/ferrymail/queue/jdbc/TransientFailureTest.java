package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.StoreException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction the database rolled back for a deadlock or a serialization failure is tried again
 * (nothing of it took effect); any other failure is reported at once as a {@link StoreException}.
 */
class TransientFailureTest {
  private final JdbcDataSource h2 = new JdbcDataSource();
  private final AtomicInteger calls = new AtomicInteger();
  private final Scratch scratch = TestDatabase.H2.create();

  TransientFailureTest() {
    h2.setURL(scratch.url);
    h2.setUser(scratch.user);
  }

  @AfterEach
  void drop() throws SQLException {
    scratch.close();
  }

  @Test
  void aDeadlockVictimIsTriedAgainAndSucceeds() {
    JooqPendingOperationStore store = migratedStoreFailing(2, "40P01");

    assertThat(store.queue(Operation.markRead(JdbcStoreTestBase.msg("acct", 1))).id()).isPositive();
    assertThat(calls.get()).as("two failures, then the one that worked").isEqualTo(3);
    assertThat(store.claim("acct", "w1", Duration.ofMinutes(1), 5).orElseThrow().operations())
        .hasSize(1);
  }

  @Test
  void aSerializationFailureThatKeepsComingIsReportedAfterAFewTries() {
    JooqPendingOperationStore store = migratedStoreFailing(Integer.MAX_VALUE, "40001");

    assertThatThrownBy(() -> store.queue(Operation.markRead(JdbcStoreTestBase.msg("acct", 1))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("queue 1 operation(s) for account acct")
        .hasCauseInstanceOf(SQLTransactionRollbackException.class);
    assertThat(calls.get()).isEqualTo(4);
  }

  @Test
  void anyOtherFailureIsReportedAtOnce() {
    JooqPendingOperationStore store = migratedStoreFailing(Integer.MAX_VALUE, "08001");

    assertThatThrownBy(() -> store.countByStatus(null))
        .isInstanceOf(StoreException.class)
        .hasCauseInstanceOf(SQLException.class);
    assertThat(calls.get()).isEqualTo(1);
  }

  /** A migrated store whose data source fails its next {@code failures} connections. */
  private JooqPendingOperationStore migratedStoreFailing(int failures, String sqlState) {
    JooqPendingOperationStore.builder(h2).dialect(Dialect.H2).build().migrate();
    AtomicInteger left = new AtomicInteger(failures);
    DataSource flaky =
        new DelegatingDataSource(h2) {
          @Override
          public Connection getConnection() throws SQLException {
            calls.incrementAndGet();
            if (left.getAndDecrement() > 0) {
              throw sqlState.startsWith("40")
                  ? new SQLTransactionRollbackException("rolled back", sqlState)
                  : new SQLTransientConnectionException("refused", sqlState);
            }
            return super.getConnection();
          }
        };
    return JooqPendingOperationStore.builder(flaky).dialect(Dialect.H2).build();
  }

  /** A data source that hands every call to another. */
  private static class DelegatingDataSource implements DataSource {
    private final DataSource target;

    DelegatingDataSource(DataSource target) {
      this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return target.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return target.getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return target.isWrapperFor(type);
    }
  }
}
