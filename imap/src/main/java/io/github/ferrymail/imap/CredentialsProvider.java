package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;
import java.util.function.Supplier;

/**
 * Supplies the secret for each login. Called on every (re)connect, so an OAuth2 provider can hand
 * out a fresh token each time. Implementations must not log what they return.
 */
@FunctionalInterface
public interface CredentialsProvider {

  /**
   * The credentials for the next login.
   *
   * @return the credentials
   */
  Credentials credentials();

  /**
   * A fixed password.
   *
   * @param password the password
   * @return a provider that always returns it
   */
  static CredentialsProvider password(String password) {
    Credentials credentials = Credentials.password(password);
    return new CredentialsProvider() {
      @Override
      public Credentials credentials() {
        return credentials;
      }

      @Override
      public String toString() {
        return "CredentialsProvider[password=***]";
      }
    };
  }

  /**
   * OAuth2 access tokens, asked for at every login.
   *
   * @param tokens supplies a currently valid access token
   * @return a provider sending the tokens with XOAUTH2
   */
  static CredentialsProvider oauth2(Supplier<String> tokens) {
    Args.notNull(tokens, "tokens");
    return new CredentialsProvider() {
      @Override
      public Credentials credentials() {
        return Credentials.oauth2Token(Args.notNull(tokens.get(), "token"));
      }

      @Override
      public String toString() {
        return "CredentialsProvider[oauth2]";
      }
    };
  }
}
