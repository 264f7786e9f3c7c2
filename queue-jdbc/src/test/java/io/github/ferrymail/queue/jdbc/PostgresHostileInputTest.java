package io.github.ferrymail.queue.jdbc;

import net.jqwik.api.Tag;

/** Hostile input on POSTGRESQL. */
@Tag("postgres")
class PostgresHostileInputTest extends JdbcHostileInputTest {
  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
