package io.github.ferrymail.testing;

import java.time.Instant;

/**
 * The last error a store gives the operations an account's pause sends back to pending.
 *
 * <p>A copy of core's internal class of the same name, for the reason given on {@link Args}; the
 * store contract's {@code Folders} and {@code Pausing} tests hold both stores to the same result.
 */
final class PauseError {
  private PauseError() {}

  /**
   * The text, the same in every store.
   *
   * @param until when the pause ends
   * @param reason why the account was paused
   * @return {@code "account paused until <until>: <reason>"}
   */
  static String of(Instant until, String reason) {
    return "account paused until " + until + ": " + reason;
  }
}
