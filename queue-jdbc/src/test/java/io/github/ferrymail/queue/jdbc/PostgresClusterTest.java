package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/** Several store instances on one POSTGRESQL database. */
@Tag("slow")
@Tag("postgres")
class PostgresClusterTest extends ClusterTest {
  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
