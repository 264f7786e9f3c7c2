package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.AccountPause;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.ScriptedExecutor;
import io.github.ferrymail.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueProcessorTest {
  private static final String ACCOUNT = "alice";
  private static final long INBOX_VALIDITY = 42;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private InMemoryPendingOperationStore store;
  private ScriptedExecutor executor;
  private RecordingListener listener;
  private QueueProcessor processor;

  @BeforeEach
  void setUp() {
    store = new InMemoryPendingOperationStore(clock);
    executor = new ScriptedExecutor();
    listener = new RecordingListener();
    processor = newProcessor("worker-1");
  }

  @AfterEach
  void tearDown() {
    processor.close();
  }

  private QueueProcessor newProcessor(String workerId) {
    return QueueProcessor.builder(store, executor)
        .clock(clock)
        .workerId(workerId)
        .retryPolicy(
            RetryPolicy.builder()
                .initialBackoff(Duration.ofSeconds(10))
                .maxBackoff(Duration.ofMinutes(5))
                .accountPause(Duration.ofMinutes(5))
                .jitter(false)
                .build())
        .listener(listener)
        .build();
  }

  private static MessageRef inbox(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", INBOX_VALIDITY, uid, "<m" + uid + "@example.com>");
  }

  private PendingOperation queue(Operation op) {
    return processor.queue(NewOperation.of(op));
  }

  private OperationStatus status(PendingOperation op) {
    return store.get(op.id()).orElseThrow().status();
  }

  @Test
  void marksFiveHundredMessagesReadInOneBatch() {
    List<PendingOperation> ops = new ArrayList<>();
    for (long uid = 1; uid <= 500; uid++) {
      ops.add(queue(Operation.markRead(inbox(uid))));
    }

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(report.completed()).isEqualTo(500);
    assertThat(executor.batches()).hasSize(1);
    assertThat(executor.batches().get(0).kind()).isEqualTo(OperationKind.FLAGS);
    assertThat(executor.batches().get(0).uids()).hasSize(500);
    assertThat(ops).allSatisfy(op -> assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED));
  }

  @Test
  void batchesPerKindFolderAndDestination() {
    queue(Operation.markRead(inbox(1)));
    queue(Operation.markRead(new MessageRef(ACCOUNT, "Work", 9, 1, null)));
    queue(Operation.move(inbox(2), "Archive"));
    queue(Operation.move(inbox(3), "Archive"));
    queue(Operation.move(inbox(4), "Receipts"));
    queue(Operation.flag(inbox(5)));

    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches())
        .extracting(
            b ->
                b.kind()
                    + " "
                    + b.template().payload()
                    + " "
                    + b.folder()
                    + " -> "
                    + b.destination()
                    + " "
                    + b.uids())
        .containsExactly(
            "FLAGS +\\Seen INBOX -> null [1]",
            "FLAGS +\\Seen Work -> null [1]",
            "FLAGS +\\Flagged INBOX -> null [5]",
            "MOVE null INBOX -> Archive [2, 3]",
            "MOVE null INBOX -> Receipts [4]");
  }

  @Test
  void flagChangesWithTheSameDeltaShareABatchPerFolder() {
    for (long uid = 1; uid <= 3; uid++) {
      queue(Operation.markJunk(inbox(uid)));
    }
    queue(Operation.markNotJunk(inbox(4)));
    queue(Operation.changeFlags(inbox(5), FlagDelta.of(Set.of("$Junk"), Set.of("$NotJunk"))));
    queue(Operation.changeFlags(inbox(6), FlagDelta.adding("$label1")));

    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches())
        .extracting(b -> b.template().payload() + " " + b.uids())
        .containsExactly("+$Junk -$NotJunk [1, 2, 3, 5]", "+$NotJunk -$Junk [4]", "+$label1 [6]");
  }

  @Test
  void aFlagChangeThatDisagreesWithAnEarlierOneRunsInTheNextPassAfterIt() {
    PendingOperation both =
        queue(Operation.changeFlags(inbox(1), FlagDelta.adding("\\Seen", "\\Flagged")));
    PendingOperation unread = queue(Operation.markUnread(inbox(1)));

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches())
        .extracting(b -> b.template().payload())
        .containsExactly("+\\Flagged +\\Seen", "-\\Seen");
    assertThat(report.completed()).isEqualTo(2);
    assertThat(report.deferred()).isEqualTo(1);
    assertThat(status(both)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(unread)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void aDeferredFlagChangeWaitsBehindTheEarlierOneWhenThatFails() {
    PendingOperation both =
        queue(Operation.changeFlags(inbox(1), FlagDelta.adding("\\Seen", "\\Flagged")));
    PendingOperation unread = queue(Operation.markUnread(inbox(1)));
    executor.answer(
        (batch, sink) -> {
          throw new OperationFailedException(FailureReason.CONNECTION_LOST, "dropped");
        });

    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches()).hasSize(1);
    assertThat(status(both)).isEqualTo(OperationStatus.PENDING);
    assertThat(store.get(both.id()).orElseThrow().attempts()).isEqualTo(1);
    assertThat(status(unread)).isEqualTo(OperationStatus.PENDING);
    assertThat(store.get(unread.id()).orElseThrow().attempts()).isZero();

    executor.answer(executor::succeedAll);
    clock.advance(Duration.ofSeconds(10));
    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches())
        .extracting(b -> b.template().payload())
        .containsExactly("+\\Flagged +\\Seen", "+\\Flagged +\\Seen", "-\\Seen");
    assertThat(status(unread)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void transientFailureIsRescheduledWithBackoffThenSucceeds() {
    PendingOperation op = queue(Operation.flag(inbox(1)));
    executor.answer(
        (batch, sink) -> {
          throw new OperationFailedException(FailureReason.CONNECTION_LOST, "connection reset");
        });

    ProcessingReport first = processor.processPendingOperations(ACCOUNT);

    PendingOperation after = store.get(op.id()).orElseThrow();
    assertThat(first.rescheduled()).isEqualTo(1);
    assertThat(after.status()).isEqualTo(OperationStatus.PENDING);
    assertThat(after.attempts()).isEqualTo(1);
    assertThat(after.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(10));
    assertThat(after.lastError()).contains("CONNECTION_LOST").contains("connection reset");
    assertThat(listener.events).contains("retry " + op.id());

    // Not due yet: nothing runs.
    executor.answer(executor::succeedAll);
    assertThat(processor.processPendingOperations(ACCOUNT).claimed()).isZero();

    clock.advance(Duration.ofSeconds(10));
    ProcessingReport second = processor.processPendingOperations(ACCOUNT);
    assertThat(second.completed()).isEqualTo(1);
    assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void failsAfterMaxAttemptsAndIsListedThenRetriedByAdmin() {
    PendingOperation op = queue(Operation.markUnread(inbox(1)));
    executor.answer(
        (batch, sink) -> {
          throw new OperationFailedException(FailureReason.TIMEOUT, "read timed out");
        });

    for (int attempt = 0; attempt < RetryPolicy.DEFAULT_MAX_ATTEMPTS; attempt++) {
      processor.processPendingOperations(ACCOUNT);
      clock.advance(Duration.ofMinutes(10));
    }

    PendingOperation failed = store.get(op.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(processor.admin().failed(ACCOUNT, PageRequest.first(10)).items())
        .extracting(PendingOperation::id)
        .containsExactly(op.id());
    assertThat(listener.events).contains("failed " + op.id());

    executor.answer(executor::succeedAll);
    assertThat(processor.admin().retry(op.id())).isTrue();
    processor.processPendingOperations(ACCOUNT);
    assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(processor.admin().failed(ACCOUNT, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void permanentFailureFailsAtOnce() {
    PendingOperation gone = queue(Operation.flag(inbox(1)));
    PendingOperation fine = queue(Operation.flag(inbox(2)));
    executor.answer(
        (batch, sink) -> {
          Map<Long, OperationOutcome> out = new HashMap<>();
          for (PendingOperation op : batch.operations()) {
            out.put(
                op.id(),
                op.id() == gone.id()
                    ? OperationOutcome.failed(
                        new OperationFailedException(
                            FailureReason.MESSAGE_NOT_FOUND, "UID 1 is not in INBOX"))
                    : OperationOutcome.succeeded(null));
          }
          return new BatchResult(out);
        });

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.completed()).isEqualTo(1);
    assertThat(store.get(gone.id()).orElseThrow().attempts()).isEqualTo(1);
    assertThat(status(gone)).isEqualTo(OperationStatus.FAILED);
    assertThat(status(fine)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void authenticationFailurePausesTheAccountWithoutBurningAttempts() {
    PendingOperation a = queue(Operation.markRead(inbox(1)));
    PendingOperation b = queue(Operation.move(inbox(2), "Archive"));
    PendingOperation other =
        processor.queue(
            NewOperation.of(Operation.markRead(new MessageRef("bob", "INBOX", 1, 1, null))));
    executor.answer(
        (batch, sink) -> {
          if (batch.account().equals(ACCOUNT)) {
            throw new OperationFailedException(FailureReason.AUTHENTICATION_FAILED, "LOGIN failed");
          }
          return executor.succeedAll(batch, sink);
        });

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);
    ProcessingReport bob = processor.processPendingOperations("bob");

    assertThat(report.accountPaused()).isTrue();
    assertThat(store.get(a.id()).orElseThrow().attempts()).isZero();
    assertThat(store.get(b.id()).orElseThrow().attempts()).isZero();
    assertThat(status(a)).isEqualTo(OperationStatus.PENDING);
    assertThat(status(b)).isEqualTo(OperationStatus.PENDING);
    assertThat(processor.admin().pausedAccounts())
        .containsEntry(ACCOUNT, clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(bob.completed()).isEqualTo(1);
    assertThat(status(other)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(listener.events).contains("paused " + ACCOUNT);

    // While paused nothing is claimed; once the credentials work again it drains.
    assertThat(processor.processPendingOperations(ACCOUNT).accountBusy()).isTrue();
    executor.answer(executor::succeedAll);
    clock.advance(Duration.ofMinutes(5));
    assertThat(processor.processPendingOperations(ACCOUNT).completed()).isEqualTo(2);
  }

  @Test
  void repeatedAccountFailuresDoubleThePause() {
    queue(Operation.markRead(inbox(1)));
    executor.answer(
        (batch, sink) -> {
          throw new OperationFailedException(FailureReason.AUTHENTICATION_FAILED, "no");
        });
    processor.processPendingOperations(ACCOUNT);
    clock.advance(Duration.ofMinutes(5));
    Instant secondFailure = clock.instant();
    processor.processPendingOperations(ACCOUNT);

    assertThat(processor.admin().pausedAccounts())
        .containsEntry(ACCOUNT, secondFailure.plus(Duration.ofMinutes(10)));
  }

  @Test
  void aPauseAnotherProcessorMadeLengthensTheNextAndACompletionStartsTheCountAgain() {
    PendingOperation read = queue(Operation.markRead(inbox(1)));
    executor.answer(
        (batch, sink) -> {
          throw new OperationFailedException(FailureReason.AUTHENTICATION_FAILED, "no");
        });
    processor.processPendingOperations(ACCOUNT);
    clock.advance(Duration.ofMinutes(5));
    Instant secondFailure = clock.instant();
    try (QueueProcessor otherNode = newProcessor("other-node")) {
      otherNode.processPendingOperations(ACCOUNT);

      assertThat(otherNode.admin().pauses().get(ACCOUNT))
          .as("the other node counts this node's pause")
          .isEqualTo(
              new AccountPause(
                  ACCOUNT,
                  secondFailure.plus(Duration.ofMinutes(10)),
                  "[AUTHENTICATION_FAILED] no",
                  2));
      assertThat(store.get(read.id()).orElseThrow().lastError())
          .as("the waiting operation says why")
          .contains("account paused until " + secondFailure.plus(Duration.ofMinutes(10)));

      clock.advance(Duration.ofMinutes(10));
      executor.answer(executor::succeedAll);
      assertThat(otherNode.processPendingOperations(ACCOUNT).completed()).isEqualTo(1);
      assertThat(store.pausesInARow(ACCOUNT)).isZero();
    }
  }

  @Test
  void markReadQueuedAfterAMoveLandsOnTheMovedMessage() {
    PendingOperation move = queue(Operation.move(inbox(5), "Archive"));
    PendingOperation read = queue(Operation.markRead(inbox(5)));

    processor.processPendingOperations(ACCOUNT);

    assertThat(status(move)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(read)).isEqualTo(OperationStatus.COMPLETED);
    List<OperationBatch> batches = executor.batches();
    assertThat(batches)
        .extracting(OperationBatch::kind)
        .containsExactly(OperationKind.MOVE, OperationKind.FLAGS);
    assertThat(batches.get(1).folder()).isEqualTo("Archive");
    assertThat(batches.get(1).uidValidity()).isEqualTo(ScriptedExecutor.DESTINATION_UID_VALIDITY);
    assertThat(listener.newLocations).containsKey(move.id());
    assertThat(store.get(read.id()).orElseThrow().message().folder()).isEqualTo("Archive");
  }

  @Test
  void laterOperationsOnAMessageWaitBehindAFailedMoveWhileOthersGoOn() {
    PendingOperation move = queue(Operation.move(inbox(5), "Archive"));
    PendingOperation readSame = queue(Operation.markRead(inbox(5)));
    PendingOperation readOther = queue(Operation.markRead(inbox(6)));
    executor.answer(
        (batch, sink) -> {
          if (batch.kind() == OperationKind.MOVE) {
            throw new OperationFailedException(FailureReason.CONNECTION_LOST, "dropped");
          }
          return executor.succeedAll(batch, sink);
        });

    processor.processPendingOperations(ACCOUNT);

    assertThat(status(move)).isEqualTo(OperationStatus.PENDING);
    assertThat(status(readOther)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(readSame)).isEqualTo(OperationStatus.PENDING);
    assertThat(store.get(readSame.id()).orElseThrow().attempts()).isZero();
    assertThat(executor.batches())
        .noneMatch(b -> b.kind() == OperationKind.FLAGS && b.uids().contains(5L));

    // A queued flag on the same message also waits behind the move until it is due.
    PendingOperation flagSame = queue(Operation.flag(inbox(5)));
    processor.processPendingOperations(ACCOUNT);
    assertThat(status(flagSame)).isEqualTo(OperationStatus.PENDING);

    executor.answer(executor::succeedAll);
    clock.advance(Duration.ofMinutes(1));
    processor.processPendingOperations(ACCOUNT);
    assertThat(status(move)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(readSame)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(flagSame)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void coalescingCancelsSupersededOperationsBeforeExecuting() {
    PendingOperation read1 = queue(Operation.markRead(inbox(1)));
    PendingOperation unread = queue(Operation.markUnread(inbox(1)));
    PendingOperation read2 = queue(Operation.markRead(inbox(1)));
    PendingOperation trash = queue(Operation.moveToTrash(inbox(2)));
    PendingOperation restore = queue(Operation.restore(inbox(2), "INBOX"));

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(report.cancelled()).isEqualTo(4);
    assertThat(report.completed()).isEqualTo(1);
    assertThat(status(read1)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(status(unread)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(status(read2)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(trash)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(status(restore)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(executor.batches()).hasSize(1);
    assertThat(listener.events).contains("cancelled " + trash.id());
  }

  @Test
  void checkpointSavedByTheExecutorReachesTheRetry() {
    PendingOperation move = queue(Operation.move(inbox(3), "Archive"));
    Checkpoint checkpoint =
        new Checkpoint("INBOX", INBOX_VALIDITY, "Archive", 9, 101, Map.of(3L, "<m3@example.com>"));
    List<Checkpoint> seenOnRetry = new CopyOnWriteArrayList<>();
    executor.answer(
        (batch, sink) -> {
          PendingOperation op = batch.operations().get(0);
          if (op.checkpoint() == null) {
            sink.save(checkpoint);
            throw new OperationFailedException(FailureReason.CONNECTION_LOST, "cut after COPY");
          }
          seenOnRetry.add(op.checkpoint());
          return executor.succeedAll(batch, sink);
        });

    processor.processPendingOperations(ACCOUNT);
    assertThat(store.get(move.id()).orElseThrow().checkpoint()).isEqualTo(checkpoint);
    clock.advance(Duration.ofMinutes(1));
    processor.processPendingOperations(ACCOUNT);

    assertThat(seenOnRetry).containsExactly(checkpoint);
    assertThat(status(move)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void aFlagChangeAfterAMoveThatMayHaveHappenedRunsWhereTheMessageLandsNotWhereItWas() {
    // The move's first attempt reached UID MOVE and lost the reply (or its worker died): the
    // message may be in Sent already. The application, not having heard, flags it and trashes it,
    // naming INBOX/5 both times (the ordering convention).
    PendingOperation move = queue(Operation.move(inbox(5), "Sent"));
    executor.answer(
        (batch, sink) -> {
          if (batch.kind() == OperationKind.MOVE) {
            sink.save(
                new Checkpoint("INBOX", INBOX_VALIDITY, "Sent", 9, 101, Map.of(5L, "<m5@x>")));
            throw new OperationFailedException(FailureReason.CONNECTION_LOST, "cut after MOVE");
          }
          if (batch.folder().equals("INBOX") && batch.kind() == OperationKind.FLAGS) {
            Map<Long, OperationOutcome> gone = new HashMap<>();
            for (PendingOperation op : batch.operations()) {
              OperationFailedException e =
                  new OperationFailedException(FailureReason.MESSAGE_NOT_FOUND, "not in INBOX");
              gone.put(op.id(), OperationOutcome.failed(e));
            }
            return new BatchResult(gone);
          }
          return executor.succeedAll(batch, sink);
        });
    processor.processPendingOperations(ACCOUNT);
    PendingOperation flag = queue(Operation.flag(inbox(5)));
    PendingOperation trash = queue(Operation.moveToTrash(inbox(5)));
    clock.advance(Duration.ofMinutes(1));

    processor.processPendingOperations(ACCOUNT);

    // The trash inherits the move's checkpoint (it finds the message in Sent); the flag change,
    // queued after the move, must not run in INBOX, where the message may no longer be (on a
    // server it failed there as MESSAGE_NOT_FOUND): it runs after the trash, on its new UID.
    assertThat(status(move)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(status(trash)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(flag)).isEqualTo(OperationStatus.COMPLETED);
    List<OperationBatch> batches = executor.batches();
    assertThat(batches)
        .extracting(OperationBatch::kind)
        .containsExactly(OperationKind.MOVE, OperationKind.MOVE_TO_TRASH, OperationKind.FLAGS);
    assertThat(batches.get(1).operations().get(0).checkpoint()).isNotNull();
    assertThat(batches.get(2).folder()).isEqualTo("Trash");
  }

  @Test
  void anOperationTheExecutorForgotIsRetriedNotLost() {
    PendingOperation op = queue(Operation.flag(inbox(1)));
    executor.answer((batch, sink) -> new BatchResult(Map.of()));

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(report.rescheduled()).isEqualTo(1);
    assertThat(store.get(op.id()).orElseThrow().lastError()).contains("no outcome");
  }

  @Test
  void aWorkerWhoseLeaseWasTakenOverStopsAndRecordsNothing() {
    PendingOperation first = queue(Operation.markRead(inbox(1)));
    PendingOperation second = queue(Operation.move(inbox(2), "Archive"));
    QueueProcessor rival = newProcessor("worker-2");
    List<ProcessingReport> rivalReports = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean stalled =
        new java.util.concurrent.atomic.AtomicBoolean();
    executor.answer(
        (batch, sink) -> {
          if (batch.kind() == OperationKind.FLAGS && stalled.compareAndSet(false, true)) {
            // This worker stalls past its lease; the rival takes the account over meanwhile.
            clock.advance(QueueProcessor.DEFAULT_LEASE_DURATION.plusSeconds(1));
            rivalReports.add(rival.processPendingOperations(ACCOUNT));
          }
          return executor.succeedAll(batch, sink);
        });

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(report.leaseLost()).isTrue();
    assertThat(rivalReports.get(0).completed()).isEqualTo(2);
    assertThat(status(first)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(second)).isEqualTo(OperationStatus.COMPLETED);
    // The move ran once, by the rival: the stalled worker stopped after losing its lease.
    assertThat(executor.batches()).filteredOn(b -> b.kind() == OperationKind.MOVE).hasSize(1);
    rival.close();
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheQueue() {
    QueueProcessor withBadListener =
        QueueProcessor.builder(store, executor)
            .clock(clock)
            .listener(
                new ProcessingListener() {
                  @Override
                  public void completed(PendingOperation operation, MessageRef newLocation) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .build();
    PendingOperation a = queue(Operation.flag(inbox(1)));
    PendingOperation b = queue(Operation.flag(inbox(2)));

    assertThat(withBadListener.processPendingOperations(ACCOUNT).completed()).isEqualTo(2);
    assertThat(status(a)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(b)).isEqualTo(OperationStatus.COMPLETED);
    withBadListener.close();
  }

  @Test
  void backgroundModeProcessesQueuedOperationsAndCloseWaitsForThem() throws Exception {
    CountDownLatch executed = new CountDownLatch(3);
    executor.answer(
        (batch, sink) -> {
          batch.operations().forEach(op -> executed.countDown());
          return executor.succeedAll(batch, sink);
        });
    QueueProcessor background =
        QueueProcessor.builder(store, executor)
            .clock(clock)
            .workerThreads(2)
            .pollInterval(Duration.ofMillis(100))
            .build();
    background.start();

    background.queue(NewOperation.of(Operation.markRead(inbox(1))));
    background.queue(
        NewOperation.of(Operation.markRead(new MessageRef("bob", "INBOX", 1, 1, null))));
    background.queue(NewOperation.of(Operation.flag(inbox(2))));

    assertThat(executed.await(30, TimeUnit.SECONDS)).isTrue();
    background.close();
    assertThat(store.countByStatus(null))
        .containsEntry(OperationStatus.COMPLETED, 3L)
        .containsEntry(OperationStatus.IN_FLIGHT, 0L);
    assertThatThrownBy(background::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void processAllDueDrainsEveryAccount() {
    queue(Operation.flag(inbox(1)));
    processor.queue(NewOperation.of(Operation.flag(new MessageRef("bob", "INBOX", 1, 1, null))));

    List<ProcessingReport> reports = processor.processAllDue();

    assertThat(reports)
        .extracting(ProcessingReport::account)
        .containsExactlyInAnyOrder(ACCOUNT, "bob");
    assertThat(store.countByStatus(null)).containsEntry(OperationStatus.COMPLETED, 2L);
  }

  @Test
  void builderRejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> QueueProcessor.builder(null, executor)).hasMessageContaining("store");
    assertThatThrownBy(
            () -> QueueProcessor.builder(store, executor).pollInterval(Duration.ofMillis(5)))
        .hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> QueueProcessor.builder(store, executor).claimLimit(0))
        .hasMessageContaining("claimLimit");
    assertThatThrownBy(() -> processor.processPendingOperations(" "))
        .hasMessageContaining("account");
  }

  /** Records listener events as short strings. */
  static final class RecordingListener implements ProcessingListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<Long, MessageRef> newLocations = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void completed(PendingOperation operation, MessageRef newLocation) {
      events.add("completed " + operation.id());
      if (newLocation != null) {
        newLocations.put(operation.id(), newLocation);
      }
    }

    @Override
    public void retryScheduled(PendingOperation operation, Instant nextAttemptAt, Throwable error) {
      events.add("retry " + operation.id());
    }

    @Override
    public void failed(PendingOperation operation, Throwable error) {
      events.add("failed " + operation.id());
    }

    @Override
    public void cancelled(PendingOperation operation, String reason) {
      events.add("cancelled " + operation.id());
    }

    @Override
    public void accountPaused(String account, Instant until, Throwable error) {
      events.add("paused " + account);
    }
  }
}
