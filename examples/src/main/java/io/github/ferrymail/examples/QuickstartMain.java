package io.github.ferrymail.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import io.github.ferrymail.examples.support.ExampleDatabases;
import io.github.ferrymail.examples.support.LocalMailbox;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Ferry in one program: a mail client goes offline, the user reads, flags, labels, answers, calls
 * junk, files, trashes, restores and deletes messages, and Ferry replays all of it against the IMAP
 * server afterwards.
 *
 * <ol>
 *   <li>An in-process GreenMail IMAP server with 30 messages in the INBOX.
 *   <li>An embedded H2 file database: Ferry's queue tables (migrated by the store, with their own
 *       history table) beside the application's own {@code messages} table.
 *   <li>Each user action updates {@code messages} and queues the Ferry operation in the same
 *       transaction.
 *   <li>The queue processor coalesces, batches and replays them; the program prints the server's
 *       state before and after, and the queue's counts.
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java}.
 */
public final class QuickstartMain {
  private QuickstartMain() {}

  public static void main(String[] args) {
    run(System.out, Path.of("target", "quickstart"));
  }

  /**
   * Runs the walkthrough.
   *
   * @param out where to print
   * @param workDir where the H2 database lives; emptied first
   * @return what happened, for the test that keeps this example honest
   */
  public static Result run(PrintStream out, Path workDir) {
    try (DemoMailServer server = DemoMailServer.start();
        HikariDataSource db = ExampleDatabases.freshFile(workDir)) {
      server.seedInbox(30);

      JooqPendingOperationStore queue = JooqPendingOperationStore.builder(db).build();
      queue.migrate();
      LocalMailbox mailbox = new LocalMailbox(db, queue, DemoMailServer.USER);
      mailbox.createTable();
      mailbox.importFrom(server.snapshot());

      out.println("== The server before ==");
      print(out, server.snapshot());

      out.println();
      out.println("== Offline, the user ... ==");
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

      Map<OperationStatus, Long> queued = queue.countByStatus(DemoMailServer.USER);
      out.println();
      out.println("== Queue before replay == " + queued);

      ProcessingListener updateLocalUids =
          new ProcessingListener() {
            @Override
            public void completed(PendingOperation op, MessageRef newLocation) {
              if (newLocation != null && op.messageKey() != null) {
                mailbox.confirmLocation(op.messageKey(), newLocation);
              }
            }
          };
      ProcessingReport report;
      try (ImapOperationExecutor imap = ImapOperationExecutor.create(account -> server.account());
          QueueProcessor processor =
              QueueProcessor.builder(queue, imap).listener(updateLocalUids).build()) {
        report = processor.processPendingOperations(DemoMailServer.USER);
      }

      Map<String, List<ServerMessage>> after = server.snapshot();
      Map<OperationStatus, Long> counts = queue.countByStatus(DemoMailServer.USER);
      out.println();
      out.println("== Replay == " + report);
      out.println();
      out.println("== The server after ==");
      print(out, after);
      out.println();
      out.println("== Queue after replay == " + counts);
      return new Result(report, after, counts);
    }
  }

  private static void print(PrintStream out, Map<String, List<ServerMessage>> folders) {
    folders.forEach(
        (folder, messages) -> {
          out.printf("%-8s %2d message(s)%n", folder, messages.size());
          for (ServerMessage m : messages) {
            boolean plain =
                !m.seen()
                    && !m.flagged()
                    && !m.deleted()
                    && !m.answered()
                    && m.keywords().isEmpty();
            if (!plain || !folder.equals("INBOX")) {
              out.printf(
                  "    UID %-3d %s%s%s%s%s%s%n",
                  m.uid(),
                  m.subject(),
                  m.seen() ? "  [read]" : "",
                  m.flagged() ? "  [flagged]" : "",
                  m.answered() ? "  [answered]" : "",
                  m.deleted() ? "  [deleted]" : "",
                  m.keywords().isEmpty() ? "" : "  " + m.keywords());
            }
          }
        });
  }

  /**
   * What the walkthrough did.
   *
   * @param report the processor's report
   * @param serverAfter the server's folders afterwards
   * @param queueCounts the queue's counts afterwards
   */
  public record Result(
      ProcessingReport report,
      Map<String, List<ServerMessage>> serverAfter,
      Map<OperationStatus, Long> queueCounts) {}
}
