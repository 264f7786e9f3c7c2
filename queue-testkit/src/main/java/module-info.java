/**
 * The contract suite every {@code PendingOperationStore} implementation must pass: extend {@link
 * io.github.ferrymail.queue.testkit.PendingOperationStoreContract} in a test and supply a store.
 */
module io.github.ferrymail.queue.testkit {
  requires transitive io.github.ferrymail.core;
  requires transitive io.github.ferrymail.testing; // SettableClock in newStore
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires static org.jspecify;

  exports io.github.ferrymail.queue.testkit;

  opens io.github.ferrymail.queue.testkit to
      org.junit.platform.commons;
}
