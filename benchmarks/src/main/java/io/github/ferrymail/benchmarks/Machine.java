package io.github.ferrymail.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the numbers were measured on: printed at the start and the end of every bench. */
final class Machine {
  private Machine() {}

  /** Cores, JVM, and the load average (from /proc/loadavg where there is one). */
  static String describe() {
    return "cores="
        + Runtime.getRuntime().availableProcessors()
        + " java="
        + System.getProperty("java.version")
        + " maxHeap="
        + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + "MB loadavg(1/5/15 min)="
        + loadAverage();
  }

  private static String loadAverage() {
    Path proc = Path.of("/proc/loadavg");
    try {
      if (Files.isReadable(proc)) {
        String[] parts = Files.readString(proc).trim().split("\\s+");
        return parts[0] + " " + parts[1] + " " + parts[2];
      }
    } catch (IOException e) {
      // Fall back to the JVM's one-minute figure below.
    }
    return String.format(
        "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
