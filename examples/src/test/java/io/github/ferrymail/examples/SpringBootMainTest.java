package io.github.ferrymail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.OperationStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Spring Boot example files its message through the starter and shows Ferry's health. */
class SpringBootMainTest {
  @Test
  void theStarterRunsTheMoveAndTheHealthShowsTheQueue() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    OperationStatus status =
        SpringBootMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(OperationStatus.COMPLETED);
    assertThat(text).contains("Archive: [ServerMessage[").contains("Message 01");
    assertThat(text).contains("Health: ").contains("UP").contains("oldestDueAgeSeconds");
  }
}
