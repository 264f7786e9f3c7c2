package io.github.ferrymail.benchmarks;

import io.github.ferrymail.imap.testing.DovecotServer;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sets up, resets and checks the bench's mailbox through plain Jakarta Mail, on connections of its
 * own: nothing here is timed. The checks make sure every timed run really did its job.
 */
final class Mailbox {
  private static final int APPEND_CHUNK = 1000;

  private final DovecotServer server;

  Mailbox(DovecotServer server) {
    this.server = server;
  }

  /** Appends {@code count} messages, a thousand per connection. */
  void append(String folder, int count) throws MessagingException {
    for (int done = 0; done < count; done += APPEND_CHUNK) {
      server.appendMessages(folder, Math.min(APPEND_CHUNK, count - done));
    }
  }

  /** The UIDs of the folder's messages that are not flagged deleted, in ascending order. */
  List<Long> uids(String folder) throws MessagingException {
    try (Store store = server.openStore()) {
      Folder f = store.getFolder(folder);
      f.open(Folder.READ_ONLY);
      try {
        UIDFolder u = (UIDFolder) f;
        Message[] all = f.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.FLAGS);
        f.fetch(all, profile); // one command, not one per message
        List<Long> uids = new ArrayList<>();
        for (Message m : all) {
          if (!m.isSet(Flags.Flag.DELETED)) {
            uids.add(u.getUID(m));
          }
        }
        return uids;
      } finally {
        f.close(false);
      }
    }
  }

  /** The folder's UIDVALIDITY. */
  long uidValidity(String folder) throws MessagingException {
    try (Store store = server.openStore()) {
      Folder f = store.getFolder(folder);
      f.open(Folder.READ_ONLY);
      try {
        return ((UIDFolder) f).getUIDValidity();
      } finally {
        f.close(false);
      }
    }
  }

  /** How many of the folder's messages lack {@code \Seen}. */
  int unseen(String folder) throws MessagingException {
    return count(folder, new FlagTerm(new Flags(Flags.Flag.SEEN), false));
  }

  /** How many of the folder's messages are not flagged {@code \Deleted}. */
  int notDeleted(String folder) throws MessagingException {
    return count(folder, new FlagTerm(new Flags(Flags.Flag.DELETED), false));
  }

  /** Clears {@code \Seen} on every message of the folder. */
  void markAllUnseen(String folder) throws MessagingException {
    try (Store store = server.openStore()) {
      Folder f = store.getFolder(folder);
      f.open(Folder.READ_WRITE);
      try {
        if (f.getMessageCount() > 0) {
          f.setFlags(1, f.getMessageCount(), new Flags(Flags.Flag.SEEN), false);
        }
      } finally {
        f.close(false);
      }
    }
  }

  /**
   * Puts every message back where a move bench starts: expunges what a run left flagged {@code
   * \Deleted} in the source, then copies the destination's messages back and expunges them there.
   * Plain COPY and EXPUNGE, so that it works on every profile; no other client uses the bench's
   * mailbox.
   */
  void moveAllBack(String destination, String source) throws MessagingException {
    try (Store store = server.openStore()) {
      Folder src = store.getFolder(source);
      src.open(Folder.READ_WRITE);
      src.expunge();
      Folder dest = store.getFolder(destination);
      dest.open(Folder.READ_WRITE);
      try {
        Message[] all = dest.getMessages();
        if (all.length > 0) {
          dest.copyMessages(all, src);
          dest.setFlags(all, new Flags(Flags.Flag.DELETED), true);
          dest.expunge();
        }
      } finally {
        dest.close(false);
        src.close(false);
      }
    }
  }

  /** Fails unless the folder holds {@code expected} messages that are not flagged deleted. */
  void expectNotDeleted(String folder, int expected) throws MessagingException {
    int actual = notDeleted(folder);
    if (actual != expected) {
      throw new IllegalStateException(
          folder + " holds " + actual + " messages not flagged deleted, expected " + expected);
    }
  }

  /**
   * Fails unless the folder's messages not flagged deleted carry {@code expected} different
   * Message-IDs, one each: a message moved twice, or copied and not removed, would show.
   */
  void expectDistinctMessageIds(String folder, int expected) throws MessagingException {
    try (Store store = server.openStore()) {
      Folder f = store.getFolder(folder);
      f.open(Folder.READ_ONLY);
      try {
        Message[] all = f.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.FLAGS);
        f.fetch(all, profile); // one command, not one per message
        Set<String> ids = new HashSet<>();
        int live = 0;
        for (Message m : all) {
          if (!m.isSet(Flags.Flag.DELETED)) {
            live++;
            ids.add(((MimeMessage) m).getMessageID());
          }
        }
        if (live != expected || ids.size() != expected) {
          throw new IllegalStateException(
              folder
                  + " holds "
                  + live
                  + " messages with "
                  + ids.size()
                  + " different Message-IDs, expected "
                  + expected
                  + " of each");
        }
      } finally {
        f.close(false);
      }
    }
  }

  /** Fails unless the folder holds {@code expected} messages without {@code \Seen}. */
  void expectUnseen(String folder, int expected) throws MessagingException {
    int actual = unseen(folder);
    if (actual != expected) {
      throw new IllegalStateException(
          folder + " holds " + actual + " unseen messages, expected " + expected);
    }
  }

  private int count(String folder, FlagTerm term) throws MessagingException {
    try (Store store = server.openStore()) {
      Folder f = store.getFolder(folder);
      f.open(Folder.READ_ONLY);
      try {
        return f.search(term).length;
      } finally {
        f.close(false);
      }
    }
  }
}
