package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The executor tells its command listener of every command, by name, and survives a bad one. */
class CommandListenerTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<Duration> durations = new CopyOnWriteArrayList<>();

  @Test
  void everyCommandIsHeardByNameWithItsDurationAndOutcome() {
    runOneFlagAndOneMoveWith(
        (command, duration, ok) -> {
          heard.add(command + (ok ? " ok" : " failed"));
          durations.add(duration);
        });

    assertThat(heard).startsWith("CONNECT ok").contains("SELECT ok", "UID STORE ok");
    assertThat(heard).anyMatch(c -> c.startsWith("UID MOVE") || c.startsWith("UID COPY"));
    assertThat(heard)
        .as("names only, never a UID set or a folder")
        .noneMatch(c -> c.matches(".*\\d.*"));
    assertThat(durations).allMatch(d -> !d.isNegative());
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheBatch() {
    List<PendingOperation> done =
        runOneFlagAndOneMoveWith(
            (command, duration, ok) -> {
              throw new IllegalStateException("broken listener");
            });

    assertThat(done).extracting(PendingOperation::status).containsOnly(OperationStatus.COMPLETED);
  }

  private List<PendingOperation> runOneFlagAndOneMoveWith(ImapCommandListener listener) {
    GreenMailServer.deliver(greenMail, "<m1@example.com>", "one");
    GreenMailServer.deliver(greenMail, "<m2@example.com>", "two");
    GreenMailServer.createFolder(greenMail, "Archive");
    InMemoryPendingOperationStore store = new InMemoryPendingOperationStore();
    try (MailboxProbe probe = GreenMailServer.probe(greenMail);
        ImapOperationExecutor executor =
            ImapOperationExecutor.builder(key -> GreenMailServer.account(greenMail).build())
                .commandListener(listener)
                .build();
        QueueProcessor processor = QueueProcessor.builder(store, executor).build()) {
      long uv = probe.uidValidity("INBOX");
      PendingOperation flag =
          processor.queue(
              NewOperation.of(
                  Operation.flag(new MessageRef("acct", "INBOX", uv, 1, "<m1@example.com>"))));
      PendingOperation move =
          processor.queue(
              NewOperation.of(
                  Operation.move(
                      new MessageRef("acct", "INBOX", uv, 2, "<m2@example.com>"), "Archive")));
      processor.processPendingOperations("acct");
      assertThat(probe.messageIds("Archive")).containsExactly("<m2@example.com>");
      return List.of(store.get(flag.id()).orElseThrow(), store.get(move.id()).orElseThrow());
    }
  }
}
