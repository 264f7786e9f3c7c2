package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.ScriptedExecutor;
import io.github.ferrymail.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store fails for a moment (its database restarting) in the middle of a pass: the processor
 * recovers as soon as it answers again, without waiting for its own lease to lapse and without
 * charging the operations an attempt for a failure that was not the server's.
 */
class StoreOutageTest {
  private static final String ACCOUNT = "alice";
  // Far longer than any wait below: recovering by letting the lease lapse would not finish.
  private static final Duration LEASE = Duration.ofMinutes(10);

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final InMemoryPendingOperationStore memory = new InMemoryPendingOperationStore(clock);
  private final FailingStore failing = new FailingStore(memory);
  private final ScriptedExecutor executor = new ScriptedExecutor();
  private final QueueProcessorTest.RecordingListener listener =
      new QueueProcessorTest.RecordingListener();

  private static MessageRef inbox(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", 42, uid, "<m" + uid + "@example.com>");
  }

  private QueueProcessor.Builder processor() {
    return QueueProcessor.builder(failing.store(), executor)
        .clock(clock)
        .leaseDuration(LEASE)
        .listener(listener);
  }

  @Test
  void aLeaseThatCouldNotBeReleasedIsGivenBackBeforeTheAccountIsClaimedAgain() {
    PendingOperation flag = memory.queue(NewOperation.of(Operation.flag(inbox(1))));
    failing.failNext("record", 1).failNext("release", 1);
    try (QueueProcessor processor = processor().build()) {
      assertThatThrownBy(() -> processor.processPendingOperations(ACCOUNT))
          .isInstanceOf(StoreException.class);
      assertThat(memory.get(flag.id()).orElseThrow().status())
          .as("still in flight under the lease the pass could not give back")
          .isEqualTo(OperationStatus.IN_FLIGHT);

      ProcessingReport again = processor.processPendingOperations(ACCOUNT);

      assertThat(again.completed()).isEqualTo(1);
      PendingOperation done = memory.get(flag.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(done.attempts()).isZero();
      assertThat(executor.batches()).as("run again, since its outcome was lost").hasSize(2);
    }
  }

  @Test
  void backgroundWorkersPickAnAccountUpAgainOnceItsLeaseIsGivenBack() throws Exception {
    PendingOperation flag = memory.queue(NewOperation.of(Operation.flag(inbox(1))));
    failing.failNext("record", 1).failNext("release", 1);
    try (QueueProcessor processor =
        QueueProcessor.builder(failing.store(), executor)
            .leaseDuration(LEASE)
            .pollInterval(QueueProcessor.MIN_POLL_INTERVAL)
            .workerThreads(1)
            .build()) {
      processor.start();
      Instant deadline = Instant.now().plusSeconds(30);
      while (memory.get(flag.id()).orElseThrow().status() != OperationStatus.COMPLETED
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
    }
    assertThat(memory.get(flag.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(memory.pausedAccounts()).isEmpty();
    assertThat(executor.batches()).hasSize(2);
  }

  @Test
  void aClaimWhoseReplyWasLostIsGivenBackOnceTheStoreAnswers() {
    PendingOperation flag = memory.queue(NewOperation.of(Operation.flag(inbox(1))));
    failing.loseReplyOfNext("claim", 1).failNext("release", 1);
    try (QueueProcessor processor = processor().build()) {
      assertThatThrownBy(() -> processor.processPendingOperations(ACCOUNT))
          .isInstanceOf(StoreException.class);
      assertThat(memory.get(flag.id()).orElseThrow().status())
          .as("claimed under a lease the processor never heard of")
          .isEqualTo(OperationStatus.IN_FLIGHT);
      assertThatThrownBy(() -> memory.claim(ACCOUNT, "other", LEASE, 10).orElseThrow())
          .as("the account is leased")
          .isInstanceOf(java.util.NoSuchElementException.class);

      // The first try to give it back fails too (the store is still down); the next one works.
      assertThat(processor.processPendingOperations(ACCOUNT).completed()).isZero();
      ProcessingReport again = processor.processPendingOperations(ACCOUNT);

      assertThat(again.completed()).isEqualTo(1);
      PendingOperation done = memory.get(flag.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(done.attempts()).isZero();
      assertThat(executor.batches()).as("sent once: the lost claim never ran").hasSize(1);
    }
  }

  @Test
  void backgroundWorkersPickUpAnAccountWhoseClaimReplyWasLost() throws Exception {
    PendingOperation flag = memory.queue(NewOperation.of(Operation.flag(inbox(1))));
    failing.loseReplyOfNext("claim", 1);
    try (QueueProcessor processor =
        QueueProcessor.builder(failing.store(), executor)
            .leaseDuration(LEASE)
            .pollInterval(QueueProcessor.MIN_POLL_INTERVAL)
            .workerThreads(1)
            .build()) {
      processor.start();
      Instant deadline = Instant.now().plusSeconds(30);
      while (memory.get(flag.id()).orElseThrow().status() != OperationStatus.COMPLETED
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
    }
    assertThat(memory.get(flag.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(executor.batches()).hasSize(1);
  }

  @Test
  void anErrorThrownWhilePollingDoesNotStopThePoller() throws Exception {
    // The PostgreSQL driver throws AssertionError from a dead connection when assertions are on.
    failing.failNext(
        "accountsWithDueOperations", 2, () -> new AssertionError("driver assertion failed"));
    try (QueueProcessor processor =
        QueueProcessor.builder(failing.store(), executor)
            .pollInterval(QueueProcessor.MIN_POLL_INTERVAL)
            .workerThreads(1)
            .build()) {
      processor.start();
      // Queued behind the processor's back: no nudge, only a poll finds it.
      PendingOperation flag = memory.queue(NewOperation.of(Operation.flag(inbox(1))));
      Instant deadline = Instant.now().plusSeconds(30);
      while (memory.get(flag.id()).orElseThrow().status() != OperationStatus.COMPLETED
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
      assertThat(memory.get(flag.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
    }
  }

  @Test
  void anErrorThrownInAPassLeavesTheAccountToBeTriedAgain() throws Exception {
    PendingOperation flag = memory.queue(NewOperation.of(Operation.flag(inbox(1))));
    failing.failNext("record", 1, () -> new AssertionError("driver assertion failed"));
    try (QueueProcessor processor =
        QueueProcessor.builder(failing.store(), executor)
            .leaseDuration(LEASE)
            .pollInterval(QueueProcessor.MIN_POLL_INTERVAL)
            .workerThreads(1)
            .build()) {
      processor.start();
      Instant deadline = Instant.now().plusSeconds(30);
      while (memory.get(flag.id()).orElseThrow().status() != OperationStatus.COMPLETED
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
    }
    assertThat(memory.get(flag.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(executor.batches()).hasSize(2);
  }

  @Test
  void aCheckpointTheStoreCouldNotSaveCostsTheMoveNoAttempt() {
    PendingOperation move = memory.queue(NewOperation.of(Operation.move(inbox(3), "Archive")));
    Checkpoint checkpoint =
        new Checkpoint("INBOX", 42, "Archive", 9, 101, Map.of(3L, "<m3@example.com>"));
    executor.answer(
        (batch, sink) -> {
          sink.save(checkpoint); // the executor moves nothing before this returned
          return executor.succeedAll(batch, sink);
        });
    failing.failNext("saveCheckpoint", 1);
    try (QueueProcessor processor = processor().build()) {
      assertThatThrownBy(() -> processor.processPendingOperations(ACCOUNT))
          .isInstanceOf(StoreException.class);
      PendingOperation after = memory.get(move.id()).orElseThrow();
      assertThat(after.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(after.attempts()).as("the store failed, not the server").isZero();
      assertThat(after.lastError()).isNull();
      assertThat(after.nextAttemptAt()).as("due at once, no backoff").isEqualTo(clock.instant());

      processor.processPendingOperations(ACCOUNT);

      PendingOperation done = memory.get(move.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(done.attempts()).isZero();
      assertThat(listener.events).containsExactly("completed " + move.id());
    }
  }
}
