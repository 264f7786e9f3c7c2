package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.ScriptedExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The web tier of an application queues and administers through {@link QueueAdmin#forStore},
 * without a processor or an executor; a processor on another node, sharing the store, runs the
 * work.
 */
class StoreOnlyClientTest {
  private static final String ACCOUNT = "alice";

  private final InMemoryPendingOperationStore store = new InMemoryPendingOperationStore();
  private final QueueAdmin web = QueueAdmin.forStore(store);

  private static MessageRef message(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", 1, uid, "<m" + uid + "@example.com>");
  }

  @Test
  void queuesUndoesAndReadsWithoutAProcessorAndAnotherNodeRunsTheWork() throws Exception {
    PendingOperation read = web.queue(NewOperation.of(Operation.markRead(message(1)), "k1"));
    List<PendingOperation> more =
        web.queueAll(
            List.of(
                NewOperation.of(Operation.move(message(2), "Archive"), "k2"),
                NewOperation.of(Operation.flag(message(3)), "k3")));

    assertThat(web.pending(ACCOUNT, PageRequest.first(10)).items())
        .extracting(PendingOperation::id)
        .containsExactly(read.id(), more.get(0).id(), more.get(1).id());
    assertThat(web.overlay(ACCOUNT).forKey("k1").orElseThrow().flags())
        .containsEntry("\\Seen", true);
    assertThat(web.overlay(ACCOUNT).forKey("k2").orElseThrow().destination()).isEqualTo("Archive");
    assertThat(web.cancel(more.get(1).id())).isEqualTo(Undo.CANCELLED);
    assertThat(web.counts(ACCOUNT))
        .containsEntry(OperationStatus.PENDING, 2L)
        .containsEntry(OperationStatus.CANCELLED, 1L);

    ScriptedExecutor executor = new ScriptedExecutor();
    try (QueueProcessor otherNode = backgroundProcessor(executor)) {
      otherNode.start();
      await(() -> web.counts(ACCOUNT).get(OperationStatus.COMPLETED) == 2L);
    }
    assertThat(executor.batches())
        .flatExtracting(b -> b.operations().stream().map(PendingOperation::id).toList())
        .containsExactlyInAnyOrder(read.id(), more.get(0).id());
    assertThat(web.get(more.get(0).id()).orElseThrow().status())
        .isEqualTo(OperationStatus.COMPLETED);
    assertThat(web.oldestDue()).isEmpty();
  }

  @Test
  void aFailedOperationRetriedFromTheWebTierIsPickedUpByTheProcessorsPoll() throws Exception {
    AtomicBoolean refuse = new AtomicBoolean(true);
    ScriptedExecutor executor = new ScriptedExecutor();
    executor.answer(
        (batch, sink) -> {
          if (!refuse.get()) {
            return executor.succeedAll(batch, sink);
          }
          Map<Long, OperationOutcome> outcomes = new HashMap<>();
          batch
              .operations()
              .forEach(
                  op ->
                      outcomes.put(
                          op.id(),
                          OperationOutcome.failed(
                              new OperationFailedException(
                                  FailureReason.NOT_PERMITTED, "no write access"))));
          return new BatchResult(outcomes);
        });
    PendingOperation op = web.queue(NewOperation.of(Operation.flag(message(4))));

    try (QueueProcessor otherNode = backgroundProcessor(executor)) {
      otherNode.start();
      await(() -> !web.failed(ACCOUNT, PageRequest.first(10)).items().isEmpty());
      assertThat(web.failed(ACCOUNT, PageRequest.first(10)).items())
          .singleElement()
          .satisfies(f -> assertThat(f.id()).isEqualTo(op.id()));

      refuse.set(false);
      assertThat(web.retry(op.id())).isTrue(); // no processor here to nudge: the poll finds it
      await(() -> web.get(op.id()).orElseThrow().status() == OperationStatus.COMPLETED);
    }
    assertThat(executor.batches()).hasSize(2);
  }

  @Test
  void aDefaultHoldGivesEveryOperationQueuedWithoutOneAnUndoWindow() {
    QueueAdmin undoable = web.withDefaultHold(Duration.ofSeconds(10));
    PendingOperation plain = undoable.queue(NewOperation.of(Operation.markRead(message(1))));
    PendingOperation own =
        undoable.queue(NewOperation.of(Operation.flag(message(2))).withHold(Duration.ofMinutes(1)));
    List<PendingOperation> both =
        undoable.queueAll(
            List.of(
                NewOperation.of(Operation.markRead(message(3))),
                NewOperation.of(Operation.markRead(message(4)))));
    PendingOperation unheld = web.queue(NewOperation.of(Operation.markRead(message(5))));

    assertThat(plain.nextAttemptAt()).isEqualTo(plain.createdAt().plusSeconds(10));
    assertThat(own.nextAttemptAt()).isEqualTo(own.createdAt().plus(Duration.ofMinutes(1)));
    assertThat(both)
        .allSatisfy(op -> assertThat(op.nextAttemptAt()).isEqualTo(op.createdAt().plusSeconds(10)));
    assertThat(unheld.nextAttemptAt()).isEqualTo(unheld.createdAt());
    assertThat(undoable.cancel(plain.id())).isEqualTo(Undo.CANCELLED);

    try (QueueProcessor processor =
        QueueProcessor.builder(store, new ScriptedExecutor())
            .defaultHold(Duration.ofSeconds(5))
            .build()) {
      PendingOperation viaProcessor =
          processor.queue(NewOperation.of(Operation.markRead(message(6))));
      assertThat(viaProcessor.nextAttemptAt()).isEqualTo(viaProcessor.createdAt().plusSeconds(5));
    }
    assertThatThrownBy(() -> web.withDefaultHold(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultHold");
    assertThatThrownBy(
            () ->
                QueueProcessor.builder(store, new ScriptedExecutor())
                    .defaultHold(Duration.ofDays(31)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultHold");
  }

  @Test
  void queueAllNamesTheMissingOperationAndStoresNone() {
    List<NewOperation> withHole =
        Arrays.asList(NewOperation.of(Operation.markRead(message(1))), null);

    assertThatThrownBy(() -> web.queueAll(withHole))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operations[1]");
    assertThatThrownBy(() -> web.queueAll(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operations");
    assertThatThrownBy(() -> QueueAdmin.forStore(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("store");
    assertThat(web.counts(null).values()).allMatch(n -> n == 0L);
  }

  @Test
  void theProcessorsWorkersComeFromTheEmbeddersThreadFactory() throws Exception {
    AtomicInteger made = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "app-worker-" + made.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    Set<String> ranOn = ConcurrentHashMap.newKeySet();
    ScriptedExecutor executor = new ScriptedExecutor();
    executor.answer(
        (batch, sink) -> {
          ranOn.add(Thread.currentThread().getName());
          return executor.succeedAll(batch, sink);
        });
    List<NewOperation> ops = new ArrayList<>();
    for (int a = 0; a < 6; a++) {
      ops.add(NewOperation.of(Operation.markRead(MessageRef.of("acct-" + a, "INBOX", 1, 1))));
    }
    web.queueAll(ops);

    try (QueueProcessor processor =
        QueueProcessor.builder(store, executor)
            .workerThreads(2)
            .workerThreadFactory(factory)
            .pollInterval(Duration.ofMillis(100))
            .build()) {
      processor.start();
      await(() -> web.counts(null).get(OperationStatus.COMPLETED) == 6L);
    }
    assertThat(ranOn).isNotEmpty().allMatch(name -> name.startsWith("app-worker-"));
    assertThat(made.get()).isBetween(1, 2);
    assertThatThrownBy(() -> QueueProcessor.builder(store, executor).workerThreadFactory(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("workerThreadFactory");
  }

  private QueueProcessor backgroundProcessor(ScriptedExecutor executor) {
    return QueueProcessor.builder(store, executor)
        .workerThreads(1)
        .pollInterval(Duration.ofMillis(100))
        .retryPolicy(io.github.ferrymail.core.retry.RetryPolicy.builder().maxAttempts(1).build())
        .build();
  }

  private static void await(Supplier<Boolean> condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.get()) {
      assertThat(Instant.now()).as("in time").isBefore(deadline);
      Thread.sleep(20);
    }
  }
}
