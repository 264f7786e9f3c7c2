package io.github.ferrymail.examples;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.overlay.MessageOverlay;
import io.github.ferrymail.core.overlay.PendingOverlay;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import io.github.ferrymail.examples.support.DemoQueue;
import io.github.ferrymail.examples.support.LocalMailbox;
import io.github.ferrymail.imap.ImapOperationExecutor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A sync loop that lives with the queue: it fetches the server's INBOX while the user's changes are
 * still queued, and applies the pending overlay after the server's state, so that a message marked
 * read is shown read and a message moved away is not shown, before and after the replay alike.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.SyncLoopMain}.
 */
public final class SyncLoopMain {
  private SyncLoopMain() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the loop once before and once after the replay.
   *
   * @param out where to print
   * @return what the user saw each time, for the test that keeps this example honest
   */
  public static Result run(PrintStream out) {
    try (DemoMailServer server = DemoMailServer.start();
        DemoQueue queue = DemoQueue.inMemory("sync-loop")) {
      server.seedInbox(4);
      LocalMailbox mailbox = LocalMailbox.firstSync(queue, server);

      mailbox.markRead(1);
      mailbox.flag(2);
      mailbox.move(3, "Archive");
      List<String> before = sync(server, PendingOverlay.read(queue.store(), DemoMailServer.USER));
      out.println("Synced while queued: " + before);

      try (ImapOperationExecutor imap = ImapOperationExecutor.create(server::account);
          QueueProcessor processor = QueueProcessor.builder(queue.store(), imap).build()) {
        processor.processPendingOperations(DemoMailServer.USER);
        List<String> after = sync(server, processor.admin().overlay(DemoMailServer.USER));
        out.println("Synced after replay: " + after);
        return new Result(before, after);
      }
    }
  }

  /** The server's INBOX, then what is still queued: one line per message shown. */
  private static List<String> sync(DemoMailServer server, PendingOverlay overlay) {
    List<String> shown = new ArrayList<>();
    for (ServerMessage m : server.messages(DemoMailServer.USER, "INBOX")) {
      MessageRef ref = MessageRef.of(DemoMailServer.USER, "INBOX", m.uidValidity(), m.uid());
      Optional<MessageOverlay> pending = overlay.forMessage(ref);
      if (pending.map(MessageOverlay::leavesFolder).orElse(false)) {
        continue; // the user moved it away
      }
      List<String> flags = new ArrayList<>();
      if (m.seen()) {
        flags.add("\\Seen");
      }
      if (m.flagged()) {
        flags.add("\\Flagged");
      }
      shown.add(
          m.subject()
              + " "
              + new TreeSet<>(pending.map(p -> p.flagsAfter(flags)).orElse(Set.copyOf(flags))));
    }
    return shown;
  }

  /**
   * What the user saw.
   *
   * @param whileQueued the INBOX synced before the replay
   * @param afterReplay the INBOX synced after it
   */
  public record Result(List<String> whileQueued, List<String> afterReplay) {}
}
