package io.github.ferrymail.queue.jdbc;

/** Hostile input, on SQLite. */
class SqliteHostileInputTest extends JdbcHostileInputTest {
  @Override
  TestDatabase database() {
    return TestDatabase.SQLITE;
  }
}
