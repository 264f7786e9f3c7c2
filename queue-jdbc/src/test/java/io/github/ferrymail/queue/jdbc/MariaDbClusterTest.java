package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/** Several store instances on one MARIADB database. */
@Tag("slow")
@Tag("mariadb")
class MariaDbClusterTest extends ClusterTest {
  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
