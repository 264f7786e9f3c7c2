package io.github.ferrymail.core.coalesce;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces an account's due operations to what must run: a pure function, with no I/O and no state.
 *
 * <p>Operations are grouped by message ({@link MessageRef#key()}); groups never affect each other.
 * Within a group, in queue order:
 *
 * <ol>
 *   <li>A permanent delete supersedes everything queued before it on the message (flag changes,
 *       moves, an earlier delete), and anything queued after it is cancelled as the message is
 *       gone. Unless a relocation before it carries a checkpoint: an attempt of it began and may
 *       have moved the message, so the operations before the delete coalesce and run first (the
 *       relocation finding the message), and the delete and what follows wait for a later pass,
 *       re-pointed at where the relocation took the message. Found by the live load: a worker
 *       killed after its {@code UID MOVE} left the message in the trash while the delete that
 *       superseded the move found nothing at the old location.
 *   <li>Flag changes keep the last wish per flag: a flag change all of whose flags a later flag
 *       change wishes for again (set or cleared, case ignored) is cancelled. Read then unread is
 *       unread; junk ({@code +$Junk -$NotJunk}) then not junk is not junk; read then flag is both.
 *   <li>Moves, trash and restore collapse to the last one (A to B then B to C is A to C: later
 *       operations name the message's location before the move, see {@link MessageRef}).
 *   <li>If that last relocation ends where the message already is (a trash or move undone by a
 *       restore or move back), every relocation of the group is cancelled.
 *   <li>Unless an earlier attempt of a relocation left a checkpoint: then it may have moved the
 *       message already, so the last relocation runs (a move back included) and inherits the latest
 *       such checkpoint ({@link CoalescingResult#inherited()}), to find the message where that
 *       attempt took it.
 *   <li>The flag changes that survive run with their whole delta, so that what runs is what the
 *       store holds. Two of them that wish otherwise for one flag (read and flag, then unread) must
 *       run in queue order: the later one, and everything after it on the message, is {@linkplain
 *       CoalescingResult#deferred() deferred} to a later pass, after the earlier one finished. What
 *       runs in one pass therefore never disagrees on a flag and may run in any order, in any
 *       batch.
 *   <li>A copy ({@linkplain io.github.ferrymail.core.OperationKind#isBarrier() a barrier}) runs in
 *       its place: the operations before it coalesce among themselves and run first; the copy runs
 *       in the same pass after the flag changes among them (it carries their flags), or waits for
 *       the next pass when one of them moves the message or waits itself; everything queued after
 *       the copy on the message is deferred until the copy has finished. A later permanent delete
 *       of the original never supersedes a copy; an earlier one cancels it.
 * </ol>
 *
 * <p>Operations that are not pending or in flight (completed, failed, cancelled) are ignored: they
 * are never replayed. The surviving flag changes can safely run before the relocation of the same
 * message, as IMAP MOVE and COPY carry flags along.
 */
public final class Coalescer {
  private Coalescer() {}

  /**
   * Coalesces an account's due operations.
   *
   * @param operations the operations, in any order (they are sorted by id)
   * @return what to run, in queue order, what to cancel, with reasons, and what to defer
   */
  public static CoalescingResult coalesce(List<PendingOperation> operations) {
    Args.notNull(operations, "operations");
    List<PendingOperation> sorted = new ArrayList<>(operations.size());
    for (PendingOperation op : operations) {
      Args.notNull(op, "operations element");
      if (op.status() == OperationStatus.PENDING || op.status() == OperationStatus.IN_FLIGHT) {
        sorted.add(op);
      }
    }
    sorted.sort(Comparator.comparingLong(PendingOperation::id));

    Map<MessageRef.Key, List<PendingOperation>> byMessage = new LinkedHashMap<>();
    for (PendingOperation op : sorted) {
      byMessage.computeIfAbsent(op.message().key(), k -> new ArrayList<>()).add(op);
    }

    List<PendingOperation> toRun = new ArrayList<>();
    List<Cancellation> cancelled = new ArrayList<>();
    List<PendingOperation> deferred = new ArrayList<>();
    Map<Long, Checkpoint> inherited = new LinkedHashMap<>();
    for (List<PendingOperation> group : byMessage.values()) {
      new MessageCoalescer(group).coalesce(toRun, cancelled, deferred, inherited);
    }
    toRun.sort(Comparator.comparingLong(PendingOperation::id));
    cancelled.sort(Comparator.comparingLong(c -> c.operation().id()));
    deferred.sort(Comparator.comparingLong(PendingOperation::id));
    return new CoalescingResult(toRun, cancelled, deferred, inherited);
  }
}
