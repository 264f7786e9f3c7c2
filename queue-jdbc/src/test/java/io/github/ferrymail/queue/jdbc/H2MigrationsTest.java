package io.github.ferrymail.queue.jdbc;

/** Ferry's own migrations, on H2. */
class H2MigrationsTest extends MigrationsTest {
  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
