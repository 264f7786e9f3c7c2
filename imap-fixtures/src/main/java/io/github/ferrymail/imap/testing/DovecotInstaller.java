package io.github.ferrymail.imap.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Provisions Debian's {@code dovecot-imapd} the first time a test needs it, as a container image is
 * pulled on first use, so that the README's test command passes on a fresh machine with nothing
 * installed by hand. It installs only as root on a system with {@code apt-get}, one JVM at a time
 * (a file lock: surefire's forks start at once), and can be turned off with {@code
 * -Dferry.dovecot.install=false}; otherwise it says exactly what to install, or how to leave the
 * Dovecot suites out.
 */
final class DovecotInstaller {
  /** The system property that turns provisioning off. */
  static final String PROPERTY = "ferry.dovecot.install";

  private static final long TIMEOUT_MINUTES = 10;

  private final Path binary;
  private final boolean root;
  private final Path aptGet;
  private final @Nullable Path script;
  private final Path lock;

  DovecotInstaller(Path binary, boolean root, Path aptGet, @Nullable Path script, Path lock) {
    this.binary = binary;
    this.root = root;
    this.aptGet = aptGet;
    this.script = script;
    this.lock = lock;
  }

  /** The installer for this machine: Debian's paths, the repository's install script. */
  static DovecotInstaller forThisMachine() {
    return new DovecotInstaller(
        DovecotServer.BINARY,
        DovecotProcess.runningAsRoot(),
        Path.of("/usr/bin/apt-get"),
        findScript(Path.of(System.getProperty("user.dir")).toAbsolutePath()),
        Path.of(System.getProperty("java.io.tmpdir"), "ferry-dovecot-install.lock"));
  }

  /**
   * Installs Dovecot unless it is there.
   *
   * @return null when the binary is there (now), else what to do, for the failure's message
   */
  synchronized @Nullable String ensureInstalled() {
    if (Files.isExecutable(binary)) {
      return null;
    }
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
      return "install Debian's dovecot-imapd (-D" + PROPERTY + "=false: not installed for you)";
    }
    if (!root) {
      return "install it as root: sudo apt-get install dovecot-imapd (or sudo bash"
          + " .ci/install-dovecot.sh)";
    }
    if (!Files.isExecutable(aptGet)) {
      return "this system has no apt-get: install Dovecot 2.3 so that " + binary + " exists";
    }
    try (FileChannel channel =
            FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      if (Files.isExecutable(binary)) {
        return null; // another JVM installed it while this one waited
      }
      String failure = install();
      return failure != null || Files.isExecutable(binary)
          ? failure
          : "the install finished but " + binary + " is still missing";
    } catch (IOException e) {
      return "could not install dovecot-imapd: " + e;
    }
  }

  private @Nullable String install() throws IOException {
    Path log = Files.createTempFile("ferry-dovecot-install", ".log");
    List<String> command =
        script != null
            ? List.of("bash", script.toString())
            : List.of(
                "sh",
                "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
                    + " dovecot-imapd");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return "installing dovecot-imapd took more than " + TIMEOUT_MINUTES + " minutes";
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return "interrupted while installing dovecot-imapd";
    }
    if (process.exitValue() != 0) {
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return "installing dovecot-imapd failed ("
          + String.join(" ", command)
          + ", exit "
          + process.exitValue()
          + "): "
          + output.substring(Math.max(0, output.length() - 2000));
    }
    Files.deleteIfExists(log);
    return null;
  }

  /** {@code .ci/install-dovecot.sh} in this directory or the nearest one above it. */
  static @Nullable Path findScript(Path from) {
    for (Path dir = from; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(".ci").resolve("install-dovecot.sh");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
