package io.github.ferrymail.queue.jdbc;

/** Rows that cannot be read back, on H2. */
class H2CorruptRowsTest extends CorruptRowsTest {
  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
