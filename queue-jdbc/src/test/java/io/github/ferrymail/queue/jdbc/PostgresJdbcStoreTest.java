package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/** The JDBC store's own behaviour on POSTGRESQL. */
@Tag("postgres")
class PostgresJdbcStoreTest extends JdbcStoreBehaviourTest {
  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
