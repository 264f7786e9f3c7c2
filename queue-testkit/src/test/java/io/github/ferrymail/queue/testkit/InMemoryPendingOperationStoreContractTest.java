package io.github.ferrymail.queue.testkit;

import io.github.ferrymail.core.SettableClock;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.core.store.InMemoryPendingOperationStore;

/** Runs the store contract against core's {@link InMemoryPendingOperationStore}. */
class InMemoryPendingOperationStoreContractTest extends PendingOperationStoreContract {
  @Override
  protected PendingOperationStore newStore(SettableClock clock) {
    return new InMemoryPendingOperationStore(clock);
  }
}
