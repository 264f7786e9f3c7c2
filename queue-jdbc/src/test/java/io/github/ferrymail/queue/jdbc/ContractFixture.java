package io.github.ferrymail.queue.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.testing.SettableClock;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The contract suite's hooks for one database: a migrated store on a fresh scratch database per
 * test, other instances on their own pools, and everything dropped afterwards.
 */
final class ContractFixture {
  private final TestDatabase database;
  private final Map<PendingOperationStore, HikariDataSource> pools = new IdentityHashMap<>();
  private Scratch scratch;

  ContractFixture(TestDatabase database) {
    this.database = database;
  }

  PendingOperationStore newStore(SettableClock clock) {
    scratch = database.create();
    PendingOperationStore store = open(clock);
    ((JooqPendingOperationStore) store).migrate();
    return store;
  }

  PendingOperationStore sameStoreAgain(SettableClock clock) {
    return open(clock);
  }

  void close(PendingOperationStore store) throws Exception {
    HikariDataSource pool = pools.remove(store);
    if (pool != null) {
      scratch.closePool(pool);
    }
    if (pools.isEmpty() && scratch != null) {
      scratch.close();
      scratch = null;
    }
  }

  private PendingOperationStore open(SettableClock clock) {
    HikariDataSource pool = scratch.pool(3);
    PendingOperationStore store =
        JooqPendingOperationStore.builder(pool).dialect(database.dialect).clock(clock).build();
    pools.put(store, pool);
    return store;
  }
}
