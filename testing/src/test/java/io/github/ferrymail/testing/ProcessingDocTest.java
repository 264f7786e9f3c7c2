package io.github.ferrymail.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The example of docs/processing.md, "Testing your integration", as written there. */
class ProcessingDocTest {
  private final MessageRef ref = new MessageRef("alice", "INBOX", 42, 7, "<m7@example.com>");

  @Test
  void theTestingExampleRunsAsDocumented() {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-03T09:00:00Z"));
    InMemoryPendingOperationStore store = new InMemoryPendingOperationStore(clock);
    ScriptedExecutor server = new ScriptedExecutor();
    RecordingListener listener = new RecordingListener();
    QueueProcessor processor =
        QueueProcessor.builder(store, server).clock(clock).listener(listener).build();

    PendingOperation op = processor.queue(NewOperation.of(Operation.move(ref, "Archive")));
    server.failTransiently(op.id(), 1);

    processor.processPendingOperations(ref.account());
    clock.advance(Duration.ofMinutes(5));
    processor.processPendingOperations(ref.account());

    assertThat(listener.lines())
        .containsExactly("queued " + op.id(), "retry " + op.id(), "completed " + op.id());
    assertThat(listener.newLocation(op.id())).map(MessageRef::folder).contains("Archive");
    processor.close();
  }
}
