package io.github.ferrymail.queue.jdbc;

/** Rows that cannot be read back, on SQLite. */
class SqliteCorruptRowsTest extends CorruptRowsTest {
  @Override
  TestDatabase database() {
    return TestDatabase.SQLITE;
  }
}
