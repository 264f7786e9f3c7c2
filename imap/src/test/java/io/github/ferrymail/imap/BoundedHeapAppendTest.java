package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 25 MB message appended by a JVM whose whole heap is 24 MB: the literal is streamed from the
 * file, never held in memory. The control, the same JVM reading the file into a byte array first,
 * runs out of memory, so the bound is real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedHeapAppendTest {
  private static final String HEAP = "-Xmx24m";
  private static final long SIZE = 25L * 1024 * 1024;

  @RegisterExtension
  static GreenMailExtension greenMail =
      new GreenMailExtension(com.icegreen.greenmail.util.ServerSetupTest.IMAP.dynamicPort())
          .withPerMethodLifecycle(false);

  @TempDir static Path dir;
  private static Path file;

  @BeforeAll
  static void writeMessage() throws Exception {
    file = dir.resolve("big.eml");
    byte[] line =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      for (long written = 0; written < SIZE; written += line.length) {
        out.write(line);
      }
    }
  }

  private Process run(String folder, String mode, Path log) throws Exception {
    GreenMailServer.user(greenMail);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BoundedHeapAppendMain.class.getName());
    command.addAll(
        List.of(
            "127.0.0.1",
            Integer.toString(GreenMailServer.port(greenMail)),
            GreenMailServer.USER,
            GreenMailServer.PASSWORD,
            folder,
            file.toString(),
            mode));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished").isTrue();
    return process;
  }

  @Test
  void aMessageLargerThanTheHeapIsStreamedToTheServer() throws Exception {
    Path log = dir.resolve("stream.log");
    GreenMailServer.user(greenMail);
    try (MailboxProbe probe =
        new MailboxProbe(
            "127.0.0.1",
            GreenMailServer.port(greenMail),
            GreenMailServer.USER,
            GreenMailServer.PASSWORD)) {
      probe.create("Big");

      Process process = run("Big", "stream", log);

      assertThat(process.exitValue()).as(Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("appended UID ");
      List<MailboxProbe.Stored> stored = probe.stored("Big");
      assertThat(stored).hasSize(1);
      assertThat((long) stored.get(0).size()).isGreaterThan(Files.size(file));
    }
  }

  @Test
  void theControlReadingTheFileIntoMemoryRunsOutOfHeap() throws Exception {
    Path log = dir.resolve("bytes.log");

    Process process = run("INBOX", "bytes", log);

    assertThat(process.exitValue()).isNotZero();
    assertThat(Files.readString(log)).contains("OutOfMemoryError");
  }
}
