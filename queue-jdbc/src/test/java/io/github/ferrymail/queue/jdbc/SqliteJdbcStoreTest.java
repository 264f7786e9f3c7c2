package io.github.ferrymail.queue.jdbc;

/** The JDBC store's own behaviour on SQLite. */
class SqliteJdbcStoreTest extends JdbcStoreBehaviourTest {
  @Override
  TestDatabase database() {
    return TestDatabase.SQLITE;
  }
}
