package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.TestMessages;
import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One session, many threads, different folders: each call must act in its own folder only. */
class SessionConcurrencyTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  private static final int FOLDERS = 4;
  private static final int PER_FOLDER = 10;

  @Test
  void manyThreadsMoveAndFlagThroughOneSession() throws Exception {
    try (MailboxProbe probe = GreenMailServer.probe(greenMail)) {
      for (int f = 0; f < FOLDERS; f++) {
        probe.create("F" + f);
        probe.create("D" + f);
        for (int i = 1; i <= PER_FOLDER; i++) {
          probe.append("F" + f, TestMessages.message("<f" + f + "-" + i + "@x>", "m"));
        }
      }
      ExecutorService threads = Executors.newFixedThreadPool(2 * FOLDERS);
      try (AtomicImapSession session =
          AtomicImapSession.open(GreenMailServer.account(greenMail).build())) {
        long[] uv = new long[FOLDERS];
        for (int f = 0; f < FOLDERS; f++) {
          uv[f] = probe.uidValidity("F" + f);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int f = 0; f < FOLDERS; f++) {
          int folder = f;
          // Messages 1..5 move one by one to D<f>; 6..10 get \Flagged and \Seen one by one.
          work.add(
              threads.submit(
                  () -> {
                    start.await();
                    for (long uid = 1; uid <= PER_FOLDER / 2; uid++) {
                      session.move(
                          "F" + folder,
                          uv[folder],
                          List.of(uid),
                          "D" + folder,
                          CheckpointSink.NONE);
                    }
                    return null;
                  }));
          work.add(
              threads.submit(
                  () -> {
                    start.await();
                    for (long uid = PER_FOLDER / 2 + 1; uid <= PER_FOLDER; uid++) {
                      session.addFlags(
                          "F" + folder, uv[folder], List.of(uid), MessageFlags.FLAGGED);
                      session
                          .addFlagsAsync("F" + folder, uv[folder], List.of(uid), MessageFlags.SEEN)
                          .get(30, TimeUnit.SECONDS);
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> w : work) {
          w.get(120, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      for (int f = 0; f < FOLDERS; f++) {
        int folder = f;
        assertThat(probe.messageIds("D" + f))
            .containsExactlyInAnyOrder(
                "<f" + f + "-1@x>",
                "<f" + f + "-2@x>",
                "<f" + f + "-3@x>",
                "<f" + f + "-4@x>",
                "<f" + f + "-5@x>");
        assertThat(probe.list("D" + f)).noneMatch(m -> m.has(Flags.Flag.FLAGGED));
        List<MailboxProbe.Seen> left = probe.list("F" + f);
        assertThat(left)
            .extracting(MailboxProbe.Seen::messageId)
            .allMatch(id -> id.startsWith("<f" + folder + "-"));
        assertThat(left)
            .hasSize(PER_FOLDER / 2)
            .allMatch(m -> m.has(Flags.Flag.FLAGGED) && m.has(Flags.Flag.SEEN));
      }
    }
  }

  @Test
  void asyncFormsRunOnTheCallersExecutorAndFailWithTheClassifiedError() throws Exception {
    GreenMailServer.deliver(greenMail, "<a@x>", "a");
    GreenMailServer.createFolder(greenMail, "Archive");
    ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "callers-own"));
    try (AtomicImapSession session =
        AtomicImapSession.open(GreenMailServer.account(greenMail).build(), mine)) {
      long uv = session.select("INBOX").uidValidity();
      CompletableFuture<String> thread =
          session
              .addFlagsAsync("INBOX", uv, List.of(1L), MessageFlags.SEEN)
              .thenApply(r -> Thread.currentThread().getName());
      assertThat(thread.get(30, TimeUnit.SECONDS)).isEqualTo("callers-own");
      MoveResult moved =
          session
              .moveAsync("INBOX", uv, List.of(1L), "Archive", CheckpointSink.NONE)
              .get(30, TimeUnit.SECONDS);
      assertThat(moved.newUids()).containsOnlyKeys(1L);
      CompletableFuture<FlagResult> stale =
          session.addFlagsAsync("INBOX", uv + 1, List.of(1L), MessageFlags.SEEN);
      assertThatThrownBy(() -> stale.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ImapOperationException.class);
    } finally {
      mine.shutdownNow();
    }
    // The caller's executor is the caller's: the session did not shut it down.
    assertThat(mine.isShutdown()).isTrue();
  }

  @Test
  void closeStopsEveryThreadTheSessionStarted() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    AtomicImapSession session = AtomicImapSession.open(GreenMailServer.account(greenMail).build());
    session
        .addFlagsAsync(
            "INBOX", session.select("INBOX").uidValidity(), List.of(1L), MessageFlags.SEEN)
        .get(30, TimeUnit.SECONDS);
    session.close();
    session.close(); // idempotent
    assertThatThrownBy(() -> session.select("INBOX")).isInstanceOf(IllegalStateException.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Set<String> leftOver;
    do {
      leftOver =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> !before.contains(t) && t.isAlive())
              .filter(t -> t.getName().startsWith("ferry-imap") || !t.isDaemon())
              .filter(t -> !t.getName().startsWith("greenmail") && !t.getName().contains("IMAP"))
              .map(Thread::getName)
              .collect(Collectors.toSet());
      if (leftOver.isEmpty()) {
        break;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertThat(leftOver).isEmpty();
  }
}
