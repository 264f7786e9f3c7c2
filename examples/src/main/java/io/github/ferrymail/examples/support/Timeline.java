package io.github.ferrymail.examples.support;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Prints events with the time since {@link #restart()} and the thread they happened on, so that a
 * run shows which worker did what, and when. Safe to call from every thread.
 */
public final class Timeline {
  private final PrintStream out;
  private final Thread main = Thread.currentThread();
  private long start = System.nanoTime();

  /**
   * A timeline that starts now; the thread that creates it is printed as {@code main}.
   *
   * @param out where to print
   */
  public Timeline(PrintStream out) {
    this.out = out;
  }

  /** Counts the time from now on. */
  public synchronized void restart() {
    start = System.nanoTime();
  }

  /**
   * Prints one event.
   *
   * @param format a {@link String#format} pattern
   * @param args its arguments
   */
  public synchronized void print(String format, Object... args) {
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    Thread current = Thread.currentThread();
    out.printf(
        "+%5d ms  %-14s %s%n",
        millis, current == main ? "main" : current.getName(), String.format(format, args));
  }
}
