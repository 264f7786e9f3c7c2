package io.github.ferrymail.queue.jdbc;

/** Ferry's own migrations, on SQLite. */
class SqliteMigrationsTest extends MigrationsTest {
  @Override
  TestDatabase database() {
    return TestDatabase.SQLITE;
  }
}
