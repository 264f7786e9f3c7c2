package io.github.ferrymail.imap.support;

import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import java.time.Duration;

/** A plain-IMAP server a test talks to: GreenMail or Dovecot. */
public record Endpoint(String host, int port, String user, String password) {

  /** An account for this server (or for a proxy in front of it, on {@code port}). */
  public ImapAccount.Builder account(int port) {
    return ImapAccount.builder(host, user, CredentialsProvider.password(password))
        .tlsMode(TlsMode.NONE)
        .port(port)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(20));
  }

  public ImapAccount.Builder account() {
    return account(port);
  }

  public MailboxProbe probe() {
    return new MailboxProbe(host, port, user, password);
  }
}
