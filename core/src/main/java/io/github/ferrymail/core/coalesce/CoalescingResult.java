package io.github.ferrymail.core.coalesce;

import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import java.util.List;

/**
 * What {@link Coalescer#coalesce} decided.
 *
 * @param toRun the operations to execute, in queue order
 * @param cancelled the operations to cancel, in queue order
 */
public record CoalescingResult(List<PendingOperation> toRun, List<Cancellation> cancelled) {
  /** Copies. */
  public CoalescingResult {
    toRun = List.copyOf(Args.notNull(toRun, "toRun"));
    cancelled = List.copyOf(Args.notNull(cancelled, "cancelled"));
  }
}
