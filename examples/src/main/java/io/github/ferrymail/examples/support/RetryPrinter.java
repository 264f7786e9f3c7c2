package io.github.ferrymail.examples.support;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A listener that prints every attempt's outcome with the time of the queue's clock (which the
 * example moves on, so the time printed is the queue's, not the wall clock's).
 */
public final class RetryPrinter implements ProcessingListener {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final Clock clock;
  private final int maxAttempts;

  /**
   * @param out where to print
   * @param clock the clock the queue and the processor share
   * @param maxAttempts the retry policy's attempt limit, for "attempt 2 of 3"
   */
  public RetryPrinter(PrintStream out, Clock clock, int maxAttempts) {
    this.out = out;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public void retryScheduled(PendingOperation op, Instant nextAttemptAt, Throwable error) {
    print(
        String.format(
            "attempt %d of %d failed (%s); next attempt in %.1f s, at %s",
            op.attempts() + 1,
            maxAttempts,
            reason(error),
            Duration.between(clock.instant(), nextAttemptAt).toMillis() / 1000.0,
            TIME.format(nextAttemptAt)));
  }

  @Override
  public void failed(PendingOperation op, Throwable error) {
    print(
        String.format(
            "attempt %d of %d failed (%s): operation %d is FAILED",
            op.attempts() + 1, maxAttempts, reason(error), op.id()));
  }

  @Override
  public void completed(PendingOperation op, MessageRef newLocation) {
    print("operation " + op.id() + " completed");
  }

  /**
   * Prints a line after the clock's time, as the listener's own lines are.
   *
   * @param line the text
   */
  public void print(String line) {
    out.println(TIME.format(clock.instant()) + "  " + line);
  }

  private static String reason(Throwable e) {
    return e instanceof OperationFailedException failure
        ? failure.reason().toString()
        : e.getClass().getSimpleName();
  }
}
