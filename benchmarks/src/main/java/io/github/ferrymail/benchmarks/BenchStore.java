package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A fresh, empty store for one bench run: in memory, or on a scratch database, migrated. */
final class BenchStore implements AutoCloseable {

  /** Where the queue lives. */
  enum Backend {
    IN_MEMORY(null),
    H2_MEM(ScratchDatabase.Kind.H2_MEM),
    H2_FILE(ScratchDatabase.Kind.H2_FILE),
    POSTGRESQL(ScratchDatabase.Kind.POSTGRESQL);

    private final ScratchDatabase.@Nullable Kind database;

    Backend(ScratchDatabase.@Nullable Kind database) {
      this.database = database;
    }

    static Backend parse(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  private final PendingOperationStore store;
  private final @Nullable ScratchDatabase database;

  private BenchStore(PendingOperationStore store, @Nullable ScratchDatabase database) {
    this.store = store;
    this.database = database;
  }

  static BenchStore open(Backend backend, String pgUrl, String pgUser, String pgPassword) {
    if (backend.database == null) {
      return new BenchStore(new InMemoryPendingOperationStore(), null);
    }
    ScratchDatabase database = ScratchDatabase.create(backend.database, pgUrl, pgUser, pgPassword);
    try {
      JooqPendingOperationStore store =
          JooqPendingOperationStore.builder(database.dataSource()).build();
      store.migrate();
      return new BenchStore(store, database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  PendingOperationStore store() {
    return store;
  }

  /**
   * Runs PostgreSQL's {@code ANALYZE} on the scratch schema, as autovacuum would some time after a
   * bulk insert; does nothing on the other backends.
   */
  void analyzeIfPostgres() throws SQLException {
    if (database == null || database.kind() != ScratchDatabase.Kind.POSTGRESQL) {
      return;
    }
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    }
  }

  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
  }
}
