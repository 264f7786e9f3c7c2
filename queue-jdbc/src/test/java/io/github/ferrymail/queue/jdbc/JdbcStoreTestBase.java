package io.github.ferrymail.queue.jdbc;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.testing.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A migrated store with the default prefix on a scratch database of its own, for each test. */
abstract class JdbcStoreTestBase {
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final long UIDV = 1_700_000_000L;

  Scratch scratch;
  SettableClock clock;
  JooqPendingOperationStore store;

  /** The database the subclass runs on. */
  abstract TestDatabase database();

  @BeforeEach
  void createStore() {
    scratch = database().create();
    clock = new SettableClock(START);
    store = scratch.migratedStore(clock);
  }

  @AfterEach
  void dropScratch() throws SQLException {
    scratch.close();
  }

  static MessageRef msg(String account, long uid) {
    return new MessageRef(account, "INBOX", UIDV, uid, "<" + uid + "@example.com>");
  }

  /** Runs the test's own SQL on the scratch database, with bind values. */
  int sql(String statement, Object... values) throws SQLException {
    try (Connection connection = scratch.connect();
        PreparedStatement prepared = connection.prepareStatement(statement)) {
      for (int i = 0; i < values.length; i++) {
        prepared.setObject(i + 1, values[i]);
      }
      return prepared.executeUpdate();
    }
  }

  /** Reads one string with the test's own SQL. */
  String queryString(String statement, Object... values) throws SQLException {
    try (Connection connection = scratch.connect();
        PreparedStatement prepared = connection.prepareStatement(statement)) {
      for (int i = 0; i < values.length; i++) {
        prepared.setObject(i + 1, values[i]);
      }
      try (var result = prepared.executeQuery()) {
        if (!result.next()) {
          throw new AssertionError("no row for " + statement);
        }
        return result.getString(1);
      }
    }
  }

  /** Counts rows with the test's own SQL. */
  long count(String statement, Object... values) throws SQLException {
    return Long.parseLong(queryString(statement, values));
  }
}
