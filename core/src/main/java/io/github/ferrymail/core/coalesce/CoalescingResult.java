package io.github.ferrymail.core.coalesce;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Coalescer#coalesce} decided. Every operation it was given that is pending or in
 * flight is in exactly one of the three lists.
 *
 * @param toRun the operations to execute now, in queue order
 * @param cancelled the operations to cancel, in queue order
 * @param deferred the operations to leave for a later pass, in queue order: they must run after an
 *     operation of {@code toRun} on the same message has finished (a flag change that wishes
 *     otherwise for a flag an earlier, surviving flag change sets), and so must every later
 *     operation on that message
 * @param inherited checkpoints that operations to run took over from the relocations they
 *     supersede, by operation id: to be stored on those operations before the cancellations are
 */
public record CoalescingResult(
    List<PendingOperation> toRun,
    List<Cancellation> cancelled,
    List<PendingOperation> deferred,
    Map<Long, Checkpoint> inherited) {
  /** Copies. */
  public CoalescingResult {
    toRun = List.copyOf(Args.notNull(toRun, "toRun"));
    cancelled = List.copyOf(Args.notNull(cancelled, "cancelled"));
    deferred = List.copyOf(Args.notNull(deferred, "deferred"));
    inherited =
        Collections.unmodifiableMap(new LinkedHashMap<>(Args.notNull(inherited, "inherited")));
  }

  /**
   * A result that defers nothing and inherits nothing.
   *
   * @param toRun the operations to execute now, in queue order
   * @param cancelled the operations to cancel, in queue order
   */
  public CoalescingResult(List<PendingOperation> toRun, List<Cancellation> cancelled) {
    this(toRun, cancelled, List.of(), Map.of());
  }
}
