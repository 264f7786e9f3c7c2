package io.github.ferrymail.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that stands still until told to move, for tests of code that waits for leases,
 * backoff, holds and pauses.
 *
 * <p>The contract, for a test to rely on:
 *
 * <ul>
 *   <li>{@link #instant()} returns the same instant until {@link #set} or {@link #advance} moves
 *       it; nothing else moves it. Give one instance to the store ({@link
 *       InMemoryPendingOperationStore#InMemoryPendingOperationStore(Clock)}, {@code
 *       JooqPendingOperationStore.Builder.clock}) and to the processor ({@code
 *       QueueProcessor.Builder.clock}) so that both agree on "now".
 *   <li>Its zone is UTC; {@link #withZone} returns this clock, so a copy never runs apart.
 *   <li>Thread-safe: a worker thread reads what the test thread set last.
 * </ul>
 *
 * <pre>{@code
 * SettableClock clock = new SettableClock(Instant.parse("2026-12-03T09:00:00Z"));
 * // ... an operation fails transiently and is due again in 10 s
 * clock.advance(Duration.ofSeconds(10));
 * processor.processPendingOperations(account); // the retry runs now
 * }</pre>
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
