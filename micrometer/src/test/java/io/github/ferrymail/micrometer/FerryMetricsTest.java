package io.github.ferrymail.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The meters a dashboard reads, after a real processor pass over an in-memory queue. */
class FerryMetricsTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final InMemoryPendingOperationStore store = new InMemoryPendingOperationStore(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FerryMetrics metrics = FerryMetrics.create(registry);

  /** Flag changes succeed; moves fail, as a server without the destination folder would. */
  private final OperationExecutor server =
      (batch, checkpoints) -> {
        Map<Long, OperationOutcome> outcomes = new HashMap<>();
        for (PendingOperation op : batch.operations()) {
          outcomes.put(
              op.id(),
              batch.kind() == OperationKind.FLAGS
                  ? OperationOutcome.succeeded(null)
                  : OperationOutcome.failed(
                      new OperationFailedException(
                          FailureReason.FOLDER_NOT_FOUND, "no folder 'Nowhere'")));
        }
        return new BatchResult(outcomes);
      };

  private static MessageRef inbox(long uid) {
    return MessageRef.of("acct", "INBOX", 7, uid);
  }

  @Test
  void operationsAreCountedByKindOutcomeAndReasonAndBatchesAreTimed() {
    for (long uid = 1; uid <= 3; uid++) {
      store.queue(Operation.markRead(inbox(uid)));
    }
    store.queue(Operation.move(inbox(4), "Nowhere"));
    try (QueueProcessor processor =
        QueueProcessor.builder(store, metrics.timed(server))
            .clock(clock)
            .listener(metrics)
            .build()) {
      processor.processPendingOperations("acct");
    }

    assertThat(count("FLAGS", "completed", "none")).isEqualTo(3);
    assertThat(count("MOVE", "failed", "FOLDER_NOT_FOUND")).isEqualTo(1);
    assertThat(
            registry
                .get(FerryMetrics.BATCHES)
                .tag("kind", "FLAGS")
                .tag("outcome", "ok")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(FerryMetrics.BATCH_SIZE).tag("kind", "FLAGS").summary().totalAmount())
        .isEqualTo(3);
  }

  @Test
  void aBatchThatFailsAsAWholeIsTimedAsFailedAndItsOperationsCountAsRetried() {
    store.queue(Operation.flag(inbox(1)));
    OperationExecutor down =
        (batch, checkpoints) -> {
          throw new OperationFailedException(FailureReason.CONNECTION_LOST, "connection reset");
        };
    try (QueueProcessor processor =
        QueueProcessor.builder(store, metrics.timed(down)).clock(clock).listener(metrics).build()) {
      processor.processPendingOperations("acct");
    }

    assertThat(registry.get(FerryMetrics.BATCHES).tag("outcome", "failed").timer().count())
        .isEqualTo(1);
    assertThat(count("FLAGS", "retried", "CONNECTION_LOST")).isEqualTo(1);
  }

  @Test
  void queueGaugesAreReadThroughTheAdminApiAtMostOncePerRefresh() {
    store.queue(Operation.markRead(inbox(1)));
    store.queue(Operation.markRead(inbox(2)));
    AtomicInteger reads = new AtomicInteger();
    metrics.watch(
        () -> {
          reads.incrementAndGet();
          return store.countByStatus(null);
        },
        Duration.ofSeconds(10),
        clock);

    assertThat(gauge(OperationStatus.PENDING)).isEqualTo(2);
    assertThat(gauge(OperationStatus.FAILED)).isZero();
    store.queue(Operation.markRead(inbox(3)));
    assertThat(gauge(OperationStatus.PENDING)).as("within the refresh time").isEqualTo(2);
    clock.advance(Duration.ofSeconds(10));
    assertThat(gauge(OperationStatus.PENDING)).isEqualTo(3);
    assertThat(reads).hasValue(2);
  }

  @Test
  void theAdminApiFeedsTheGauges() {
    store.queue(Operation.markRead(inbox(1)));
    try (QueueProcessor processor = QueueProcessor.builder(store, server).clock(clock).build()) {
      metrics.watch(processor.admin());
      assertThat(gauge(OperationStatus.PENDING)).isEqualTo(1);
    }
  }

  @Test
  void theOldestDueGaugeIsTheQueuesLagInSeconds() {
    metrics.watchOldestDue(store::oldestDue, Duration.ofSeconds(10), clock);
    assertThat(oldestDueAge()).as("nothing queued").isZero();

    store.queue(Operation.markRead(inbox(1)));
    clock.advance(Duration.ofSeconds(10));
    store.queue(Operation.markRead(inbox(2)));
    assertThat(oldestDueAge()).isEqualTo(10.0);
    clock.advance(Duration.ofSeconds(5));
    assertThat(oldestDueAge()).as("the reading is reused, the age grows").isEqualTo(15.0);
  }

  @Test
  void theAdminApiFeedsTheOldestDueGauge() {
    store.queue(Operation.markRead(inbox(1)));
    try (QueueProcessor processor = QueueProcessor.builder(store, server).clock(clock).build()) {
      metrics.watch(processor.admin());
      assertThat(registry.get(FerryMetrics.OLDEST_DUE_AGE).gauge().value()).isNotNaN();
    }
  }

  private double oldestDueAge() {
    return registry.get(FerryMetrics.OLDEST_DUE_AGE).gauge().value();
  }

  private double count(String kind, String outcome, String reason) {
    return registry
        .get(FerryMetrics.OPERATIONS)
        .tag("kind", kind)
        .tag("outcome", outcome)
        .tag("reason", reason)
        .counter()
        .count();
  }

  private double gauge(OperationStatus status) {
    return registry.get(FerryMetrics.QUEUE).tag("status", status.name()).gauge().value();
  }
}
