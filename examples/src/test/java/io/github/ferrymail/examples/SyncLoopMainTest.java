package io.github.ferrymail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The sync loop shows the user's changes while they are queued, and the same after the replay. */
class SyncLoopMainTest {
  @Test
  void theUserSeesTheirChangesBeforeAndAfterTheReplay() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    SyncLoopMain.Result result =
        SyncLoopMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(result.whileQueued())
        .containsExactly("Message 01 [\\Seen]", "Message 02 [\\Flagged]", "Message 04 []");
    assertThat(result.afterReplay()).isEqualTo(result.whileQueued());
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Synced while queued:");
  }
}
