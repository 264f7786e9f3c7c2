package io.github.ferrymail.core.internal;

import java.time.Instant;

/** The last error a store gives the operations an account's pause sends back to pending. */
public final class PauseError {
  private PauseError() {}

  /**
   * The text, the same in every store.
   *
   * @param until when the pause ends
   * @param reason why the account was paused
   * @return {@code "account paused until <until>: <reason>"}
   */
  public static String of(Instant until, String reason) {
    return "account paused until " + until + ": " + reason;
  }
}
