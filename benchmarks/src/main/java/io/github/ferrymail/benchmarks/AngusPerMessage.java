package io.github.ferrymail.benchmarks;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.time.Duration;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * The way a client without a queue does it: plain Angus Mail, one message at a time. Opens the
 * folder, then per message {@code getMessageByUID} (a {@code UID FETCH}) and {@code setFlag} (a
 * {@code STORE}) or {@code moveMessages} (a {@code MOVE} of its sequence number).
 */
final class AngusPerMessage implements ImapVariant {

  @Override
  public String name() {
    return "Angus Mail, one message at a time";
  }

  @Override
  public Duration run(Endpoint endpoint, ImapJob job, Runnable loggedIn) throws Exception {
    try (Store store = endpoint.openStore()) {
      loggedIn.run();
      return Measurements.time(
          () -> {
            IMAPFolder folder = (IMAPFolder) store.getFolder(job.folder());
            folder.open(Folder.READ_WRITE);
            try {
              Folder destination =
                  job.kind() == ImapJob.Kind.MOVE
                      ? store.getFolder(job.requireDestination())
                      : null;
              for (long uid : job.uids()) {
                Message message = ((UIDFolder) folder).getMessageByUID(uid);
                if (message == null) {
                  throw new IllegalStateException("no message with UID " + uid);
                }
                if (destination == null) {
                  message.setFlag(Flags.Flag.SEEN, true);
                } else {
                  folder.moveMessages(new Message[] {message}, destination);
                }
              }
            } finally {
              folder.close(false);
            }
          });
    }
  }
}
