package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/** The JDBC store's own behaviour on MARIADB. */
@Tag("mariadb")
class MariaDbJdbcStoreTest extends JdbcStoreBehaviourTest {
  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
