package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/** Rows that cannot be read back, on MARIADB. */
@Tag("mariadb")
class MariaDbCorruptRowsTest extends CorruptRowsTest {
  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
