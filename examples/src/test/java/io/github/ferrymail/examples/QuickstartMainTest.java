package io.github.ferrymail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the quickstart as a newcomer would and checks the server ends up as the user wanted. */
class QuickstartMainTest {

  @Test
  void replaysTheOfflineChangesOntoTheServer(@TempDir Path workDir) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    QuickstartMain.Result result =
        QuickstartMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8), workDir);

    Map<String, List<ServerMessage>> server = result.serverAfter();
    List<ServerMessage> inbox = server.get("INBOX");
    assertThat(inbox).hasSize(25);
    assertThat(subjects(inbox, true, null))
        .containsExactly("Message 01", "Message 03", "Message 04", "Message 05");
    assertThat(subjects(inbox, null, true)).containsExactly("Message 03");
    assertThat(subjects(inbox, null, null))
        .contains("Message 02", "Message 07", "Message 21")
        .doesNotContain("Message 10", "Message 11", "Message 12", "Message 20", "Message 25");
    assertThat(inbox).noneMatch(ServerMessage::deleted);
    assertThat(message(inbox, "Message 04").answered()).isTrue();
    assertThat(message(inbox, "Message 05").keywords()).containsExactly("$Forwarded");
    assertThat(message(inbox, "Message 08").keywords()).containsExactly("$NotJunk");
    assertThat(message(inbox, "Message 06").keywords()).containsExactly("Work");
    assertThat(inbox)
        .filteredOn(m -> !m.keywords().isEmpty())
        .extracting(ServerMessage::subject)
        .containsExactlyInAnyOrder("Message 05", "Message 06", "Message 08");

    assertThat(subjects(server.get("Archive"), null, null))
        .containsExactly("Message 10", "Message 11", "Message 12");
    assertThat(subjects(server.get("Archive"), true, null)).containsExactly("Message 10");
    assertThat(subjects(server.get("Trash"), null, null)).containsExactly("Message 20");

    assertThat(result.queueCounts())
        .containsEntry(OperationStatus.COMPLETED, 18L)
        .containsEntry(OperationStatus.CANCELLED, 6L)
        .containsEntry(OperationStatus.PENDING, 0L)
        .containsEntry(OperationStatus.IN_FLIGHT, 0L)
        .containsEntry(OperationStatus.FAILED, 0L);
    assertThat(result.report().completed()).isEqualTo(18);
    // The label's removal disagrees with its adding on $label1: it ran in a second pass.
    assertThat(result.report().deferred()).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("== The server before ==", "== The server after ==", "== Queue after replay ==");
  }

  private static ServerMessage message(List<ServerMessage> messages, String subject) {
    return messages.stream().filter(m -> m.subject().equals(subject)).findFirst().orElseThrow();
  }

  private static List<String> subjects(
      List<ServerMessage> messages, Boolean seen, Boolean flagged) {
    return messages.stream()
        .filter(m -> seen == null || m.seen() == seen)
        .filter(m -> flagged == null || m.flagged() == flagged)
        .map(ServerMessage::subject)
        .sorted()
        .toList();
  }
}
