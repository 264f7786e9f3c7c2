package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.internal.Args;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An account's pause as the store keeps it, for every node to see: until when no worker claims the
 * account, and why (the account-level failure that paused it, such as refused credentials).
 *
 * @param account the account key
 * @param until when the pause ends
 * @param reason why the account was paused; null when the store does not know
 */
public record AccountPause(String account, Instant until, @Nullable String reason) {
  /** Validates. */
  public AccountPause {
    Args.notBlank(account, "account");
    Args.notNull(until, "until");
  }
}
