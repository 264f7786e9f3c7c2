package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.ScriptedExecutor;
import io.github.ferrymail.testing.SettableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor's durable path: one store call per batch, checkpoints per group, forwarding of
 * operations queued for a location a move left, and moves whose new UID is unknown.
 */
class BatchRecordingTest {
  private static final String ACCOUNT = "alice";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final InMemoryPendingOperationStore memory = new InMemoryPendingOperationStore(clock);
  private final Map<String, Integer> calls = new ConcurrentHashMap<>();
  private final PendingOperationStore store = counting(memory);
  private final ScriptedExecutor executor = new ScriptedExecutor();
  private final QueueProcessorTest.RecordingListener listener =
      new QueueProcessorTest.RecordingListener();
  private final QueueProcessor processor =
      QueueProcessor.builder(store, executor).clock(clock).listener(listener).build();

  @AfterEach
  void close() {
    processor.close();
  }

  private PendingOperationStore counting(PendingOperationStore target) {
    return (PendingOperationStore)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {PendingOperationStore.class},
            (proxy, method, args) -> {
              calls.merge(method.getName(), 1, Integer::sum);
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static MessageRef inbox(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", 42, uid, "<m" + uid + "@example.com>");
  }

  private PendingOperation queue(Operation op) {
    return store.queue(NewOperation.of(op));
  }

  private PendingOperation reload(PendingOperation op) {
    return memory.get(op.id()).orElseThrow();
  }

  private int calls(String method) {
    return calls.getOrDefault(method, 0);
  }

  @Test
  void aBatchThatFailedTogetherIsRetriedTogetherDespiteTheJitter() {
    List<PendingOperation> ops = new ArrayList<>();
    for (long uid = 1; uid <= 500; uid++) {
      ops.add(queue(Operation.markRead(inbox(uid))));
    }
    executor.answer(
        (batch, sink) -> {
          throw new OperationFailedException(FailureReason.CONNECTION_LOST, "connection reset");
        });
    processor.processPendingOperations(ACCOUNT);

    // The default policy jitters: drawn per operation, 500 retry times would scatter the batch.
    List<Instant> retryAt = ops.stream().map(op -> reload(op).nextAttemptAt()).distinct().toList();
    assertThat(retryAt).hasSize(1);
    assertThat(retryAt.get(0)).isAfterOrEqualTo(clock.instant());

    executor.answer(executor::succeedAll);
    clock.set(retryAt.get(0));
    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches()).hasSize(2);
    assertThat(executor.batches().get(1).operations()).hasSize(500);
    assertThat(ops).allMatch(op -> reload(op).status() == OperationStatus.COMPLETED);
  }

  @Test
  void aThousandMarkReadsAreTwoStoreCallsOfOutcomes() {
    List<NewOperation> ops = new ArrayList<>();
    for (long uid = 1; uid <= 1000; uid++) {
      ops.add(NewOperation.of(Operation.markRead(inbox(uid))));
    }
    store.queueAll(ops);

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(report.completed()).isEqualTo(1000);
    assertThat(executor.batches()).hasSize(2);
    assertThat(calls("record")).isEqualTo(2);
    assertThat(calls("complete") + calls("fail") + calls("reschedule") + calls("cancel"))
        .as("no per-operation store calls")
        .isZero();
    assertThat(memory.countByStatus(ACCOUNT).get(OperationStatus.COMPLETED)).isEqualTo(1000);
  }

  @Test
  void thePassesCancellationsAreOneStoreCall() {
    for (long uid = 1; uid <= 20; uid++) {
      queue(Operation.markRead(inbox(uid)));
      queue(Operation.markUnread(inbox(uid)));
    }

    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(report.cancelled()).isEqualTo(20);
    assertThat(report.completed()).isEqualTo(20);
    assertThat(calls("record")).as("the cancellations, then the batch").isEqualTo(2);
  }

  @Test
  void eachGroupsCheckpointIsWrittenOnItsOwnOperationsInOneCall() {
    PendingOperation a = queue(Operation.move(inbox(1), "Archive"));
    PendingOperation b = queue(Operation.move(inbox(2), "Archive"));
    PendingOperation c = queue(Operation.move(inbox(3), "Archive"));
    Checkpoint first = new Checkpoint("INBOX", 42, "Archive", 7, 100, Map.of());
    Checkpoint second = new Checkpoint("INBOX", 42, "Old", 8, 200, Map.of());
    Map<Long, Checkpoint> seen = new HashMap<>();
    executor.answer(
        (batch, sink) -> {
          sink.save(List.of(a.id(), b.id()), first);
          sink.forOperations(List.of(c.id())).save(second);
          batch
              .operations()
              .forEach(op -> seen.put(op.id(), memory.get(op.id()).get().checkpoint()));
          return new BatchResult(
              Map.of(
                  a.id(),
                      OperationOutcome.failed(
                          new OperationFailedException(FailureReason.SERVER_BUSY, "busy")),
                  b.id(),
                      OperationOutcome.failed(
                          new OperationFailedException(FailureReason.SERVER_BUSY, "busy")),
                  c.id(),
                      OperationOutcome.failed(
                          new OperationFailedException(FailureReason.SERVER_BUSY, "busy"))));
        });

    processor.processPendingOperations(ACCOUNT);

    assertThat(calls("saveCheckpoint")).isEqualTo(2);
    assertThat(seen)
        .containsEntry(a.id(), first)
        .containsEntry(b.id(), first)
        .containsEntry(c.id(), second);
    assertThat(reload(c).checkpoint()).as("kept for the retry").isEqualTo(second);
  }

  @Test
  void aFlagQueuedForTheOldLocationAfterTheMoveRunsWhereTheMessageIsNow() {
    queue(Operation.move(inbox(1), "Archive"));
    processor.processPendingOperations(ACCOUNT);
    MessageRef archived = listener.newLocations.values().iterator().next();

    PendingOperation flag = queue(Operation.flag(inbox(1)));
    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches().get(1).kind()).isEqualTo(OperationKind.FLAGS);
    assertThat(executor.batches().get(1).folder()).isEqualTo("Archive");
    assertThat(executor.batches().get(1).uids()).containsExactly(archived.uid());
    assertThat(reload(flag).status()).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void aMoveBackQueuedForTheOldLocationMovesTheMessageBackInsteadOfBeingCancelled() {
    queue(Operation.move(inbox(1), "Archive"));
    processor.processPendingOperations(ACCOUNT);

    PendingOperation back = queue(Operation.move(inbox(1), "INBOX"));
    ProcessingReport report = processor.processPendingOperations(ACCOUNT);

    assertThat(report.cancelled()).isZero();
    assertThat(executor.batches().get(1).folder()).isEqualTo("Archive");
    assertThat(executor.batches().get(1).destination()).isEqualTo("INBOX");
    assertThat(reload(back).status()).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void operationsOnAMessageMovedToAnUnknownUidFailTellingTheApplicationToResynchronise() {
    queue(Operation.move(inbox(1), "Archive"));
    PendingOperation sameClaim = queue(Operation.markRead(inbox(1)));
    executor.answer(
        (batch, sink) ->
            batch.kind() == OperationKind.MOVE
                ? new BatchResult(
                    Map.of(
                        batch.operations().get(0).id(),
                        OperationOutcome.movedUidUnknown("Archive")))
                : executor.succeedAll(batch, sink));

    processor.processPendingOperations(ACCOUNT);
    PendingOperation later = queue(Operation.flag(inbox(1)));
    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches()).extracting(b -> b.kind()).containsExactly(OperationKind.MOVE);
    List<FinishedOperation> feed = store.finishedSince(ACCOUNT, 0, 10);
    assertThat(feed.get(0).relocation()).isEqualTo(Relocation.uidUnknown("Archive"));
    assertThat(feed)
        .filteredOn(f -> f.operation().id() != feed.get(0).operation().id())
        .extracting(f -> f.operation().id())
        .containsExactlyInAnyOrder(sameClaim.id(), later.id());
    assertThat(feed.subList(1, 3))
        .allSatisfy(
            f -> {
              assertThat(f.failureReason()).isEqualTo(FailureReason.MESSAGE_LOCATION_UNKNOWN);
              assertThat(f.operation().lastError()).contains("Archive").contains("resynchronise");
            });
    assertThat(listener.events).contains("failed " + sameClaim.id(), "failed " + later.id());
  }

  @Test
  void aRetryAfterAPartwayMoveStartsFromWhereTheMessageGot() {
    PendingOperation move = queue(Operation.move(inbox(1), "Elsewhere"));
    MessageRef halfway = new MessageRef(ACCOUNT, "Archive", 7, 55, null);
    executor.answer(
        (batch, sink) ->
            new BatchResult(
                Map.of(
                    move.id(),
                    OperationOutcome.failedPartway(
                        new OperationFailedException(FailureReason.CONNECTION_LOST, "cut"),
                        halfway))));
    processor.processPendingOperations(ACCOUNT);
    assertThat(reload(move).status()).isEqualTo(OperationStatus.PENDING);
    assertThat(reload(move).message().sameMessage(halfway)).isTrue();

    executor.answer(executor::succeedAll);
    clock.advance(java.time.Duration.ofHours(1));
    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches().get(1).folder()).isEqualTo("Archive");
    assertThat(executor.batches().get(1).uids()).containsExactly(55L);
    assertThat(reload(move).status()).isEqualTo(OperationStatus.COMPLETED);
  }
}
