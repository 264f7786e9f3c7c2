package io.github.ferrymail.examples.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

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

  private DemoMailServer(GreenMail greenMail) {
    this.greenMail = greenMail;
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
    withStore(
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
   * How Ferry reaches this server as {@value #USER}. Plain text on loopback, chosen explicitly: the
   * demo server has no certificate. Real accounts keep the default, TLS with certificate checks.
   *
   * @return the account
   */
  public ImapAccount account() {
    return account(USER);
  }

  /**
   * How Ferry reaches this server as {@code user}; see {@link #account()}.
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

  /**
   * The settings of {@link #account(String)}, to change before building (another port, say, when
   * the connection goes through a {@link TcpForwarder}).
   *
   * @param user the login
   * @return a builder with this server's host, port, user, password and trash folder
   */
  public ImapAccount.Builder accountBuilder(String user) {
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
    withStore(
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
    return withStore(
        user,
        store -> {
          Map<String, List<ServerMessage>> folders = new LinkedHashMap<>();
          for (String name : names) {
            folders.put(name, read(store, name));
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
    return withStore(user, store -> read(store, folder));
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

  /**
   * Whether a user has a folder.
   *
   * @param user the login
   * @param folder the folder's full name
   * @return true when it exists
   */
  public boolean hasFolder(String user, String folder) {
    return withStore(user, store -> store.getFolder(folder).exists());
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  private static List<ServerMessage> read(Store store, String name) throws MessagingException {
    Folder folder = store.getFolder(name);
    if (!folder.exists()) {
      throw new IllegalStateException("no folder " + name + " on the server");
    }
    folder.open(Folder.READ_ONLY);
    try {
      UIDFolder uids = (UIDFolder) folder;
      Message[] all = folder.getMessages();
      // One FETCH for the whole folder instead of several round trips per message.
      FetchProfile profile = new FetchProfile();
      profile.add(UIDFolder.FetchProfileItem.UID);
      profile.add(FetchProfile.Item.FLAGS);
      profile.add(FetchProfile.Item.ENVELOPE);
      profile.add("Message-ID");
      folder.fetch(all, profile);
      List<ServerMessage> messages = new ArrayList<>();
      for (Message m : all) {
        String[] ids = m.getHeader("Message-ID");
        messages.add(
            new ServerMessage(
                uids.getUIDValidity(),
                uids.getUID(m),
                ids == null ? null : ids[0],
                m.getSubject(),
                m.isSet(Flags.Flag.SEEN),
                m.isSet(Flags.Flag.FLAGGED),
                m.isSet(Flags.Flag.DELETED),
                m.isSet(Flags.Flag.ANSWERED),
                new TreeSet<>(List.of(m.getFlags().getUserFlags()))));
      }
      return messages;
    } finally {
      folder.close(false);
    }
  }

  private static String messageIdSuffix(String user) {
    // Alice's Message-IDs stay as the quickstart prints them; other users get their own.
    return USER.equals(user) ? "" : "-" + user;
  }

  private interface StoreWork<T> {
    T apply(Store store) throws MessagingException;
  }

  private <T> T withStore(String user, StoreWork<T> work) {
    Properties props = new Properties();
    props.put("mail.imap.connectiontimeout", "10000");
    props.put("mail.imap.timeout", "10000");
    try {
      Store store = Session.getInstance(props).getStore("imap");
      store.connect("127.0.0.1", port(), user, PASSWORD);
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
