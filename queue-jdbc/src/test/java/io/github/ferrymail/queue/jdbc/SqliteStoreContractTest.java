package io.github.ferrymail.queue.jdbc;

import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.queue.testkit.PendingOperationStoreContract;
import io.github.ferrymail.testing.SettableClock;

/**
 * The store contract on SQLite, each test on a database file of its own in a temporary directory.
 */
class SqliteStoreContractTest extends PendingOperationStoreContract {
  private final ContractFixture fixture = new ContractFixture(TestDatabase.SQLITE);

  @Override
  protected PendingOperationStore newStore(SettableClock clock) {
    return fixture.newStore(clock);
  }

  @Override
  protected PendingOperationStore sameStoreAgain(PendingOperationStore store, SettableClock clock) {
    return fixture.sameStoreAgain(clock);
  }

  @Override
  protected void closeStore(PendingOperationStore store) throws Exception {
    fixture.close(store);
  }
}
