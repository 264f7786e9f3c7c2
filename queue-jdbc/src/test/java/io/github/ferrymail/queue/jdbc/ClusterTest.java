package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several store instances, each with a pool of its own as separate processes would have, work one
 * database at once: thousands of operations over many accounts, queued partly while the workers
 * run, with some workers dying while holding a lease. Afterwards no operation was handed out while
 * another live lease held it, each was executed exactly once, every account's operations ran in
 * queue order, and nothing is left behind.
 *
 * <p>The instances share one {@link SettableClock}: leases never lapse under a working worker, and
 * the test lets the dead workers' leases lapse by moving the clock once every live worker is idle.
 */
abstract class ClusterTest {
  private static final int INSTANCES = 3;
  private static final int WORKERS = 6;
  private static final int ACCOUNTS = 30;
  private static final int QUEUED_UP_FRONT = 60;
  private static final int QUEUED_WHILE_RUNNING = 20;
  private static final int CLAIM_LIMIT = 25;
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final List<JooqPendingOperationStore> stores = new ArrayList<>();
  private final Map<String, List<Long>> executedInOrder = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> executions = new ConcurrentHashMap<>();
  private final Map<Long, Lease> holders = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final AtomicBoolean firstDeath = new AtomicBoolean();
  private Scratch scratch;

  abstract TestDatabase database();

  @BeforeEach
  void openInstances() {
    scratch = database().create();
    for (int i = 0; i < INSTANCES; i++) {
      JooqPendingOperationStore store =
          JooqPendingOperationStore.builder(scratch.pool(3)).clock(clock).build();
      // Every instance migrates at start, at the same time: the migration lock keeps that safe.
      stores.add(store);
    }
    runAll(stores.stream().<Runnable>map(store -> store::migrate).toList());
  }

  @AfterEach
  void dropScratch() throws Exception {
    scratch.close();
  }

  @Test
  void instancesNeverShareALiveOperationAndRunEachOnceInQueueOrder() throws Exception {
    List<PendingOperation> queued = new ArrayList<>(queue(QUEUED_UP_FRONT, 1));
    AtomicBoolean queueing = new AtomicBoolean(true);
    AtomicInteger busy = new AtomicInteger();

    // Phase 1: workers run while more work arrives; now and then one dies holding its lease.
    List<Runnable> phase1 = new ArrayList<>(workers(busy, 0.03, () -> phase1Done(queueing, busy)));
    phase1.add(
        () -> {
          queued.addAll(queue(QUEUED_WHILE_RUNNING, QUEUED_UP_FRONT + 1));
          queueing.set(false);
        });
    runAll(phase1);

    // Phase 2: the dead workers' leases lapse; the others take their accounts over.
    clock.advance(LEASE.plusSeconds(1));
    int total = ACCOUNTS * (QUEUED_UP_FRONT + QUEUED_WHILE_RUNNING);
    runAll(workers(busy, 0, () -> completed() >= total));

    assertThat(violations).isEmpty();
    assertThat(queued).hasSize(total);
    assertThat(executions.keySet())
        .containsExactlyInAnyOrderElementsOf(queued.stream().map(PendingOperation::id).toList());
    assertThat(executions.values()).allMatch(count -> count.get() == 1);
    executedInOrder.forEach(
        (account, order) -> assertThat(order).as("execution order of %s", account).isSorted());
    Map<OperationStatus, Long> counts = stores.get(0).countByStatus(null);
    assertThat(counts.get(OperationStatus.COMPLETED)).isEqualTo(total);
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    assertThat(stores.get(0).accountsWithDueOperations(ACCOUNTS)).isEmpty();
    assertThat(abandoned.get()).as("some workers died holding a lease").isPositive();
  }

  /** Queues {@code perAccount} operations for every account, interleaved, in batches. */
  private List<PendingOperation> queue(int perAccount, int firstUid) {
    List<PendingOperation> stored = new ArrayList<>();
    for (int n = 0; n < perAccount; n += 10) {
      List<NewOperation> batch = new ArrayList<>();
      for (int uid = firstUid + n; uid < firstUid + Math.min(perAccount, n + 10); uid++) {
        for (int a = 0; a < ACCOUNTS; a++) {
          MessageRef ref = new MessageRef("acct-" + a, "INBOX", 7, uid, null);
          batch.add(NewOperation.of(uid % 3 == 0 ? Operation.flag(ref) : Operation.markRead(ref)));
        }
      }
      stored.addAll(stores.get(n % INSTANCES).queueAll(batch));
    }
    return stored;
  }

