package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.ScriptedExecutor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The background poller drains a busy queue at the workers' pace, not one poll per interval, and is
 * never interrupted in the middle of a store call.
 */
class BackgroundPollingTest {

  @Test
  void moreAccountsThanOnePollFindsAreDrainedWithoutWaitingForTheNextInterval() throws Exception {
    InMemoryPendingOperationStore store = new InMemoryPendingOperationStore();
    List<NewOperation> ops = new ArrayList<>();
    for (int a = 0; a < 50; a++) {
      ops.add(NewOperation.of(Operation.markRead(MessageRef.of("acct-" + a, "INBOX", 1, 1))));
    }
    store.queueAll(ops);
    // One worker: a poll asks for 4 accounts. With a 10-minute interval, 50 accounts would take
    // over two hours if each poll waited for the next interval.
    try (QueueProcessor processor =
        QueueProcessor.builder(store, new ScriptedExecutor())
            .workerThreads(1)
            .pollInterval(Duration.ofMinutes(10))
            .build()) {
      processor.start();
      Instant deadline = Instant.now().plusSeconds(30);
      while (store.countByStatus(null).get(OperationStatus.COMPLETED) < 50
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
    }
    assertThat(store.countByStatus(null).get(OperationStatus.COMPLETED)).isEqualTo(50);
  }

  @Test
  void aBusyQueueIsNotPolledAgainWhileTheWorkersStillHaveAccountsToGoOn() throws Exception {
    InMemoryPendingOperationStore memory = new InMemoryPendingOperationStore();
    List<NewOperation> ops = new ArrayList<>();
    for (int a = 0; a < 48; a++) {
      ops.add(NewOperation.of(Operation.markRead(MessageRef.of("acct-" + a, "INBOX", 1, 1))));
    }
    memory.queueAll(ops);
    AtomicInteger polls = new AtomicInteger();
    PendingOperationStore store =
        (PendingOperationStore)
            Proxy.newProxyInstance(
                PendingOperationStore.class.getClassLoader(),
                new Class<?>[] {PendingOperationStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("accountsWithDueOperations")) {
                    polls.incrementAndGet();
                  }
                  try {
                    return method.invoke(memory, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    // One worker: a poll hands it 4 accounts. Polling again as each one finishes, while the others
    // still wait their turn, finds nothing new: on a JDBC store under load, that query ran back to
    // back and took most of the database (the live load in docs/reliability.md).
    try (QueueProcessor processor =
        QueueProcessor.builder(store, new ScriptedExecutor())
            .workerThreads(1)
            .pollInterval(Duration.ofMinutes(10))
            .build()) {
      processor.start();
      Instant deadline = Instant.now().plusSeconds(30);
      while (memory.countByStatus(null).get(OperationStatus.COMPLETED) < 48
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
    }
    assertThat(memory.countByStatus(null).get(OperationStatus.COMPLETED)).isEqualTo(48);
    // 4 accounts per poll, the next poll while one is still waiting: about 16 polls, not 48.
    assertThat(polls.get()).isLessThanOrEqualTo(18);
  }

  @Test
  void accountsAnotherProcessorHoldsDoNotMakeThePollerPollAgainAtOnce() throws Exception {
    InMemoryPendingOperationStore memory = new InMemoryPendingOperationStore();
    List<NewOperation> ops = new ArrayList<>();
    for (int a = 0; a < 8; a++) {
      ops.add(NewOperation.of(Operation.markRead(MessageRef.of("acct-" + a, "INBOX", 1, 1))));
    }
    memory.queueAll(ops);
    AtomicInteger polls = new AtomicInteger();
    AtomicInteger claims = new AtomicInteger();
    // Another processor holds every account: each claim comes back empty at once.
    PendingOperationStore store =
        (PendingOperationStore)
            Proxy.newProxyInstance(
                PendingOperationStore.class.getClassLoader(),
                new Class<?>[] {PendingOperationStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("accountsWithDueOperations")) {
                    polls.incrementAndGet();
                  }
                  if (method.getName().equals("claim")) {
                    claims.incrementAndGet();
                    return Optional.empty();
                  }
                  try {
                    return method.invoke(memory, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    try (QueueProcessor processor =
        QueueProcessor.builder(store, new ScriptedExecutor())
            .workerThreads(1)
            .pollInterval(Duration.ofMinutes(10))
            .build()) {
      processor.start();
      Thread.sleep(1_000);
    }
    // One poll, its four accounts tried once each. Polling again after each busy account made a
    // loop of polls and empty claims between processors (the live load in docs/reliability.md).
    assertThat(polls.get()).isEqualTo(1);
    assertThat(claims.get()).isEqualTo(4);
  }

  @Test
  void closeLetsAPollInProgressFinishInsteadOfInterruptingItsStoreCall() throws Exception {
    CountDownLatch polling = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    InMemoryPendingOperationStore memory = new InMemoryPendingOperationStore();
    PendingOperationStore store =
        (PendingOperationStore)
            Proxy.newProxyInstance(
                PendingOperationStore.class.getClassLoader(),
                new Class<?>[] {PendingOperationStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("accountsWithDueOperations")) {
                    polling.countDown();
                    try {
                      Thread.sleep(2_000); // a slow query
                    } catch (InterruptedException e) {
                      interrupted.set(true); // what breaks a JDBC connection, or an H2 file
                      Thread.currentThread().interrupt();
                    }
                    finished.set(true);
                  }
                  try {
                    return method.invoke(memory, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    QueueProcessor processor =
        QueueProcessor.builder(store, new ScriptedExecutor())
            .pollInterval(Duration.ofMinutes(10))
            .build();
    processor.start();
    assertThat(polling.await(10, TimeUnit.SECONDS)).isTrue();

    processor.close();

    assertThat(interrupted).isFalse();
    assertThat(finished).isTrue();
  }
}
