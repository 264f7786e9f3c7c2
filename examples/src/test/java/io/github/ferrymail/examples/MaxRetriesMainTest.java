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
    try (DemoMailServer server = DemoMailServer.start()) {
      PendingOperation op =
          MaxRetriesMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8), server);

      // retry(id) reset the attempts, and the one attempt that followed succeeded.
      assertThat(op.status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(op.attempts()).isZero();
      // The flag is on the server, read by an independent IMAP client; on that message only.
      assertThat(server.message(op.message()).flagged()).isTrue();
      assertThat(server.messages(DemoMailServer.USER, "INBOX"))
          .filteredOn(ServerMessage::flagged)
          .extracting(ServerMessage::subject)
          .containsExactly("Message 02");
    }

    // What the program showed while the network was down: two retries scheduled with backoff,
    // the third attempt failed for good, the failed list held that operation alone, no flag yet.
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .containsOnlyOnce("attempt 1 of 3 failed (CONNECTION_LOST); next attempt in")
        .containsOnlyOnce("attempt 2 of 3 failed (CONNECTION_LOST); next attempt in")
        .containsOnlyOnce("attempt 3 of 3 failed (CONNECTION_LOST): operation 1 is FAILED")
        .containsPattern(
            "== Failed list of alice ==\\R"
                + "operation 1: FAILED after 3 attempts, last error: \\[CONNECTION_LOST].*\\R"
                + "flagged on the server\\? false\\R")
        .contains("retry(1) = true", "operation 1 completed")
        .contains("operation 1 is COMPLETED with 0 attempts; flagged on the server? true");
    assertThat(text).doesNotContain("attempt 4");
  }
}
