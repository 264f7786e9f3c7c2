package io.github.ferrymail.micrometer;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueAdmin;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Ferry's meters on a Micrometer registry. Plug it into the processor's builder as a listener, and
 * wrap the executor with {@link #timed} for the batch timers:
 *
 * <pre>{@code
 * FerryMetrics metrics = FerryMetrics.create(registry);
 * QueueProcessor processor = QueueProcessor.builder(store, metrics.timed(imapExecutor))
 *     .listener(metrics)
 *     .build();
 * metrics.watch(processor.admin());
 * }</pre>
 *
 * <p>Meters (names as Micrometer's dotted form; Prometheus shows {@code ferry_operations_total} and
 * so on):
 *
 * <ul>
 *   <li>{@value #OPERATIONS}: counter of finished attempts, tagged {@code kind} ({@code FLAGS},
 *       {@code MOVE}, ...), {@code outcome} ({@code completed}, {@code failed}, {@code cancelled},
 *       {@code retried}) and {@code reason} (the {@code FailureReason} of a failure or retry,
 *       {@code none} otherwise).
 *   <li>{@value #PAUSES}: counter of account pauses, tagged {@code reason}.
 *   <li>{@value #BATCHES}: timer of executed batches, tagged {@code kind} and {@code outcome}
 *       ({@code ok}, or {@code failed} when the whole batch failed); {@value #BATCH_SIZE}: their
 *       sizes.
 *   <li>{@value #QUEUE}: gauge of the queue's operations, tagged {@code status}, read through the
 *       admin API at most every {@link #DEFAULT_REFRESH} (a count is a query). *
 *   <li>{@value #OLDEST_DUE_AGE}: gauge of how long the oldest due operation has waited, in seconds
 *       (0 when nothing is due): the queue's lag, read the same way.
 * </ul>
 *
 * <p>A listener never breaks the processor: the processor calls it after its store writes and
 * ignores what it throws. Tags have bounded values only (no account, folder or message), so that a
 * queue of a million accounts is still a few dozen time series.
 */
public final class FerryMetrics implements ProcessingListener {
  /** Counter of finished attempts. */
  public static final String OPERATIONS = "ferry.operations";

  /** Gauge of how long the oldest due operation has waited, in seconds (0 when none is due). */
  public static final String OLDEST_DUE_AGE = "ferry.queue.oldest.due.age";

  /** Counter of account pauses. */
  public static final String PAUSES = "ferry.account.pauses";

  /** Timer of executed batches. */
  public static final String BATCHES = "ferry.batches";

  /** Distribution of batch sizes. */
  public static final String BATCH_SIZE = "ferry.batch.size";

  /** Gauge of the queue's operations by status. */
  public static final String QUEUE = "ferry.queue.operations";

  /** How long the queue counts are reused before they are read again. */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(10);

  private final MeterRegistry registry;

  private FerryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Meters on a registry.
   *
   * @param registry the registry, for example Spring Boot's or a {@code SimpleMeterRegistry}
   * @return the metrics
   */
  public static FerryMetrics create(MeterRegistry registry) {
    return new FerryMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * An executor that times each batch it runs on {@code delegate}.
   *
   * @param delegate the executor to time (Ferry's IMAP executor, or another decorator)
   * @return the timed executor
   */
  public OperationExecutor timed(OperationExecutor delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return (batch, checkpoints) -> {
      String kind = batch.kind().name();
      DistributionSummary.builder(BATCH_SIZE)
          .tag("kind", kind)
          .register(registry)
          .record(batch.operations().size());
      Timer.Sample sample = Timer.start(registry);
      String outcome = "failed";
      try {
        var result = delegate.execute(batch, checkpoints);
        outcome = "ok";
        return result;
      } finally {
        sample.stop(
            Timer.builder(BATCHES).tag("kind", kind).tag("outcome", outcome).register(registry));
      }
    };
  }

  /**
   * Gauges of the queue by status, read through the admin API (all accounts) at most every {@link
   * #DEFAULT_REFRESH}.
   *
   * @param admin the processor's admin API
   * @return this
   */
  public FerryMetrics watch(QueueAdmin admin) {
    Objects.requireNonNull(admin, "admin");
    watchOldestDue(admin::oldestDue, DEFAULT_REFRESH, Clock.systemUTC());
    return watch(() -> admin.counts(null), DEFAULT_REFRESH, Clock.systemUTC());
  }

  /**
   * The gauge {@value #OLDEST_DUE_AGE}: the queue's lag, how long its oldest due operation has
   * waited, from any source of that time.
   *
   * @param oldestDue since when the oldest due operation waits, empty when none is due
   * @param refresh how long a reading is reused
   * @param clock the clock the age is measured on, and that times the reuse
   * @return this
   */
  public FerryMetrics watchOldestDue(
      Supplier<Optional<Instant>> oldestDue, Duration refresh, Clock clock) {
    Objects.requireNonNull(oldestDue, "oldestDue");
    Cached<Optional<Instant>> cached = new Cached<>(oldestDue, refresh, clock);
    Gauge.builder(
            OLDEST_DUE_AGE,
            cached,
            c -> {
              Optional<Instant> due = c.get();
              if (due == null) {
                return Double.NaN;
              }
              return due.map(
                      at -> Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0))
                  .orElse(0.0);
            })
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    return this;
  }

  /**
   * Gauges of the queue by status from any source of counts.
   *
   * @param counts the counts by status
   * @param refresh how long a reading is reused
   * @param clock the clock that times the reuse
   * @return this
   */
  public FerryMetrics watch(
      Supplier<Map<OperationStatus, Long>> counts, Duration refresh, Clock clock) {
    CachedCounts cached = new CachedCounts(counts, refresh, clock);
    for (OperationStatus status : OperationStatus.values()) {
      Gauge.builder(QUEUE, cached, c -> c.get(status))
          .tag("status", status.name())
          .strongReference(true)
          .register(registry);
    }
    return this;
  }

  @Override
  public void completed(PendingOperation operation, @Nullable MessageRef newLocation) {
    count(operation, "completed", null);
  }

  @Override
  public void retryScheduled(PendingOperation operation, Instant nextAttemptAt, Throwable error) {
    count(operation, "retried", error);
  }

  @Override
  public void failed(PendingOperation operation, Throwable error) {
    count(operation, "failed", error);
  }

  @Override
  public void cancelled(PendingOperation operation, String reason) {
    count(operation, "cancelled", null);
  }

  @Override
  public void accountPaused(String account, Instant until, Throwable error) {
    Counter.builder(PAUSES).tag("reason", reason(error)).register(registry).increment();
  }

  private void count(PendingOperation operation, String outcome, @Nullable Throwable error) {
    Counter.builder(OPERATIONS)
        .tag("kind", operation.kind().name())
        .tag("outcome", outcome)
        .tag("reason", error == null ? "none" : reason(error))
        .register(registry)
        .increment();
  }

  private static String reason(Throwable error) {
    return error instanceof OperationFailedException
        ? ((OperationFailedException) error).reason().name()
        : error.getClass().getSimpleName();
  }

  /** A reading, taken again once it is older than the refresh time. */
  private static final class Cached<T> {
    private final Supplier<T> source;
    private final Duration refresh;
    private final Clock clock;
    private @Nullable T last;
    private Instant readAt = Instant.MIN;

    Cached(Supplier<T> source, Duration refresh, Clock clock) {
      this.source = source;
      this.refresh = refresh;
      this.clock = clock;
    }

    /** The reading, or null while the source failed before any reading. */
    synchronized @Nullable T get() {
      Instant now = clock.instant();
      if (last == null || !now.isBefore(readAt.plus(refresh))) {
        try {
          last = source.get();
          readAt = now;
        } catch (RuntimeException e) {
          // The store is down: keep the last reading rather than fail the scrape.
        }
      }
      return last;
    }
  }

  /** The counts, read again once they are older than the refresh time. */
  private static final class CachedCounts {
    private final Supplier<Map<OperationStatus, Long>> source;
    private final Duration refresh;
    private final Clock clock;
    private @Nullable Map<OperationStatus, Long> last;
    private Instant readAt = Instant.MIN;

    CachedCounts(Supplier<Map<OperationStatus, Long>> source, Duration refresh, Clock clock) {
      this.source = source;
      this.refresh = refresh;
      this.clock = clock;
    }

    synchronized double get(OperationStatus status) {
      Instant now = clock.instant();
      if (last == null || !now.isBefore(readAt.plus(refresh))) {
        try {
          last = source.get();
          readAt = now;
        } catch (RuntimeException e) {
          // The store is down: keep the last reading (none yet: NaN) rather than fail the scrape.
          return last == null ? Double.NaN : last.getOrDefault(status, 0L);
        }
      }
      return last.getOrDefault(status, 0L);
    }
  }
}
