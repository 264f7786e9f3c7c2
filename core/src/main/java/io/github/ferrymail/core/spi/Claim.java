package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import java.util.List;

/**
 * What {@link PendingOperationStore#claim} hands a worker: the account's lease and its due
 * operations, in queue order, now in flight under that lease.
 *
 * @param lease the lease; release it when done
 * @param operations the claimed operations, oldest first; may be empty
 */
public record Claim(Lease lease, List<PendingOperation> operations) {
  /** Validates and copies. */
  public Claim {
    Args.notNull(lease, "lease");
    operations = List.copyOf(Args.notNull(operations, "operations"));
  }
}
