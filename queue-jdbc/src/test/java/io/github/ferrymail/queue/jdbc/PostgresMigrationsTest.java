package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/** Ferry's own migrations, on POSTGRESQL. */
@Tag("postgres")
class PostgresMigrationsTest extends MigrationsTest {
  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
