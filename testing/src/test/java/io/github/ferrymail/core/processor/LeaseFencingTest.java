package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.ScriptedExecutor;
import io.github.ferrymail.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The store fences what a worker records, not what it sends: a worker whose lease lapsed between
 * two batches (its JVM stalled, its renewals were late) must not send the next one, because another
 * worker may have taken the account over and replayed it, and later changes with it. Found by the
 * live load: with four processors under heavy load, a flag change came back after the change that
 * undid it.
 */
class LeaseFencingTest {
  private static final String ACCOUNT = "alice";
  private static final Duration LEASE = Duration.ofMinutes(1);

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final InMemoryPendingOperationStore store = new InMemoryPendingOperationStore(clock);
  private final ScriptedExecutor executor = new ScriptedExecutor();

  @Test
  void aWorkerWhoseLeaseLapsedBetweenBatchesDoesNotSendTheNextOne() {
    MessageRef one = new MessageRef(ACCOUNT, "INBOX", 42, 1, "<1@example.com>");
    MessageRef two = new MessageRef(ACCOUNT, "INBOX", 42, 2, "<2@example.com>");
    try (QueueProcessor other = processor("worker-b", null)) {
      AtomicBoolean stalled = new AtomicBoolean();
      ProcessingListener stallAfterFirstBatch =
          new ProcessingListener() {
            @Override
            public void completed(PendingOperation operation, @Nullable MessageRef newLocation) {
              if (stalled.compareAndSet(false, true)) {
                // Worker A stalls past its lease; worker B takes the account over and finishes.
                clock.advance(LEASE.plusSeconds(1));
                other.processPendingOperations(ACCOUNT);
              }
            }
          };
      try (QueueProcessor stalling = processor("worker-a", stallAfterFirstBatch)) {
        PendingOperation read = stalling.queue(NewOperation.of(Operation.markRead(one)));
        PendingOperation flag = stalling.queue(NewOperation.of(Operation.flag(two)));

        ProcessingReport report = stalling.processPendingOperations(ACCOUNT);

        assertThat(stalled).isTrue();
        assertThat(report.leaseLost()).isTrue();
        assertThat(executor.batches().stream().map(OperationBatch::operations))
            .as("each batch sent once: A's first, then B's, and not A's second after B's")
            .hasSize(2);
        assertThat(store.get(read.id()).orElseThrow().status())
            .isEqualTo(OperationStatus.COMPLETED);
        assertThat(store.get(flag.id()).orElseThrow().status())
            .isEqualTo(OperationStatus.COMPLETED);
      }
    }
  }

  @Test
  void aWorkerWhoseRenewalsFellBehindRenewsBeforeTheNextBatchAndGoesOn() {
    MessageRef one = new MessageRef(ACCOUNT, "INBOX", 42, 1, "<1@example.com>");
    MessageRef two = new MessageRef(ACCOUNT, "INBOX", 42, 2, "<2@example.com>");
    AtomicBoolean stalled = new AtomicBoolean();
    ProcessingListener stallAfterFirstBatch =
        new ProcessingListener() {
          @Override
          public void completed(PendingOperation operation, @Nullable MessageRef newLocation) {
            if (stalled.compareAndSet(false, true)) {
              clock.advance(LEASE.multipliedBy(2).dividedBy(3)); // a third of the lease left
            }
          }
        };
    try (QueueProcessor worker = processor("worker-a", stallAfterFirstBatch)) {
      worker.queue(NewOperation.of(Operation.markRead(one)));
      worker.queue(NewOperation.of(Operation.flag(two)));

      ProcessingReport report = worker.processPendingOperations(ACCOUNT);

      assertThat(report.leaseLost()).isFalse();
      assertThat(report.completed()).isEqualTo(2);
      assertThat(executor.batches()).hasSize(2);
    }
  }

  private QueueProcessor processor(String workerId, @Nullable ProcessingListener listener) {
    QueueProcessor.Builder b =
        QueueProcessor.builder(store, executor)
            .clock(clock)
            .workerId(workerId)
            .leaseDuration(LEASE);
    if (listener != null) {
      b.listener(listener);
    }
    return b.build();
  }
}