  /**
   * Phase 1 is over when nothing more is queued, no worker holds a lease, and nothing is due but
   * what the dead workers hold. The last worker to stop checks while no other one runs.
   */
  private boolean phase1Done(AtomicBoolean queueing, AtomicInteger busy) {
    return !queueing.get()
        && busy.get() == 0
        && stores.get(0).accountsWithDueOperations(1).isEmpty()
        && busy.get() == 0;
  }

  private int completed() {
    return stores.get(0).countByStatus(null).get(OperationStatus.COMPLETED).intValue();
  }

  private List<Runnable> workers(AtomicInteger busy, double deathRate, StopCondition done) {
    List<Runnable> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      String name = "worker-" + w;
      JooqPendingOperationStore store = stores.get(w % INSTANCES);
      workers.add(() -> work(name, store, busy, deathRate, done));
    }
    return workers;
  }

  private void work(
      String name,
      JooqPendingOperationStore store,
      AtomicInteger busy,
      double deathRate,
      StopCondition done) {
    Instant deadline = Instant.now().plus(DEADLINE);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      boolean didWork = false;
      List<String> due = new ArrayList<>(store.accountsWithDueOperations(10));
      Collections.shuffle(due);
      for (String account : due) {
        // Busy from before the claim until the release: a worker that holds a lease may leave
        // work behind it that is due again once it lets go.
        busy.incrementAndGet();
        try {
          Optional<Claim> maybe = store.claim(account, name, LEASE, CLAIM_LIMIT);
          if (maybe.isEmpty()) {
            continue;
          }
          didWork = true;
          Claim claim = maybe.get();
          recordHandedOut(claim);
          // The first claim of a phase with deaths always dies, so that every run has a lease to
          // take over (at 3% alone, about one run in forty had none and failed its last check).
          boolean dies =
              deathRate > 0
                  && (firstDeath.compareAndSet(false, true) || random.nextDouble() < deathRate);
          if (dies) {
            abandoned.incrementAndGet(); // dies holding the lease: no outcome, no release
            continue;
          }
          for (PendingOperation op : claim.operations()) {
            executedInOrder
                .computeIfAbsent(account, a -> new CopyOnWriteArrayList<>())
                .add(op.id());
            executions.computeIfAbsent(op.id(), id -> new AtomicInteger()).incrementAndGet();
            holders.remove(op.id());
            store.complete(claim.lease(), op.id());
          }
          store.release(claim.lease());
        } finally {
          busy.decrementAndGet();
        }
      }
      if (!didWork) {
        if (done.reached()) {
          return;
        }
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError(
              name
                  + " did not finish within "
                  + DEADLINE
                  + ": counts "
                  + store.countByStatus(null)
                  + ", due accounts "
                  + store.accountsWithDueOperations(ACCOUNTS)
                  + ", busy workers "
                  + busy.get()
                  + ", abandoned claims "
                  + abandoned.get());
        }
        pause();
      }
    }
  }

  /** An operation may be handed out again only after the lease that held it lapsed. */
  private void recordHandedOut(Claim claim) {
    Instant now = clock.instant();
    for (PendingOperation op : claim.operations()) {
      Lease previous = holders.put(op.id(), claim.lease());
      if (previous != null && previous.expiresAt().isAfter(now)) {
        violations.add(
            "operation "
                + op.id()
                + " handed to "
                + claim.lease().owner()
                + " while "
                + previous.owner()
                + "'s lease held it until "
                + previous.expiresAt());
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs the tasks on threads of their own and waits for all; the first failure fails the test. */
  private static void runAll(List<Runnable> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable task : tasks) {
        futures.add(pool.submit(task));
      }
      for (Future<?> future : futures) {
        future.get(DEADLINE.toSeconds() + 30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      throw new AssertionError("a worker failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface StopCondition {
    boolean reached();
  }
}
