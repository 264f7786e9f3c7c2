package io.github.ferrymail.queue.jdbc;

import net.jqwik.api.Tag;

/** Hostile input on MARIADB. */
@Tag("mariadb")
class MariaDbHostileInputTest extends JdbcHostileInputTest {
  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
