package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.FailureReason;
import org.eclipse.angus.mail.iap.ProtocolException;

/**
 * Thrown from inside Angus's login, before any credential is sent, when the account must not log in
 * on this connection. A {@link ProtocolException} so that Angus closes the connection and wraps it;
 * {@link ErrorClassifier} finds it in the cause chain and keeps its reason.
 */
final class LoginRefusedException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final FailureReason reason;

  LoginRefusedException(FailureReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  FailureReason reason() {
    return reason;
  }
}
