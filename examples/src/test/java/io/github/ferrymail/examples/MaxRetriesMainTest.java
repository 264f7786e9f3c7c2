package io.github.ferrymail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.OperationStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the max-retries example and checks the queue and the server at every stage. */
class MaxRetriesMainTest {

  @Test
  void failsAfterThreeAttemptsThenSucceedsOnRetryOnceTheServerIsBack() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    MaxRetriesMain.Result result =
        MaxRetriesMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

    // Two retries were scheduled (after attempts 1 and 2), then attempt 3 failed it for good.
    assertThat(result.retries())
        .hasSize(2)
        .satisfies(
            lines -> {
              assertThat(lines.get(0)).startsWith("attempt 1 of 3 failed");
              assertThat(lines.get(1)).startsWith("attempt 2 of 3 failed");
            });
    assertThat(result.afterRetries().status()).isEqualTo(OperationStatus.FAILED);
    assertThat(result.afterRetries().attempts()).isEqualTo(MaxRetriesMain.MAX_ATTEMPTS);
    assertThat(result.afterRetries().lastError()).contains("CONNECTION_LOST");
    assertThat(result.failedList()).containsExactly(result.afterRetries().id());
    assertThat(result.flaggedWhileDown()).isFalse();
    assertThat(result.refusedConnections()).isGreaterThanOrEqualTo(MaxRetriesMain.MAX_ATTEMPTS);

    assertThat(result.retried()).isTrue();
    assertThat(result.afterRecovery().status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(result.afterRecovery().attempts()).isZero();
    assertThat(result.flaggedAfterRecovery()).isTrue();

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("== The network to the server goes down ==", "is FAILED", "completed");
  }
}
