package io.github.ferrymail.examples.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An in-process GreenMail IMAP server on a free loopback port with one user, for the examples. Also
 * a second, independent IMAP client that shows what really is on the server.
 */
public final class DemoMailServer implements AutoCloseable {
  public static final String USER = "alice";
  private static final String PASSWORD = "demo-password";

  private final GreenMail greenMail;

  private DemoMailServer(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  /** Starts the server with the folders INBOX, Archive and Trash. */
  public static DemoMailServer start() {
    GreenMail greenMail =
        new GreenMail(new ServerSetup(3143, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    greenMail.start();
    greenMail.setUser("alice@example.com", USER, PASSWORD);
    DemoMailServer server = new DemoMailServer(greenMail);
    server.withStore(
        store -> {
          for (String name : List.of("Archive", "Trash")) {
            Folder folder = store.getFolder(name);
            if (!folder.exists()) {
              folder.create(Folder.HOLDS_MESSAGES);
            }
          }
          return null;
        });
    return server;
  }

  /**
   * How Ferry reaches this server. Plain text on loopback, chosen explicitly: the demo server has
   * no certificate. Real accounts keep the default, TLS with certificate checks.
   */
  public ImapAccount account() {
    return ImapAccount.builder("127.0.0.1", USER, CredentialsProvider.password(PASSWORD))
        .port(greenMail.getImap().getPort())
        .tlsMode(TlsMode.NONE)
        .trashFolder("Trash")
        .build();
  }

  /** Appends {@code count} messages to the INBOX with distinct subjects and Message-IDs. */
  public void seedInbox(int count) {
    withStore(
        store -> {
          Session session = Session.getInstance(new Properties());
          Folder inbox = store.getFolder("INBOX");
          List<Message> messages = new ArrayList<>();
          for (int i = 1; i <= count; i++) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("news" + i + "@example.org"));
            m.setRecipients(Message.RecipientType.TO, "alice@example.com");
            m.setSubject(String.format("Message %02d", i));
            m.setText("Body of message " + i);
            m.setHeader("Message-ID", "<demo-" + i + "@example.org>");
            messages.add(m);
          }
          inbox.appendMessages(messages.toArray(new Message[0]));
          return null;
        });
  }

  /** What the server holds now: per folder, the messages with their flags. */
  public Map<String, List<ServerMessage>> snapshot() {
    return withStore(
        store -> {
          Map<String, List<ServerMessage>> folders = new LinkedHashMap<>();
          for (String name : List.of("INBOX", "Archive", "Trash")) {
            Folder folder = store.getFolder(name);
            folder.open(Folder.READ_ONLY);
            try {
              UIDFolder uids = (UIDFolder) folder;
              List<ServerMessage> messages = new ArrayList<>();
              for (Message m : folder.getMessages()) {
                String[] ids = m.getHeader("Message-ID");
                messages.add(
                    new ServerMessage(
                        uids.getUIDValidity(),
                        uids.getUID(m),
                        ids == null ? null : ids[0],
                        m.getSubject(),
                        m.isSet(Flags.Flag.SEEN),
                        m.isSet(Flags.Flag.FLAGGED),
                        m.isSet(Flags.Flag.DELETED)));
              }
              folders.put(name, messages);
            } finally {
              folder.close(false);
            }
          }
          return folders;
        });
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  private interface StoreWork<T> {
    T apply(Store store) throws MessagingException;
  }

  private <T> T withStore(StoreWork<T> work) {
    Properties props = new Properties();
    props.put("mail.imap.connectiontimeout", "10000");
    props.put("mail.imap.timeout", "10000");
    try {
      Store store = Session.getInstance(props).getStore("imap");
      store.connect("127.0.0.1", greenMail.getImap().getPort(), USER, PASSWORD);
      try {
        return work.apply(store);
      } finally {
        store.close();
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("demo IMAP server: " + e.getMessage(), e);
    }
  }

  /**
   * One message as the server holds it.
   *
   * @param uidValidity its folder's UIDVALIDITY
   * @param uid its UID
   * @param messageId its Message-ID header
   * @param subject its subject
   * @param seen whether \Seen is set
   * @param flagged whether \Flagged is set
   * @param deleted whether \Deleted is set
   */
  public record ServerMessage(
      long uidValidity,
      long uid,
      String messageId,
      String subject,
      boolean seen,
      boolean flagged,
      boolean deleted) {}
}
