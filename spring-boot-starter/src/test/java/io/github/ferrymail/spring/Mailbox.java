package io.github.ferrymail.spring;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.MessageIDTerm;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;

/** An in-process GreenMail server with one user, and a plain IMAP client's view of the mailbox. */
final class Mailbox implements AutoCloseable {
  static final String PASSWORD = "secret";

  private final GreenMail greenMail;

  Mailbox() {
    greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
  }

  /** Ferry's account for {@code user}: plain IMAP on loopback (GreenMail's test port). */
  ImapAccount account(String user) {
    greenMail.setUser(user + "@example.org", user, PASSWORD);
    return ImapAccount.builder("127.0.0.1", user, CredentialsProvider.password(PASSWORD))
        .port(greenMail.getImap().getPort())
        .tlsMode(TlsMode.NONE)
        .build();
  }

  /** Delivers a message to the user's INBOX and returns where it is. */
  MessageRef deliver(String user, String messageId) throws MessagingException {
    greenMail.setUser(user + "@example.org", user, PASSWORD);
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress("sender@example.org"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(user + "@example.org"));
    m.setSubject("Message " + messageId);
    m.setText("Body");
    m.saveChanges();
    m.setHeader("Message-ID", messageId);
    greenMail.getUserManager().getUser(user).deliver(m);
    return inbox(user, folder -> locate(user, folder, messageId));
  }

  /** Whether the message in INBOX has {@code \Seen}. */
  boolean seen(String user, String messageId) throws MessagingException {
    return inbox(
        user,
        folder -> {
          Message[] found = folder.search(new MessageIDTerm(messageId));
          return found.length == 1 && found[0].isSet(Flags.Flag.SEEN);
        });
  }

  private interface Work<T> {
    T apply(IMAPFolder folder) throws MessagingException;
  }

  private <T> T inbox(String user, Work<T> work) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", Integer.toString(greenMail.getImap().getPort()));
    Store store = Session.getInstance(p).getStore("imap");
    store.connect(user, PASSWORD);
    try {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      try {
        return work.apply(inbox);
      } finally {
        inbox.close(false);
      }
    } finally {
      store.close();
    }
  }

  private static MessageRef locate(String user, IMAPFolder folder, String messageId)
      throws MessagingException {
    Message[] found = folder.search(new MessageIDTerm(messageId));
    if (found.length != 1) {
      throw new IllegalStateException(messageId + " found " + found.length + " times");
    }
    return new MessageRef(
        user, "INBOX", folder.getUIDValidity(), folder.getUID(found[0]), messageId);
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
