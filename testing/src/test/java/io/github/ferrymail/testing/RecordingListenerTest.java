package io.github.ferrymail.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The recording listener hears the real processor. */
class RecordingListenerTest {
  private static final String ACCOUNT = "alice";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T09:00:00Z"));
  private final InMemoryPendingOperationStore store = new InMemoryPendingOperationStore(clock);
  private final ScriptedExecutor executor = new ScriptedExecutor();
  private final RecordingListener listener = new RecordingListener();

  private QueueProcessor.Builder builder() {
    return QueueProcessor.builder(store, executor)
        .clock(clock)
        .listener(listener)
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).jitter(false).build());
  }

  private static MessageRef inbox(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", 42, uid, "<m" + uid + "@example.com>");
  }

  @Test
  void keepsEveryEventInOrderWithItsArguments() {
    try (QueueProcessor processor = builder().build()) {
      PendingOperation move = processor.queue(NewOperation.of(Operation.move(inbox(1), "Archive")));
      PendingOperation flag = processor.queue(NewOperation.of(Operation.flag(inbox(2))));
      executor.failTransiently(flag.id(), 2);

      processor.processPendingOperations(ACCOUNT);
      clock.advance(Duration.ofHours(1));
      processor.processPendingOperations(ACCOUNT);

      // The processor orders batches by its own rules; per operation the order is the calls'.
      assertThat(listener.lines())
          .startsWith("queued " + move.id(), "queued " + flag.id())
          .containsSubsequence("retry " + flag.id(), "failed " + flag.id())
          .containsOnlyOnce("completed " + move.id())
          .hasSize(5);
      assertThat(listener.newLocation(move.id()).orElseThrow().folder()).isEqualTo("Archive");
      assertThat(listener.newLocation(flag.id())).isEmpty();
      assertThat(listener.events(ListenerEvent.Failed.class))
          .singleElement()
          .satisfies(failed -> assertThat(failed.error()).hasMessageContaining("SERVER_BUSY"));
      assertThat(listener.events(ListenerEvent.RetryScheduled.class).get(0).nextAttemptAt())
          .isAfter(clock.instant().minus(Duration.ofHours(1)));

      listener.clear();
      assertThat(listener.events()).isEmpty();
    }
  }

  @Test
  void awaitsTheEventsOfABackgroundProcessor() throws InterruptedException {
    try (QueueProcessor processor = builder().pollInterval(Duration.ofMillis(100)).build()) {
      processor.start();
      processor.queue(NewOperation.of(Operation.markRead(inbox(1))));
      processor.queue(NewOperation.of(Operation.markRead(inbox(2))));

      assertThat(listener.await(ListenerEvent.Completed.class, 2, Duration.ofSeconds(30))).isTrue();
      assertThat(listener.await(ListenerEvent.Failed.class, 1, Duration.ofMillis(50))).isFalse();
    }
  }
}
