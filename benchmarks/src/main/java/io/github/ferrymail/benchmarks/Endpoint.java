package io.github.ferrymail.benchmarks;

import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.NoUidPlusPolicy;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.imap.testing.DovecotServer;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;

/**
 * Where a variant connects: the Dovecot instance itself, or the counting proxy in front of it.
 * Plain IMAP on 127.0.0.1 (the proxy cannot read TLS), as the bench's own user.
 *
 * @param server the Dovecot instance (for its user, password and session properties)
 * @param host the host to connect to
 * @param port the port to connect to
 * @param policy what Ferry does on a server without UIDPLUS
 */
record Endpoint(DovecotServer server, String host, int port, NoUidPlusPolicy policy) {

  /** Straight to the server. */
  static Endpoint direct(DovecotServer server, NoUidPlusPolicy policy) {
    return new Endpoint(server, server.host(), server.port(), policy);
  }

  /** The same server through another host and port (the proxy). */
  Endpoint via(String otherHost, int otherPort) {
    return new Endpoint(server, otherHost, otherPort, policy);
  }

  /** Ferry's account for this endpoint. */
  ImapAccount account() {
    return ImapAccount.builder(host, server.user(), CredentialsProvider.password(server.password()))
        .port(port)
        .tlsMode(TlsMode.NONE)
        .noUidPlusPolicy(policy)
        .build();
  }

  /** A Jakarta Mail store, logged in; the caller closes it. */
  Store openStore() throws MessagingException {
    Store store = server.session().getStore("imap");
    store.connect(host, port, server.user(), server.password());
    return store;
  }
}
