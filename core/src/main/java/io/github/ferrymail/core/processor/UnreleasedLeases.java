package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases a pass could not give back because the store was unreachable (a database restarting), and
 * those a failed claim may have taken all the same (its commit went through, its reply was lost).
 * The account stays leased, so no claim and no poll would see it until the lease lapsed, which with
 * the default lease is a minute of a recovered queue doing nothing. The processor gives them back
 * as soon as the store answers again: before claiming the account, and before every poll. Giving
 * back a lease the store never granted does nothing.
 */
final class UnreleasedLeases {
  private static final Logger LOG = LoggerFactory.getLogger(UnreleasedLeases.class);

  private final PendingOperationStore store;
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();

  UnreleasedLeases(PendingOperationStore store) {
    this.store = store;
  }

  void remember(Lease lease) {
    leases.put(lease.account(), lease);
  }

  /**
   * Gives back the account's unreleased lease, if there is one.
   *
   * @return false while the store still cannot take it back
   */
  boolean release(String account) {
    Lease lease = leases.get(account);
    return lease == null || release(lease);
  }

  /** Gives back every unreleased lease; stops at the first the store cannot take back. */
  void releaseAll() {
    for (Lease lease : List.copyOf(leases.values())) {
      if (!release(lease)) {
        return;
      }
    }
  }

  private boolean release(Lease lease) {
    try {
      // A lease that lapsed and was taken over meanwhile is left alone by the store's release.
      store.release(lease);
    } catch (RuntimeException e) {
      LOG.warn("Still cannot release the lease on account {}: {}", lease.account(), e.toString());
      return false;
    }
    leases.remove(lease.account(), lease);
    LOG.info("Gave back account {}'s lease once the store answered again", lease.account());
    return true;
  }
}
