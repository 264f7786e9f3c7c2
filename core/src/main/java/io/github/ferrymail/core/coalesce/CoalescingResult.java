package io.github.ferrymail.core.coalesce;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Coalescer#coalesce} decided.
 *
 * @param toRun the operations to execute, in queue order
 * @param cancelled the operations to cancel, in queue order
 * @param inherited checkpoints that operations to run took over from the relocations they
 *     supersede, by operation id: to be stored on those operations before the cancellations are
 */
public record CoalescingResult(
    List<PendingOperation> toRun, List<Cancellation> cancelled, Map<Long, Checkpoint> inherited) {
  /** Copies. */
  public CoalescingResult {
    toRun = List.copyOf(Args.notNull(toRun, "toRun"));
    cancelled = List.copyOf(Args.notNull(cancelled, "cancelled"));
    inherited =
        Collections.unmodifiableMap(new LinkedHashMap<>(Args.notNull(inherited, "inherited")));
  }

  /**
   * Nothing inherited.
   *
   * @param toRun the operations to execute, in queue order
   * @param cancelled the operations to cancel, in queue order
   */
  public CoalescingResult(List<PendingOperation> toRun, List<Cancellation> cancelled) {
    this(toRun, cancelled, Map.of());
  }
}
