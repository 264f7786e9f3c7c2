package io.github.ferrymail.it.support;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * An independent IMAP client (plain Jakarta Mail, nothing of Ferry's) that shows what really is on
 * the server and puts test messages there.
 */
public final class ServerView {
  private final String host;
  private final int port;
  private final String user;
  private final String password;

  public ServerView(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /** One message as the server holds it. */
  public record ServerMessage(
      long uidValidity,
      long uid,
      String messageId,
      boolean seen,
      boolean flagged,
      boolean deleted) {}

  private interface Work<T> {
    T apply(Store store) throws MessagingException;
  }

  private <T> T withStore(Work<T> work) {
    Properties props = new Properties();
    props.put("mail.imap.connectiontimeout", "10000");
    props.put("mail.imap.timeout", "30000");
    try {
      Store store = Session.getInstance(props).getStore("imap");
      store.connect(host, port, user, password);
      try {
        return work.apply(store);
      } finally {
        store.close();
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("IMAP as " + user + ": " + e.getMessage(), e);
    }
  }

  public void createFolder(String name) {
    withStore(
        store -> {
          Folder f = store.getFolder(name);
          if (!f.exists() && !f.create(Folder.HOLDS_MESSAGES)) {
            throw new IllegalStateException("could not create " + name);
          }
          return null;
        });
  }

  /** Deletes a folder and everything in it. */
  public void deleteFolder(String name) {
    withStore(
        store -> {
          if (!store.getFolder(name).delete(true)) {
            throw new IllegalStateException("could not delete " + name);
          }
          return null;
        });
  }

  /** Moves the message with this Message-ID to another folder (UID MOVE where offered). */
  public void move(String folder, String messageId, String to) {
    inFolder(
        folder,
        (f, m) -> {
          ((IMAPFolder) f).moveMessages(new Message[] {m}, f.getStore().getFolder(to));
        },
        messageId);
  }

  /** Flags the message with this Message-ID \Deleted and expunges it alone (UID EXPUNGE). */
  public void expunge(String folder, String messageId) {
    inFolder(
        folder,
        (f, m) -> {
          m.setFlag(Flags.Flag.DELETED, true);
          ((IMAPFolder) f).expunge(new Message[] {m});
        },
        messageId);
  }

  /** Sets or clears one flag of the message with this Message-ID. */
  public void setFlag(String folder, String messageId, Flags.Flag flag, boolean set) {
    inFolder(folder, (f, m) -> m.setFlag(flag, set), messageId);
  }

  private interface OnMessage {
    void apply(Folder folder, Message message) throws MessagingException;
  }

  private void inFolder(String folder, OnMessage work, String messageId) {
    withStore(
        store -> {
          Folder f = store.getFolder(folder);
          f.open(Folder.READ_WRITE);
          try {
            Message[] found = f.search(new HeaderTerm("Message-ID", messageId));
            if (found.length != 1) {
              throw new IllegalStateException(
                  found.length + " messages " + messageId + " in " + folder);
            }
            work.apply(f, found[0]);
          } finally {
            f.close(false);
          }
          return null;
        });
  }

  /** Appends messages with the given Message-IDs, in order (so their UIDs ascend in that order). */
  public void append(String folder, List<String> messageIds) {
    withStore(
        store -> {
          Session session = Session.getInstance(new Properties());
          List<Message> messages = new ArrayList<>();
          for (String id : messageIds) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("sender@example.org"));
            m.setRecipients(Message.RecipientType.TO, user + "@example.org");
            m.setSubject("Message " + id);
            m.setText("Body of " + id);
            m.saveChanges();
            m.setHeader("Message-ID", id);
            messages.add(m);
          }
          store.getFolder(folder).appendMessages(messages.toArray(new Message[0]));
          return null;
        });
  }

  /** What STATUS says of a folder. */
  public record Status(int messages, long uidNext, long uidValidity) {}

  public Status status(String folder) {
    return withStore(
        store -> {
          IMAPFolder f = (IMAPFolder) store.getFolder(folder);
          return new Status(f.getMessageCount(), f.getUIDNext(), f.getUIDValidity());
        });
  }

  /** How many messages a folder holds (one STATUS). */
  public int count(String folder) {
    return withStore(store -> store.getFolder(folder).getMessageCount());
  }

  /** The messages of a folder, in UID order. */
  public List<ServerMessage> messages(String folder) {
    return withStore(
        store -> {
          Folder f = store.getFolder(folder);
          f.open(Folder.READ_ONLY);
          try {
            UIDFolder uids = (UIDFolder) f;
            Message[] all = f.getMessages();
            // One FETCH for the whole folder instead of several round trips per message.
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add(FetchProfile.Item.FLAGS);
            profile.add("Message-ID");
            f.fetch(all, profile);
            List<ServerMessage> out = new ArrayList<>();
            for (Message m : all) {
              String[] ids = m.getHeader("Message-ID");
              out.add(
                  new ServerMessage(
                      uids.getUIDValidity(),
                      uids.getUID(m),
                      ids == null ? null : ids[0],
                      m.isSet(Flags.Flag.SEEN),
                      m.isSet(Flags.Flag.FLAGGED),
                      m.isSet(Flags.Flag.DELETED)));
            }
            return out;
          } finally {
            f.close(false);
          }
        });
  }

  /** The message with this Message-ID in a folder, or null. */
  public ServerMessage find(String folder, String messageId) {
    return messages(folder).stream()
        .filter(m -> messageId.equals(m.messageId()))
        .findFirst()
        .orElse(null);
  }
}
