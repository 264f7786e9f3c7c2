package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A steady load through {@link QueueProcessor#queue}: operation {@code i} is due at {@code start +
 * i / rate}; the calling thread waits for that moment, notes the time and calls {@code queue}. The
 * listener notes when each operation's {@code completed} came (called after the store recorded the
 * outcome). Latency of an operation: from right before its {@code queue} call to its {@code
 * completed}. Operations are told apart by their message key ({@code m<i>}).
 */
final class PacedLoad {
  private final int total;
  private final long[] queuedAt;
  private final long[] queueCall;
  private final AtomicLongArray completedAt;
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final CountDownLatch left;
  private long maxLagNanos;

  PacedLoad(int total) {
    this.total = total;
    this.queuedAt = new long[total];
    this.queueCall = new long[total];
    this.completedAt = new AtomicLongArray(total);
    this.left = new CountDownLatch(total);
  }

  /** The listener to give the processor. */
  ProcessingListener listener() {
    return new ProcessingListener() {
      @Override
      public void completed(PendingOperation op, @Nullable MessageRef newLocation) {
        String key = op.messageKey();
        int i = Integer.parseInt(key == null ? "-1" : key.substring(1));
        if (completedAt.compareAndSet(i, 0, System.nanoTime())) {
          left.countDown();
        } else {
          duplicates.incrementAndGet();
        }
      }

      @Override
      public void retryScheduled(PendingOperation op, Instant next, Throwable error) {
        failures.incrementAndGet();
      }

      @Override
      public void failed(PendingOperation op, Throwable error) {
        failures.incrementAndGet();
      }
    };
  }

  /** Queues every operation at its moment, on the calling thread. */
  void run(QueueProcessor processor, IntFunction<Operation> operation, int perSecond) {
    long period = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * period;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      NewOperation op = NewOperation.of(operation.apply(i), "m" + i);
      long now = System.nanoTime();
      maxLagNanos = Math.max(maxLagNanos, now - due);
      queuedAt[i] = now;
      processor.queue(op);
      queueCall[i] = System.nanoTime() - now;
    }
  }

  /** Waits until every operation completed, at most {@code timeout}; true if they all did. */
  boolean await(Duration timeout) throws InterruptedException {
    return left.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  int duplicates() {
    return duplicates.get();
  }

  /** Attempts that failed (retried or failed for good): a valid run has none. */
  int failures() {
    return failures.get();
  }

  /** Percentiles of the operations from {@code from} on (earlier ones are the warm-up). */
  String report(int from) {
    long[] latency = new long[total - from];
    long[] call = new long[total - from];
    int n = 0;
    int missing = 0;
    for (int i = from; i < total; i++) {
      long done = completedAt.get(i);
      if (done == 0) {
        missing++;
        continue;
      }
      latency[n] = done - queuedAt[i];
      call[n++] = queueCall[i];
    }
    long[] l = Arrays.copyOf(latency, n);
    long[] c = Arrays.copyOf(call, n);
    Arrays.sort(l);
    Arrays.sort(c);
    return String.format(
        Locale.ROOT,
        "%d | %d | %s | %s | %s | %s | %s | %s | %.1f",
        n,
        missing,
        ms(at(l, 0.50)),
        ms(at(l, 0.99)),
        ms(n == 0 ? 0 : l[n - 1]),
        ms(at(c, 0.50)),
        ms(at(c, 0.99)),
        ms(n == 0 ? 0 : c[n - 1]),
        maxLagNanos / 1e6);
  }

  private static long at(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
