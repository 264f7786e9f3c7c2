package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.Credentials;
import io.github.ferrymail.imap.TlsMode;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Decides, from the capabilities the server announced before login, whether the account's secret
 * may be sent on this connection at all.
 *
 * <p>Angus Mail tries the configured SASL mechanisms and, when the server offers none of them,
 * falls back to the {@code LOGIN} command with whatever secret it was given: an OAuth2 token would
 * go out as a password. No property turns that fallback off (the {@code auth.*.disable} properties
 * only filter Angus's default list), so the guard refuses first.
 */
final class LoginGuard {
  static final String XOAUTH2 = "AUTH=XOAUTH2";
  static final String OAUTHBEARER = "AUTH=OAUTHBEARER";

  private LoginGuard() {}

  /**
   * Why this login must not be attempted, or null when it may.
   *
   * @param kind what the secret is
   * @param tlsMode what the account requires
   * @param encrypted whether the connection is protected by TLS now
   * @param hasCapability the server's current (pre-login) capabilities
   */
  static @Nullable LoginRefusedException refusal(
      Credentials.Kind kind, TlsMode tlsMode, boolean encrypted, Predicate<String> hasCapability) {
    if (tlsMode != TlsMode.NONE && !encrypted) {
      // Angus already refuses a missing STARTTLS; this holds even if that ever changed.
      return new LoginRefusedException(
          FailureReason.TLS_FAILED,
          "the connection is not encrypted although " + tlsMode + " is required; nothing was sent");
    }
    switch (kind) {
      case OAUTH2_TOKEN:
        if (hasCapability.test(XOAUTH2)) {
          return null;
        }
        return new LoginRefusedException(
            FailureReason.AUTHENTICATION_FAILED,
            "the server does not offer AUTH=XOAUTH2"
                + (hasCapability.test(OAUTHBEARER)
                    ? " (it offers AUTH=OAUTHBEARER, which Ferry does not support)"
                    : "")
                + "; the OAuth2 token was not sent, and is never sent as a password");
      case PASSWORD:
        if (hasCapability.test("LOGINDISABLED")
            && !hasCapability.test("AUTH=PLAIN")
            && !hasCapability.test("AUTH=LOGIN")) {
          return new LoginRefusedException(
              FailureReason.AUTHENTICATION_FAILED,
              "the server announces LOGINDISABLED and offers neither AUTH=PLAIN nor AUTH=LOGIN:"
                  + " a password cannot be used here; the password was not sent");
        }
        return null;
      default:
        throw new IllegalArgumentException("unknown credentials kind: " + kind);
    }
  }
}
