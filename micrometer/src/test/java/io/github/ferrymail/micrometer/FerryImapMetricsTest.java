package io.github.ferrymail.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FerryImapMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FerryImapMetrics metrics = FerryImapMetrics.create(registry);

  @Test
  void eachCommandIsTimedByNameAndOutcome() {
    metrics.commandFinished("UID MOVE", Duration.ofMillis(30), true);
    metrics.commandFinished("UID MOVE", Duration.ofMillis(10), true);
    metrics.commandFinished("UID MOVE", Duration.ofMillis(5), false);
    metrics.commandFinished("CONNECT", Duration.ofMillis(80), true);

    Timer moves =
        registry
            .get(FerryImapMetrics.COMMANDS)
            .tag("command", "UID MOVE")
            .tag("outcome", "ok")
            .timer();
    assertThat(moves.count()).isEqualTo(2);
    assertThat(moves.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
    assertThat(
            registry
                .get(FerryImapMetrics.COMMANDS)
                .tag("command", "UID MOVE")
                .tag("outcome", "failed")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(FerryImapMetrics.COMMANDS).timers()).hasSize(3);
  }
}
