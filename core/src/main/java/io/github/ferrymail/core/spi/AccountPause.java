package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.internal.Args;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An account's pause as the store keeps it, for every node to see: until when no worker claims the
 * account, why (the account-level failure that paused it, such as refused credentials), and how
 * many times in a row it has been paused.
 *
 * @param account the account key
 * @param until when the pause ends
 * @param reason why the account was paused; null when the store does not know
 * @param inARow how many pauses in a row this one is (see {@link
 *     PendingOperationStore#pausesInARow}), at least 1
 */
public record AccountPause(String account, Instant until, @Nullable String reason, int inARow) {
  /** Validates. */
  public AccountPause {
    Args.notBlank(account, "account");
    Args.notNull(until, "until");
    Args.positive(inARow, "inARow");
  }

  /**
   * A pause whose count the store does not know: the first.
   *
   * @param account the account key
   * @param until when the pause ends
   * @param reason why, or null
   */
  public AccountPause(String account, Instant until, @Nullable String reason) {
    this(account, until, reason, 1);
  }
}
