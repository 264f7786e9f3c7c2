package io.github.ferrymail.benchmarks;

import jakarta.mail.MessagingException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One job on one Dovecot instance, with what the bench does around each timed run: read the current
 * UIDs before, check the server's state after, and put the mailbox back.
 *
 * @param title for the report
 * @param kind mark read or move
 * @param folder where the messages start
 * @param destination where a move takes them, else null
 * @param messages how many messages the job covers
 * @param mailbox the untimed helper connection
 */
record ImapScenario(
    String title,
    ImapJob.Kind kind,
    String folder,
    @Nullable String destination,
    int messages,
    Mailbox mailbox) {

  /** The job for the next run, with the messages' current UIDs. */
  ImapJob job() throws MessagingException {
    List<Long> uids = mailbox.uids(folder);
    if (uids.size() != messages) {
      throw new IllegalStateException(folder + " holds " + uids.size() + ", expected " + messages);
    }
    return new ImapJob(kind, folder, mailbox.uidValidity(folder), uids, destination);
  }

  /**
   * Fails unless the run really did the job on the server, once: no unseen message left; or the
   * source empty and the destination holding every message once (by Message-ID).
   */
  void verify() throws MessagingException {
    if (kind == ImapJob.Kind.MARK_READ) {
      mailbox.expectUnseen(folder, 0);
    } else {
      mailbox.expectNotDeleted(folder, 0);
      mailbox.expectNotDeleted(requireDestination(), messages);
      mailbox.expectDistinctMessageIds(requireDestination(), messages);
    }
  }

  /** Puts the mailbox back as the job found it. */
  void reset() throws MessagingException {
    if (kind == ImapJob.Kind.MARK_READ) {
      mailbox.markAllUnseen(folder);
      mailbox.expectUnseen(folder, messages);
    } else {
      mailbox.moveAllBack(requireDestination(), folder);
      mailbox.expectNotDeleted(folder, messages);
      mailbox.expectNotDeleted(requireDestination(), 0);
    }
  }

  private String requireDestination() {
    if (destination == null) {
      throw new IllegalStateException("not a move");
    }
    return destination;
  }
}
