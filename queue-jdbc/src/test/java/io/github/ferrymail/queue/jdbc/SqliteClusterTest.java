package io.github.ferrymail.queue.jdbc;

import org.junit.jupiter.api.Tag;

/**
 * Several store instances, each with a pool of its own, on one SQLite file: SQLite's one writer at
 * a time serialises their claims, outcomes and enqueues without a single {@code SQLITE_BUSY}.
 */
@Tag("slow")
class SqliteClusterTest extends ClusterTest {
  @Override
  TestDatabase database() {
    return TestDatabase.SQLITE;
  }
}
