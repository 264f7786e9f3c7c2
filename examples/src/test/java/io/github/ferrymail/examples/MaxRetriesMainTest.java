package io.github.ferrymail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the max-retries example and checks the queue and the server at every stage. */
class MaxRetriesMainTest {

  @Test
  void failsAfterThreeAttemptsThenSucceedsOnRetryOnceTheServerIsBack() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    MaxRetriesMain.Result result;
    try (DemoMailServer server = DemoMailServer.start()) {
      result = MaxRetriesMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8), server);

      // The flag is on the server at last, read by an independent IMAP client.
      assertThat(server.message(result.afterRecovery().message()).flagged()).isTrue();
      assertThat(server.messages(DemoMailServer.USER, "INBOX"))
          .filteredOn(ServerMessage::flagged)
          .extracting(ServerMessage::subject)
          .containsExactly("Message 02");
    }

    // Two retries were scheduled (after attempts 1 and 2), then attempt 3 failed it for good.
    assertThat(result.retries())
        .hasSize(2)
        .satisfies(
            lines -> {
              assertThat(lines.get(0)).startsWith("attempt 1 of 3 failed (CONNECTION_LOST)");
              assertThat(lines.get(1)).startsWith("attempt 2 of 3 failed (CONNECTION_LOST)");
            });
    assertThat(result.failedList()).hasSize(1);
    PendingOperation failed = result.failedList().get(0);
    assertThat(failed.id()).isEqualTo(result.afterRecovery().id());
    assertThat(failed.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(MaxRetriesMain.MAX_ATTEMPTS);
    assertThat(failed.lastError()).contains("CONNECTION_LOST");
    assertThat(result.flaggedWhileDown()).isFalse();

    // retry(id) reset the attempts, and the one that followed succeeded.
    assertThat(result.afterRecovery().status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(result.afterRecovery().attempts()).isZero();

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(
            "== The network to the server goes down ==",
            "is FAILED",
            "retry(1) = true",
            "operation 1 completed");
  }
}
