package io.github.ferrymail.imap.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dovecot master process of a {@link DovecotServer}: launched as a daemon, found by its pid
 * file, stopped by its pid.
 */
final class DovecotProcess {

  private static final Logger LOG = LoggerFactory.getLogger(DovecotProcess.class);
  private static final Duration CHILD_GRACE = Duration.ofSeconds(2);

  private DovecotProcess() {}

  /** Runs {@code dovecot -c}; returns null when it daemonised, else what it and its log said. */
  static @Nullable String launch(Path binary, Path dir, Duration timeout) throws IOException {
    Path output = dir.resolve("dovecot.out");
    Process process =
        new ProcessBuilder(binary.toString(), "-c", dir.resolve("dovecot.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "dovecot did not daemonise within " + timeout;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while Dovecot started", e);
    }
    if (process.exitValue() == 0) {
      return null;
    }
    Path log = dir.resolve("dovecot.log");
    return "exit code "
        + process.exitValue()
        + "\n"
        + Files.readString(output, StandardCharsets.UTF_8)
        + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
  }

  /** The master's pid from {@code run/master.pid}, which the daemon may write a moment late. */
  static long readPid(Path dir, Duration timeout) throws IOException {
    Path pidFile = dir.resolve("run/master.pid");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Files.exists(pidFile)) {
        String text = Files.readString(pidFile).trim();
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Dovecot wrote no " + pidFile);
      }
      sleep(20);
    }
  }

  /**
   * Sends SIGTERM and waits for the master and its processes (one per client connection) to exit;
   * SIGKILL when that takes longer than {@code timeout}. The master may exit before its client
   * processes, which would serve their connections a moment longer.
   */
  static void terminate(long pid, Duration timeout) {
    List<ProcessHandle> children =
        ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of());
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    if (!awaitExit(pid, timeout)) {
      LOG.warn("Dovecot {} did not stop on SIGTERM; killing it", pid);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      awaitExit(pid, timeout);
    }
    // Left over, they linger for seconds (waiting for the log process): end them now.
    children.forEach(ProcessHandle::destroy);
    for (ProcessHandle child : children) {
      if (!awaitExit(child.pid(), CHILD_GRACE)) {
        child.destroyForcibly();
        awaitExit(child.pid(), timeout);
      }
    }
  }

  private static boolean awaitExit(long pid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isRunning(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(20);
    }
    return true;
  }

  /**
   * True while the process exists and is not a zombie. The daemon is not our child, so whoever
   * adopted it reaps it, maybe late; a zombie no longer serves anything.
   */
  static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The state follows the command name, which is in parentheses and may contain spaces.
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** True when this JVM runs as root, as Dovecot's switch to user nobody needs. */
  static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name", "").toLowerCase(Locale.ROOT));
    }
  }

  /** Sleeps between polls; an interrupt ends the wait with an exception. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
