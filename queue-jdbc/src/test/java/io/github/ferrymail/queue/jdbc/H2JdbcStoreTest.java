package io.github.ferrymail.queue.jdbc;

/** The JDBC store's own behaviour on H2. */
class H2JdbcStoreTest extends JdbcStoreBehaviourTest {
  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
