package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.internal.Args;
import java.util.List;
import java.util.Map;

/**
 * What {@link PendingOperationStore#claim} hands a worker: the account's lease and its due
 * operations, in queue order, now in flight under that lease, each naming its message's current
 * location (the store forwards operations that name a location a completed move left).
 *
 * @param lease the lease; release it when done
 * @param operations the claimed operations, oldest first; may be empty
 * @param movedUidUnknown claimed operations (by id) whose message an earlier relocation took to a
 *     folder where its UID is unknown, with that relocation: they cannot run, and the processor
 *     fails them with {@link io.github.ferrymail.core.FailureReason#MESSAGE_LOCATION_UNKNOWN}
 */
public record Claim(
    Lease lease, List<PendingOperation> operations, Map<Long, Relocation> movedUidUnknown) {
  /** Validates and copies. */
  public Claim {
    Args.notNull(lease, "lease");
    operations = List.copyOf(Args.notNull(operations, "operations"));
    movedUidUnknown = Map.copyOf(Args.notNull(movedUidUnknown, "movedUidUnknown"));
  }

  /**
   * A claim in which every operation's message is where the operation says.
   *
   * @param lease the lease
   * @param operations the claimed operations
   */
  public Claim(Lease lease, List<PendingOperation> operations) {
    this(lease, operations, Map.of());
  }
}
