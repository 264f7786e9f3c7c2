package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.internal.Args;
import java.time.Instant;

/**
 * A worker's exclusive, time-limited hold on one account's queue. Every outcome a worker records
 * names its lease; the store refuses it with {@link io.github.ferrymail.core.LeaseLostException}
 * once another worker has taken the account over (fencing).
 *
 * @param account the account key
 * @param owner the worker's id (for logs and admin views)
 * @param token a value unique to this grant of the lease
 * @param expiresAt when the lease lapses unless renewed
 */
public record Lease(String account, String owner, String token, Instant expiresAt) {
  /** Validates. */
  public Lease {
    Args.notBlank(account, "account");
    Args.notBlank(owner, "owner");
    Args.notBlank(token, "token");
    Args.notNull(expiresAt, "expiresAt");
  }
}
