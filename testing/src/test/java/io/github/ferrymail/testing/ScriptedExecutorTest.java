package io.github.ferrymail.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.BatchResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scripted executor under the real processor and the in-memory store. */
class ScriptedExecutorTest {
  private static final String ACCOUNT = "alice";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T09:00:00Z"));
  private final InMemoryPendingOperationStore store = new InMemoryPendingOperationStore(clock);
  private final ScriptedExecutor executor = new ScriptedExecutor();
  private final RecordingListener listener = new RecordingListener();
  private final QueueProcessor processor =
      QueueProcessor.builder(store, executor)
          .clock(clock)
          .listener(listener)
          .retryPolicy(
              RetryPolicy.builder()
                  .initialBackoff(Duration.ofSeconds(10))
                  .accountPause(Duration.ofMinutes(5))
                  .jitter(false)
                  .build())
          .build();

  @AfterEach
  void close() {
    processor.close();
  }

  private static MessageRef inbox(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", 42, uid, "<m" + uid + "@example.com>");
  }

  private PendingOperation queue(Operation op) {
    return processor.queue(NewOperation.of(op));
  }

  private OperationStatus status(PendingOperation op) {
    return store.get(op.id()).orElseThrow().status();
  }

  private ProcessingReport passAfter(Duration wait) {
    clock.advance(wait);
    return processor.processPendingOperations(ACCOUNT);
  }

  @Test
  void everythingSucceedsByDefaultAndAMoveLandsOnANewUid() {
    PendingOperation read = queue(Operation.markRead(inbox(1)));
    PendingOperation move = queue(Operation.move(inbox(2), "Archive"));

    assertThat(passAfter(Duration.ZERO).completed()).isEqualTo(2);

    assertThat(executor.batches()).hasSize(2);
    assertThat(executor.attempts(read.id())).isEqualTo(1);
    assertThat(executor.newLocation(store.get(read.id()).orElseThrow())).isNull();
    MessageRef now = listener.newLocation(move.id()).orElseThrow();
    assertThat(now.folder()).isEqualTo("Archive");
    assertThat(now.uidValidity()).isEqualTo(ScriptedExecutor.DESTINATION_UID_VALIDITY);
    assertThat(now.messageId()).isEqualTo("<m2@example.com>");
  }

  @Test
  void aTransientFailureIsRetriedAndThenSucceedsWhileTheRestOfTheBatchGoesOn() {
    PendingOperation first = queue(Operation.markRead(inbox(1)));
    PendingOperation second = queue(Operation.markRead(inbox(2)));
    executor.failTransiently(first.id(), 1);

    ProcessingReport failing = passAfter(Duration.ZERO);
    assertThat(failing.completed()).isEqualTo(1);
    assertThat(status(first)).isEqualTo(OperationStatus.PENDING);
    assertThat(status(second)).isEqualTo(OperationStatus.COMPLETED);

    assertThat(passAfter(Duration.ofSeconds(10)).completed()).isEqualTo(1);
    assertThat(status(first)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(executor.attempts(first.id())).isEqualTo(2);
    assertThat(executor.attempts(second.id())).isEqualTo(1);
  }

  @Test
  void aPermanentFailureFailsAtOnceUntilTakenBack() {
    PendingOperation op = queue(Operation.flag(inbox(1)));
    executor.failPermanently(op.id());

    passAfter(Duration.ZERO);
    assertThat(status(op)).isEqualTo(OperationStatus.FAILED);
    assertThat(store.get(op.id()).orElseThrow().lastError()).contains("MESSAGE_NOT_FOUND");

    executor.succeed(op.id());
    processor.admin().retry(op.id());
    passAfter(Duration.ZERO);
    assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void aFailedCallFailsTheWholeBatchOnceByItsReason() {
    PendingOperation op = queue(Operation.markRead(inbox(1)));
    executor.failNextCall(FailureReason.AUTHENTICATION_FAILED);

    passAfter(Duration.ZERO);
    assertThat(store.accountPauses()).containsKey(ACCOUNT);
    assertThat(status(op)).isEqualTo(OperationStatus.PENDING);

    passAfter(Duration.ofMinutes(5));
    assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(executor.batches()).hasSize(2);
  }

  @Test
  void perCallAnswersAreUsedUpInOrderBeforeTheDefault() {
    executor
        .answerNextCall((batch, sink) -> new BatchResult(Map.of()))
        .failNextCall(FailureReason.CONNECTION_LOST);
    PendingOperation op = queue(Operation.markRead(inbox(1)));

    passAfter(Duration.ZERO); // left out of the result: unknown outcome, retried
    passAfter(Duration.ofMinutes(1)); // the connection drops
    passAfter(Duration.ofMinutes(5)); // the default answer

    assertThat(executor.attempts(op.id())).isEqualTo(3);
    assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void scriptsAreCheckedAndNamed() {
    assertThatThrownBy(() -> executor.fail(1, FailureReason.TIMEOUT, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("times");
    assertThatThrownBy(() -> executor.fail(1, null, 1)).hasMessageStartingWith("reason");
    assertThatThrownBy(() -> executor.answer(null)).hasMessageStartingWith("answer");
  }
}
