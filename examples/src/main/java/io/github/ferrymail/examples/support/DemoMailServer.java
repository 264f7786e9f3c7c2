package io.github.ferrymail.examples.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;

/**
 * An in-process GreenMail IMAP server on a free loopback port, for the examples: the user {@value
 * #USER} from the start, more with {@link #addUser}. Also a second, independent IMAP client (plain
 * Jakarta Mail, not Ferry) that shows what really is on the server.
 */
public final class DemoMailServer implements AutoCloseable {
  /** The user every example starts with. */
  public static final String USER = "alice";

  /** The folders every user has from the start (besides the INBOX). */
  public static final List<String> STANDARD_FOLDERS = List.of("Archive", "Trash");

  private static final String PASSWORD = "demo-password";

  private final GreenMail greenMail;
  private final PlainImapClient client;

  private DemoMailServer(GreenMail greenMail) {
    this.greenMail = greenMail;
    this.client = new PlainImapClient(greenMail.getImap().getPort(), PASSWORD);
  }

  /**
   * Starts the server with the user {@value #USER} and the folders INBOX, Archive and Trash.
   *
   * @return the running server; close it when done
   */
  public static DemoMailServer start() {
    GreenMail greenMail =
        new GreenMail(new ServerSetup(3143, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    greenMail.start();
    DemoMailServer server = new DemoMailServer(greenMail);
    try {
      server.addUser(USER);
    } catch (RuntimeException e) {
      greenMail.stop();
      throw e;
    }
    return server;
  }

  /**
   * Adds a user (login {@code user}, the demo password) with the folders INBOX, Archive and Trash.
   *
   * @param user the login, also the account key the examples queue under
   */
  public void addUser(String user) {
    greenMail.setUser(user + "@example.com", user, PASSWORD);
    for (String name : STANDARD_FOLDERS) {
      createFolder(user, name);
    }
  }

  /**
   * Adds the users not there yet (see {@link #addUser}) and appends {@code count} messages to each
   * one's INBOX (see {@link #seedInbox(String, int)}).
   *
   * @param users the logins
   * @param count how many messages each
   */
  public void seedUsers(List<String> users, int count) {
    for (String user : users) {
      if (greenMail.getUserManager().getUser(user) == null) {
        addUser(user);
      }
      seedInbox(user, count);
    }
  }

  /**
   * Creates a folder for a user, unless it exists.
   *
   * @param user the login
   * @param name the folder's full name
   */
  public void createFolder(String user, String name) {
    client.withStore(
        user,
        store -> {
          Folder folder = store.getFolder(name);
          if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES)) {
            throw new IllegalStateException("the server did not create folder " + name);
          }
          return null;
        });
  }

  /**
   * The IMAP port the server listens on (loopback).
   *
   * @return the port
   */
  public int port() {
    return greenMail.getImap().getPort();
  }

  /**
   * How Ferry reaches this server as {@code user}. Plain text on loopback, chosen explicitly: the
   * demo server has no certificate. Real accounts keep the default, TLS with certificate checks.
   *
   * @param user the login
   * @return the account
   */
  public ImapAccount account(String user) {
    return accountBuilder(user).build();
  }

  /**
   * How Ferry reaches this server as {@code user} through another loopback port, such as a {@link
   * TcpForwarder}'s, with timeouts of 5 s so that a network that is down is noticed at once.
   *
   * @param user the login
   * @param port the port to connect to instead of the server's
   * @return the account
   */
  public ImapAccount accountThrough(String user, int port) {
    Duration timeout = Duration.ofSeconds(5);
    return accountBuilder(user).port(port).connectTimeout(timeout).readTimeout(timeout).build();
  }

  /** This server's host, port, user, password and trash folder; plain text, see above. */
  private ImapAccount.Builder accountBuilder(String user) {
    return ImapAccount.builder("127.0.0.1", user, CredentialsProvider.password(PASSWORD))
        .port(port())
        .tlsMode(TlsMode.NONE)
        .trashFolder("Trash");
  }

  /**
   * Appends {@code count} messages to the INBOX of {@value #USER}; see {@link #seedInbox(String,
   * int)}.
   *
   * @param count how many
   */
  public void seedInbox(int count) {
    seedInbox(USER, count);
  }

  /**
   * Appends {@code count} messages to a user's INBOX, with subjects {@code Message 01} and on and
   * distinct Message-IDs.
   *
   * @param user the login
   * @param count how many
   */
  public void seedInbox(String user, int count) {
    client.withStore(
        user,
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
            m.setHeader("Message-ID", "<demo-" + i + messageIdSuffix(user) + "@example.org>");
            messages.add(m);
          }
          inbox.appendMessages(messages.toArray(new Message[0]));
          return null;
        });
  }

  /**
   * What the server holds now for {@value #USER}: see {@link #snapshot(String)}.
   *
   * @return folder name to messages, in UID order
   */
  public Map<String, List<ServerMessage>> snapshot() {
    return snapshot(USER);
  }

  /**
   * What the server holds now for a user: per folder (INBOX, Archive, Trash), the messages with
   * their flags.
   *
   * @param user the login
   * @return folder name to messages, in UID order
   */
  public Map<String, List<ServerMessage>> snapshot(String user) {
    List<String> names = new ArrayList<>(List.of("INBOX"));
    names.addAll(STANDARD_FOLDERS);
    return snapshot(user, names);
  }

  /**
   * What the server holds now in some of a user's folders.
   *
   * @param user the login
   * @param names the folders' full names, in the order wanted
   * @return folder name to messages, in UID order
   * @throws IllegalStateException when a folder does not exist
   */
  public Map<String, List<ServerMessage>> snapshot(String user, List<String> names) {
    return client.withStore(
        user,
        store -> {
          Map<String, List<ServerMessage>> folders = new LinkedHashMap<>();
          for (String name : names) {
            folders.put(name, PlainImapClient.read(store, name));
          }
          return folders;
        });
  }

  /**
   * A user's INBOX as the application knows it after its first sync: element {@code n - 1} is the
   * location of the seeded message {@code n}, to queue operations on.
   *
   * @param user the login, also the account key
   * @return the locations, in UID order
   */
  public List<MessageRef> inboxRefs(String user) {
    return messages(user, "INBOX").stream()
        .map(m -> new MessageRef(user, "INBOX", m.uidValidity(), m.uid(), m.messageId()))
        .toList();
  }

  /**
   * The messages in one of a user's folders now.
   *
   * @param user the login
   * @param folder the folder's full name
   * @return the messages in UID order
   * @throws IllegalStateException when the folder does not exist
   */
  public List<ServerMessage> messages(String user, String folder) {
    return client.withStore(user, store -> PlainImapClient.read(store, folder));
  }

  /**
   * The message at a location now, read by the independent client.
   *
   * @param ref the location (its account is the login)
   * @return the message
   * @throws IllegalStateException when the folder has no message with that UID
   */
  public ServerMessage message(MessageRef ref) {
    return messages(ref.account(), ref.folder()).stream()
        .filter(m -> m.uid() == ref.uid())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no message at " + ref));
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  private static String messageIdSuffix(String user) {
    // Alice's Message-IDs stay as the quickstart prints them; other users get their own.
    return USER.equals(user) ? "" : "-" + user;
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
   * @param answered whether \Answered is set
   * @param keywords its keywords ($Junk, Work, ...), sorted
   */
  public record ServerMessage(
      long uidValidity,
      long uid,
      String messageId,
      String subject,
      boolean seen,
      boolean flagged,
      boolean deleted,
      boolean answered,
      SortedSet<String> keywords) {}
}
