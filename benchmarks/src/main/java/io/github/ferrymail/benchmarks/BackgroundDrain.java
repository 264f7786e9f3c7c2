package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Ferry's background mode draining a filled queue: {@link QueueProcessor#start()} with {@code
 * threads} workers and {@link NoOpExecutor}, timed from {@code start()} until the listener heard
 * the last {@code completed} (called after the store recorded the outcome), or the timeout. The
 * store's calls are timed per method ({@link TimedCalls}; summed over the worker threads).
 */
final class BackgroundDrain {
  private BackgroundDrain() {}

  /**
   * How a drain went.
   *
   * @param took from {@code start()} to the last completion, or to the timeout
   * @param completed how many completed by then
   * @param expected how many were queued
   * @param db what the data source counted in that time
   * @param store calls and time per store method in that time, or null where not timed
   */
  record Result(
      Duration took,
      long completed,
      long expected,
      CountingDataSource.Counts db,
      @Nullable TimedCalls store) {
    boolean timedOut() {
      return completed < expected;
    }

    double perSecond() {
      return completed / Measurements.seconds(took);
    }
  }

  /**
   * Queues {@code count} mark-reads, spread round-robin over {@code accounts} accounts ({@code
   * acct-0}, {@code acct-1}, ...; one message each), with {@code queueAll} calls of {@code chunk}.
   * Only one chunk of new operations is held at a time.
   */
  static void fill(PendingOperationStore store, long count, int accounts, int chunk) {
    for (long from = 0; from < count; from += chunk) {
      long to = Math.min(count, from + chunk);
      List<NewOperation> ops = new ArrayList<>((int) (to - from));
      for (long i = from; i < to; i++) {
        String account = "acct-" + (i % accounts);
        long uid = i / accounts + 1;
        MessageRef ref = MessageRef.of(account, Workload.INBOX, Workload.UID_VALIDITY, uid);
        ops.add(NewOperation.of(Operation.markRead(ref), "msg-" + uid));
      }
      store.queueAll(ops);
    }
  }

  /** Starts a processor on the filled store and waits until it completed {@code expected}. */
  static Result run(
      PendingOperationStore store,
      CountingDataSource counting,
      int threads,
      Duration pollInterval,
      long expected,
      Duration timeout)
      throws InterruptedException {
    CountDownLatch left = new CountDownLatch(Math.toIntExact(expected));
    ProcessingListener listener =
        new ProcessingListener() {
          @Override
          public void completed(PendingOperation op, @Nullable MessageRef at) {
            left.countDown();
          }
        };
    TimedCalls calls = new TimedCalls();
    try (QueueProcessor processor =
        QueueProcessor.builder(calls.wrap(PendingOperationStore.class, store), new NoOpExecutor())
            .workerThreads(threads)
            .pollInterval(pollInterval)
            .listener(listener)
            .build()) {
      CountingDataSource.Counts before = counting.counts();
      long start = System.nanoTime();
      processor.start();
      left.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      CountingDataSource.Counts spent = counting.counts().minus(before);
      return new Result(took, expected - left.getCount(), expected, spent, calls);
    }
  }

  /** Fails unless the store holds exactly {@code expected} operations, all completed. */
  static void expectAllCompleted(PendingOperationStore store, long expected) {
    var counts = store.countByStatus(null);
    long done = counts.getOrDefault(OperationStatus.COMPLETED, 0L);
    long all = counts.values().stream().mapToLong(Long::longValue).sum();
    if (done != expected || all != expected) {
      throw new IllegalStateException(expected + " operations expected completed: " + counts);
    }
  }
}
