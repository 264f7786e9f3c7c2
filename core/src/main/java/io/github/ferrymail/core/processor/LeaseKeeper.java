package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews an account's lease in the background while a pass runs, every third of the lease's
 * duration, so that a long batch does not let the lease lapse. Once a renewal finds the lease taken
 * over, {@link #lost()} turns true and the pass stops at its next store call.
 *
 * <p>The store fences what a worker records, not what it sends to the server: a worker whose
 * renewals were late (a stalled JVM, a slow database) could send a command after another worker
 * took the account over and replayed later operations on the same message, and the server would end
 * with the older wish. So before each batch the pass calls {@link #ensureHeld()}, which renews the
 * lease at once, and stops the pass if that fails, whenever less than half of it is left.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final PendingOperationStore store;
  private final Duration leaseDuration;
  private final Clock clock;
  private final AtomicReference<Lease> lease;
  private volatile boolean lost;
  private @Nullable ScheduledFuture<?> task;

  LeaseKeeper(PendingOperationStore store, Lease lease, Duration leaseDuration, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.lease = new AtomicReference<>(lease);
    this.leaseDuration = leaseDuration;
  }

  void start(ScheduledExecutorService renewer) {
    long period = Math.max(1, leaseDuration.toMillis() / 3);
    task = renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  void stop() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }

  Lease current() {
    return lease.get();
  }

  boolean lost() {
    return lost;
  }

  /**
   * Makes sure the lease is still held, with at least half of its duration left, before the pass
   * sends a batch: renews it at once when the background renewals fell behind.
   *
   * @throws LeaseLostException when another worker has the account, or the lease lapsed and could
   *     not be renewed
   */
  synchronized void ensureHeld() {
    if (lost) {
      throw new LeaseLostException("lease on account " + lease.get().account() + " was taken over");
    }
    Duration left = Duration.between(clock.instant(), lease.get().expiresAt());
    if (left.compareTo(leaseDuration.dividedBy(2)) >= 0) {
      return;
    }
    try {
      lease.set(store.renew(lease.get(), leaseDuration));
    } catch (LeaseLostException e) {
      lost = true;
      throw e;
    }
    LOG.info(
        "Renewed the lease on account {} before a batch: only {} ms of it were left",
        lease.get().account(),
        left.toMillis());
  }

  private synchronized void renew() {
    if (lost) {
      return;
    }
    try {
      lease.set(store.renew(lease.get(), leaseDuration));
    } catch (LeaseLostException e) {
      lost = true;
      LOG.warn("Lease on account {} was taken over: stopping", lease.get().account());
    } catch (RuntimeException e) {
      // The store may be briefly unreachable; the next tick tries again before the lease lapses.
      LOG.warn("Could not renew the lease on account {}", lease.get().account(), e);
    }
  }
}
