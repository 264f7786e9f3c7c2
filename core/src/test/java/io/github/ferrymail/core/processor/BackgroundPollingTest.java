package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.store.InMemoryPendingOperationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The background poller drains a busy queue at the workers' pace, not one poll per interval. */
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
}
