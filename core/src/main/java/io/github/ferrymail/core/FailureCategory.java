package io.github.ferrymail.core;

/** How the queue treats a failure. */
public enum FailureCategory {
  /**
   * Try again later with backoff; counts an attempt (a dropped connection, a timeout, a busy
   * server).
   */
  TRANSIENT,
  /**
   * Trying again cannot help (the message is gone, the server said BAD): fail the operation now.
   */
  PERMANENT,
  /**
   * The whole account cannot work (bad credentials): pause the account with backoff without burning
   * every operation's attempts.
   */
  ACCOUNT
}
