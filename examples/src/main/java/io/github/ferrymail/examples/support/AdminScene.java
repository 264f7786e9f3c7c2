package io.github.ferrymail.examples.support;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.processor.QueueProcessor;
import java.io.PrintStream;
import java.util.List;

/**
 * The admin example's starting point, with the ids of the operations it queued. Six messages in the
 * INBOX of {@link DemoMailServer#USER}; four operations queued and synced: a mark-read and a move
 * to Archive complete, a move to {@value #MISSING_FOLDER}, which does not exist, fails for good
 * ({@code FOLDER_NOT_FOUND}), and so does a flag of UID 999, which the server does not have ({@code
 * MESSAGE_NOT_FOUND}); then two more queued and left pending.
 *
 * @param markRead completed
 * @param moveToArchive completed
 * @param moveToMissingFolder failed with FOLDER_NOT_FOUND
 * @param flagOfVanishedMessage failed with MESSAGE_NOT_FOUND
 * @param flagWhileOffline pending
 * @param readWhileOffline pending
 */
public record AdminScene(
    long markRead,
    long moveToArchive,
    long moveToMissingFolder,
    long flagOfVanishedMessage,
    long flagWhileOffline,
    long readWhileOffline) {
  /** The folder the failing move is meant for; the administrator creates it later. */
  public static final String MISSING_FOLDER = "Projects";

  /**
   * Sets the scene: seeds the INBOX, queues, runs the first sync pass, queues the rest.
   *
   * @param out where to print what it queued and the pass's report
   * @param server the demo server, with an empty INBOX
   * @param queue the queue, queued to directly, as an application's own code would
   * @param processor the processor, not started: the scene runs its pass itself
   * @return the ids
   */
  public static AdminScene set(
      PrintStream out, DemoMailServer server, DemoQueue queue, QueueProcessor processor) {
    String alice = DemoMailServer.USER;
    server.seedInbox(6);
    List<MessageRef> inbox = server.inboxRefs(alice);
    MessageRef vanished = new MessageRef(alice, "INBOX", inbox.get(0).uidValidity(), 999, null);
    long markRead = queue(queue, Operation.markRead(inbox.get(0)), "m1");
    long archive = queue(queue, Operation.move(inbox.get(1), "Archive"), "m2");
    long missing = queue(queue, Operation.move(inbox.get(2), MISSING_FOLDER), "m3");
    long gone = queue(queue, Operation.flag(vanished), "m999");
    out.printf(
        "queued %d mark read, %d MOVE to Archive, %d MOVE to %s (no such folder),"
            + " %d flag of UID 999 (no such message)%n",
        markRead, archive, missing, MISSING_FOLDER, gone);
    out.println("first sync pass: " + processor.processPendingOperations(alice));
    long flag = queue(queue, Operation.flag(inbox.get(3)), "m4");
    long read = queue(queue, Operation.markRead(inbox.get(4)), "m5");
    out.println("queued " + flag + " flag and " + read + " mark read, not synced yet");
    return new AdminScene(markRead, archive, missing, gone, flag, read);
  }

  private static long queue(DemoQueue queue, Operation operation, String messageKey) {
    return queue.store().queue(NewOperation.of(operation, messageKey)).id();
  }
}
