package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.PendingOperationStore;
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
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final PendingOperationStore store;
  private final Duration leaseDuration;
  private final AtomicReference<Lease> lease;
  private volatile boolean lost;
  private @Nullable ScheduledFuture<?> task;

  LeaseKeeper(PendingOperationStore store, Lease lease, Duration leaseDuration) {
    this.store = store;
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

  private void renew() {
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
