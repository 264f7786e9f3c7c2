package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that stands still until told to move, for tests of code that waits for leases,
 * backoff and pauses. Thread-safe.
 */
public final class SettableClock extends Clock {
  private volatile Instant now;

  /**
   * A clock standing at {@code start}.
   *
   * @param start the initial instant
   */
  public SettableClock(Instant start) {
    this.now = Args.notNull(start, "start");
  }

  /** A clock standing at the current system time. */
  public SettableClock() {
    this(Instant.now());
  }

  /**
   * Sets the time.
   *
   * @param instant the new now
   */
  public void set(Instant instant) {
    this.now = Args.notNull(instant, "instant");
  }

  /**
   * Moves the time forward (or back, with a negative amount).
   *
   * @param amount how far
   */
  public synchronized void advance(Duration amount) {
    this.now = now.plus(Args.notNull(amount, "amount"));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
