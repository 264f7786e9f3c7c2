package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/** Rows that cannot be read back, on POSTGRESQL. */
@Tag("postgres")
class PostgresCorruptRowsTest extends CorruptRowsTest {
  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
