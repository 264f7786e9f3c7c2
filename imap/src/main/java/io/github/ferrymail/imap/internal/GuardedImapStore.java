package io.github.ferrymail.imap.internal;

import io.github.ferrymail.imap.Credentials;
import io.github.ferrymail.imap.TlsMode;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Angus's store with {@link LoginGuard} in its pre-login hook: after STARTTLS and the capability
 * refresh, before any credential goes out. Built directly rather than through a provider, so that
 * no class of ours is loaded by name.
 */
final class GuardedImapStore extends IMAPStore {
  private final Credentials.Kind kind;
  private final TlsMode tlsMode;

  GuardedImapStore(Session session, TlsMode tlsMode, Credentials.Kind kind) {
    super(
        session,
        new URLName(protocolName(tlsMode), null, -1, null, null, null),
        protocolName(tlsMode),
        tlsMode == TlsMode.IMPLICIT);
    this.kind = kind;
    this.tlsMode = tlsMode;
  }

  static String protocolName(TlsMode tlsMode) {
    return tlsMode == TlsMode.IMPLICIT ? "imaps" : "imap";
  }

  @Override
  protected void preLogin(IMAPProtocol p) throws ProtocolException {
    LoginRefusedException refusal = LoginGuard.refusal(kind, tlsMode, p.isSSL(), p::hasCapability);
    if (refusal != null) {
      throw refusal;
    }
  }
}
