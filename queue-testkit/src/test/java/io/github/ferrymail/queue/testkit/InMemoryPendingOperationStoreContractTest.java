package io.github.ferrymail.queue.testkit;

import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.SettableClock;

/**
 * Runs the store contract against ferry-testing's {@link InMemoryPendingOperationStore}. It lives
 * here, not in ferry-testing: this module depends on ferry-testing (the contract hands a {@code
 * SettableClock} to {@code newStore}), so ferry-testing cannot depend on this one, even for tests.
 */
class InMemoryPendingOperationStoreContractTest extends PendingOperationStoreContract {
  @Override
  protected PendingOperationStore newStore(SettableClock clock) {
    return new InMemoryPendingOperationStore(clock);
  }
}
