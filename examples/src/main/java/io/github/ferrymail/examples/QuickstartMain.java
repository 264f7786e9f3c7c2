package io.github.ferrymail.examples;

import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoQueue;
import io.github.ferrymail.examples.support.LocalMailbox;
import io.github.ferrymail.examples.support.ServerPrinter;
import io.github.ferrymail.imap.ImapOperationExecutor;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Ferry in one program: offline, the user reads, flags, answers, labels, files, trashes, restores
 * and deletes messages; each action updates the application's {@code messages} table and queues the
 * operation in one transaction ({@link LocalMailbox}); then the processor coalesces, batches and
 * replays them against the IMAP server (in-process GreenMail; the queue in an H2 file database).
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java}.
 */
public final class QuickstartMain {
  private QuickstartMain() {}

  public static void main(String[] args) {
    try (DemoMailServer server = DemoMailServer.start()) {
      run(System.out, server, Path.of("target", "quickstart"));
    }
  }

  /** Runs the walkthrough on {@code server}; the database lives in {@code workDir}. */
  public static ProcessingReport run(PrintStream out, DemoMailServer server, Path workDir) {
    server.seedInbox(30);
    try (DemoQueue queue = DemoQueue.inFile(workDir)) {
      LocalMailbox mailbox = LocalMailbox.firstSync(queue, server);
      out.println("== The server before ==");
      ServerPrinter.folders(out, server.snapshot());

      out.println("\n== Offline, the user ... ==");
      out.println("reads messages 1 to 5, then marks 2 unread again");
      for (long id = 1; id <= 5; id++) {
        mailbox.markRead(id);
      }
      mailbox.markUnread(2);
      out.println("flags 3 and 7, and changes their mind about 7");
      mailbox.flag(3);
      mailbox.flag(7);
      mailbox.unflag(7);
      out.println("answers 4, forwards 5, calls 8 junk and then not junk after all");
      mailbox.markAnswered(4);
      mailbox.markForwarded(5);
      mailbox.markJunk(8);
      mailbox.markNotJunk(8);
      out.println("labels 6 Work and $label1, then takes $label1 off again");
      mailbox.changeFlags(6, FlagDelta.adding("Work", "$label1"));
      mailbox.changeFlags(6, FlagDelta.removing("$label1"));
      out.println("files 10, 11 and 12 in Archive, then reads 10 there");
      mailbox.move(10, "Archive");
      mailbox.move(11, "Archive");
      mailbox.move(12, "Archive");
      mailbox.markRead(10);
      out.println("trashes 20 and 21, then restores 21 to the INBOX");
      mailbox.moveToTrash(20);
      mailbox.moveToTrash(21);
      mailbox.restore(21, "INBOX");
      out.println("deletes 25 for good, after flagging it");
      mailbox.flag(25);
      mailbox.deletePermanently(25);
      out.println(
          "\n== Queue before replay == " + queue.store().countByStatus(DemoMailServer.USER));

      // A completed move tells where the message is now; the local row keeps that location.
      ProcessingListener newLocations =
          new ProcessingListener() {
            @Override
            public void completed(PendingOperation op, MessageRef newLocation) {
              if (newLocation != null && op.messageKey() != null) {
                mailbox.confirmLocation(op.messageKey(), newLocation);
              }
            }
          };
      ProcessingReport report;
      try (ImapOperationExecutor imap = ImapOperationExecutor.create(server::account);
          QueueProcessor processor =
              QueueProcessor.builder(queue.store(), imap).listener(newLocations).build()) {
        report = processor.processPendingOperations(DemoMailServer.USER);
      }
      out.println("\n== Replay == " + report);
      out.println("\n== The server after ==");
      ServerPrinter.folders(out, server.snapshot());
      out.println("\n== Queue after replay == " + queue.store().countByStatus(DemoMailServer.USER));
      return report;
    }
  }
}
