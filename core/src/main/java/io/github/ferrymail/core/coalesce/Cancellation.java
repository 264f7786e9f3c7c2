package io.github.ferrymail.core.coalesce;

import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;

/**
 * An operation that coalescing removed.
 *
 * @param operation the cancelled operation
 * @param supersededBy the id of the operation that made it unnecessary (may be its own id when it
 *     cancels itself, like a move back to where the message already is)
 * @param reason a short explanation, stored as the operation's last error
 */
public record Cancellation(PendingOperation operation, long supersededBy, String reason) {
  /** Validates. */
  public Cancellation {
    Args.notNull(operation, "operation");
    Args.notBlank(reason, "reason");
  }

  static Cancellation supersededBy(PendingOperation op, PendingOperation by, String reason) {
    return new Cancellation(op, by.id(), reason + " (operation " + by.id() + ")");
  }
}
