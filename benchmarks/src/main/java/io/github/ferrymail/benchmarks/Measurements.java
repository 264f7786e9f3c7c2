package io.github.ferrymail.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Repeated wall-clock measurements of one thing, reported as every run and their median. */
final class Measurements {
  private final List<Duration> runs = new ArrayList<>();

  void add(Duration run) {
    runs.add(run);
  }

  /** Whether any run took longer than {@code limit}. */
  boolean anyLongerThan(Duration limit) {
    return runs.stream().anyMatch(r -> r.compareTo(limit) > 0);
  }

  /** How many runs were measured. */
  int count() {
    return runs.size();
  }

  /** The median; the mean of the middle two for an even count. */
  Duration median() {
    if (runs.isEmpty()) {
      throw new IllegalStateException("no runs measured");
    }
    List<Duration> sorted = new ArrayList<>(runs);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1
        ? sorted.get(n / 2)
        : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
  }

  /** Operations per second at the median time. */
  double perSecond(int operations) {
    return operations / seconds(median());
  }

  /** Every run in milliseconds, for the report: {@code "812, 790, 845"}. */
  String runsInMillis() {
    return runs.stream().map(Measurements::millis).collect(Collectors.joining(", "));
  }

  static String millis(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e6);
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** Runs the task and returns how long it took. */
  static Duration time(ThrowingRunnable task) throws Exception {
    long start = System.nanoTime();
    task.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** A task that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
