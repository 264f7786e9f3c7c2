package io.github.ferrymail.queue.jdbc;

/** Hostile input on H2. */
class H2HostileInputTest extends JdbcHostileInputTest {
  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
