package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;

/**
 * One login's secret: a password or an OAuth2 access token (sent with SASL {@code XOAUTH2}). The
 * secret never appears in {@link #toString()}.
 *
 * @param kind password or OAuth2 token
 * @param secret the password or the token
 */
public record Credentials(Kind kind, String secret) {

  /** What the secret is. */
  public enum Kind {
    /** A password, sent with {@code LOGIN} or {@code AUTHENTICATE PLAIN}. */
    PASSWORD,
    /** An OAuth2 access token, sent with {@code AUTHENTICATE XOAUTH2}. */
    OAUTH2_TOKEN
  }

  /** Validates. */
  public Credentials {
    Args.notNull(kind, "kind");
    Args.notNull(secret, "secret");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("secret must not be empty");
    }
  }

  /**
   * A password.
   *
   * @param password the password
   * @return the credentials
   */
  public static Credentials password(String password) {
    return new Credentials(Kind.PASSWORD, password);
  }

  /**
   * An OAuth2 access token.
   *
   * @param token the token
   * @return the credentials
   */
  public static Credentials oauth2Token(String token) {
    return new Credentials(Kind.OAUTH2_TOKEN, token);
  }

  @Override
  public String toString() {
    return "Credentials[kind=" + kind + ", secret=***]";
  }
}
