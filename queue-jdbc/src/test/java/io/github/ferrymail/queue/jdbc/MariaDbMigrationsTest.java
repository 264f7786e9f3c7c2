package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/** Ferry's own migrations, on MARIADB. */
@Tag("mariadb")
class MariaDbMigrationsTest extends MigrationsTest {
  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
