package io.github.ferrymail.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettableClockTest {
  private static final Instant START = Instant.parse("2026-12-03T09:00:00Z");

  @Test
  void standsStillUntilMoved() {
    SettableClock clock = new SettableClock(START);
    assertThat(clock.instant()).isEqualTo(START).isEqualTo(clock.instant());

    clock.advance(Duration.ofSeconds(10));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(10));
    clock.set(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
  }

  @Test
  void aZonedCopyIsTheSameClockInUtc() {
    SettableClock clock = new SettableClock(START);
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.withZone(ZoneId.of("Europe/Paris"))).isSameAs(clock);
  }

  @Test
  void refusesNullNamingIt() {
    assertThatThrownBy(() -> new SettableClock(null)).hasMessageStartingWith("start");
    assertThatThrownBy(() -> new SettableClock().advance(null)).hasMessageStartingWith("amount");
  }
}
