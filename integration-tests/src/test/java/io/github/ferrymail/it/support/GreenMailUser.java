package io.github.ferrymail.it.support;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.it.support.ServerView.ServerMessage;

/**
 * A user on an in-process GreenMail server: the account Ferry is given, and a plain client's view
 * of the mailbox to set it up and check it.
 */
public final class GreenMailUser {
  /** The account key and login. */
  public final String account;

  /** A plain Jakarta Mail client on the user's mailbox. */
  public final ServerView server;

  private final String password;
  private final int port;

  private GreenMailUser(String account, String password, int port) {
    this.account = account;
    this.password = password;
    this.port = port;
    this.server = new ServerView("127.0.0.1", port, account, password);
  }

  /**
   * Creates the user {@code <account>@example.org} with password {@code pw-<account>}.
   *
   * @param greenMail the running server
   * @param account the login
   * @return the user
   */
  public static GreenMailUser create(GreenMailExtension greenMail, String account) {
    String password = "pw-" + account;
    greenMail.setUser(account + "@example.org", account, password);
    return new GreenMailUser(account, password, greenMail.getImap().getPort());
  }

  /**
   * Ferry's account for the user: plain IMAP on loopback (GreenMail's test port has no TLS).
   *
   * @return a builder, to add settings to
   */
  public ImapAccount.Builder accountBuilder() {
    return ImapAccount.builder("127.0.0.1", account, CredentialsProvider.password(password))
        .port(port)
        .tlsMode(TlsMode.NONE);
  }

  /**
   * Where a message is now, as the application would know it.
   *
   * @param folder the folder
   * @param messageId its Message-ID
   * @return its location
   */
  public MessageRef ref(String folder, String messageId) {
    ServerMessage m = server.find(folder, messageId);
    return new MessageRef(account, folder, m.uidValidity(), m.uid(), messageId);
  }
}
