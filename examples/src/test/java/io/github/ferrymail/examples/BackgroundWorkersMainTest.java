package io.github.ferrymail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the background-workers example and checks every account's mailbox on the server. */
class BackgroundWorkersMainTest {

  @Test
  void workersCompleteEveryOperationOfEveryAccountAndStopOnClose() throws InterruptedException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (DemoMailServer server = DemoMailServer.start()) {
      Map<String, Integer> completionsByThread =
          BackgroundWorkersMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8), server);

      // Every completion happened on a background worker, not on the thread that queued.
      assertThat(completionsByThread.keySet()).allMatch(t -> t.startsWith("ferry-worker-"));
      assertThat(completionsByThread.values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(4 * 7);

      // Each user's mailbox, read back from the server by an independent IMAP client.
      for (String account : BackgroundWorkersMain.ACCOUNTS) {
        Map<String, List<ServerMessage>> folders = server.snapshot(account);
        List<ServerMessage> inbox = folders.get("INBOX");
        assertThat(subjects(inbox))
            .as(account)
            .containsExactly(
                "Message 01", "Message 02", "Message 03", "Message 05", "Message 07", "Message 08");
        assertThat(subjects(inbox.stream().filter(ServerMessage::seen).toList()))
            .as(account)
            .containsExactly("Message 01", "Message 02", "Message 05");
        assertThat(subjects(inbox.stream().filter(ServerMessage::flagged).toList()))
            .as(account)
            .containsExactly("Message 03", "Message 07");
        assertThat(subjects(folders.get("Archive"))).as(account).containsExactly("Message 04");
        assertThat(subjects(folders.get("Trash"))).as(account).containsExactly("Message 06");
        assertThat(folders.values().stream().flatMap(List::stream))
            .as(account)
            .noneMatch(ServerMessage::deleted);
      }
    }

    // close() stopped the workers and the poller (they end just after the pool terminates).
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!ferryThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ferryThreads()).isEmpty();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(
            "processor started with 3 workers",
            "all 28 operations completed",
            "processor closed",
            "queue: {PENDING=0, IN_FLIGHT=0, COMPLETED=28, FAILED=0, CANCELLED=0");
  }

  private static Set<String> ferryThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("ferry-worker") || name.startsWith("ferry-poller"))
        .collect(Collectors.toSet());
  }

  private static List<String> subjects(List<ServerMessage> messages) {
    return messages.stream().map(ServerMessage::subject).toList();
  }
}
