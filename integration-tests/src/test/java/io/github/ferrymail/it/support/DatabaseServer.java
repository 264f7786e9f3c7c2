package io.github.ferrymail.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's own PostgreSQL or MariaDB service, stopped and started again with the commands CI
 * starts it with (.ci/run). Needs root, as CI runs. Whatever happens in between, {@link #restart}
 * returns only with the service accepting connections again, or throws after trying to start it:
 * other tests of the JVM (and of the machine) use the same service.
 */
public enum DatabaseServer {
  POSTGRESQL {
    @Override
    void stop() {
      run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version(), "main", "stop"));
    }

    @Override
    void start() {
      run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version(), "main", "start"));
    }

    @Override
    boolean ready() {
      return succeeds(List.of("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"));
    }
  },

  MARIADB {
    private static final String DAEMON = "/usr/sbin/mariadbd";

    @Override
    void stop() {
      run(List.of("mariadb-admin", "-uroot", "-h127.0.0.1", "shutdown"));
      // mariadb-admin returns before the server has exited; a start before that is a no-op
      // (--oknodo), which would leave the service down.
      awaitUntil("mariadbd exited", () -> !daemonRunning(DAEMON));
    }

    @Override
    void start() {
      run(List.of("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", DAEMON));
    }

    @Override
    boolean ready() {
      return succeeds(List.of("mariadb-admin", "-uroot", "-h127.0.0.1", "status"));
    }
  };

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  /** When the service went down and when it accepted connections again. */
  public record Outage(Instant stopped, Instant ready) {
    public Duration length() {
      return Duration.between(stopped, ready);
    }
  }

  abstract void stop();

  abstract void start();

  abstract boolean ready();

  /**
   * Stops the service, keeps it down for {@code down}, starts it and waits until it accepts
   * connections. If anything fails on the way, it is started anyway before the failure is thrown.
   */
  public Outage restart(Duration down) {
    if (!ready()) {
      throw new IllegalStateException(this + " is not running before the restart");
    }
    Instant stopped = null;
    try {
      stop();
      stopped = Instant.now();
      LOG.info("{} stopped; keeping it down for {}", this, down);
      Thread.sleep(down.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      start();
      awaitUntil(this + " accepting connections", this::ready);
    }
    Instant ready = Instant.now();
    LOG.info("{} accepting connections again", this);
    return new Outage(stopped == null ? ready : stopped, ready);
  }

  /** Starts the service if it is down and waits until it accepts connections. */
  public void ensureRunning() {
    if (!ready()) {
      LOG.warn("{} is down; starting it", this);
      start();
      awaitUntil(this + " accepting connections", this::ready);
    }
  }

  private static String version() {
    try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
      return versions
          .map(p -> p.getFileName().toString())
          .sorted()
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no cluster under /etc/postgresql"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean daemonRunning(String executable) {
    return ProcessHandle.allProcesses()
        .anyMatch(p -> p.info().command().map(executable::equals).orElse(false));
  }

  private interface Check {
    boolean holds();
  }

  private static void awaitUntil(String what, Check check) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    boolean interrupted = false;
    try {
      while (!check.holds()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "gave up waiting for " + what + " after " + READY_TIMEOUT);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          // Keep waiting: a service left down would break every test after this one.
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean succeeds(List<String> command) {
    return exec(command).exitCode == 0;
  }

  private static void run(List<String> command) {
    Result result = exec(command);
    if (result.exitCode != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited with " + result.exitCode + ": " + result.output);
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result exec(List<String> command) {
    try {
      Path output = Files.createTempFile("ferry-db-command", ".out");
      try {
        Process process =
            new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return new Result(-1, "timed out after " + COMMAND_TIMEOUT);
        }
        return new Result(
            process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
