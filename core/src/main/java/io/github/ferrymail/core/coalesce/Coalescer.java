package io.github.ferrymail.core.coalesce;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reduces an account's due operations to what must run: a pure function, with no I/O and no state.
 *
 * <p>Operations are grouped by message ({@link MessageRef#key()}); groups never affect each other.
 * Within a group, in queue order:
 *
 * <ol>
 *   <li>A permanent delete supersedes everything queued before it on the message (flag changes,
 *       moves, an earlier delete), and anything queued after it is cancelled as the message is
 *       gone.
 *   <li>Read and unread collapse to the last wish; so do flag and unflag.
 *   <li>Moves, trash and restore collapse to the last one (A to B then B to C is A to C: later
 *       operations name the message's location before the move, see {@link MessageRef}).
 *   <li>If that last relocation ends where the message already is (a trash or move undone by a
 *       restore or move back), every relocation of the group is cancelled.
 *   <li>Unless an earlier attempt of a relocation left a checkpoint: then it may have moved the
 *       message already, so the last relocation runs (a move back included) and inherits the latest
 *       such checkpoint ({@link CoalescingResult#inherited()}), to find the message where that
 *       attempt took it.
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
   * @return what to run, in queue order, and what to cancel, with reasons
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
    Map<Long, Checkpoint> inherited = new LinkedHashMap<>();
    for (List<PendingOperation> group : byMessage.values()) {
      coalesceMessage(group, toRun, cancelled, inherited);
    }
    toRun.sort(Comparator.comparingLong(PendingOperation::id));
    cancelled.sort(Comparator.comparingLong(c -> c.operation().id()));
    return new CoalescingResult(toRun, cancelled, inherited);
  }

  private static void coalesceMessage(
      List<PendingOperation> group,
      List<PendingOperation> toRun,
      List<Cancellation> cancelled,
      Map<Long, Checkpoint> inherited) {
    @Nullable PendingOperation lastDelete = null;
    for (PendingOperation op : group) {
      if (op.kind() == OperationKind.PERMANENT_DELETE) {
        lastDelete = op;
      }
    }
    if (lastDelete != null) {
      for (PendingOperation op : group) {
        if (op == lastDelete) {
          toRun.add(op);
        } else if (op.id() < lastDelete.id()) {
          cancelled.add(
              Cancellation.supersededBy(op, lastDelete, "superseded by permanent delete"));
        } else {
          cancelled.add(
              Cancellation.supersededBy(
                  op, lastDelete, "the message is permanently deleted by an earlier operation"));
        }
      }
      return;
    }

    @Nullable PendingOperation lastSeen = null;
    @Nullable PendingOperation lastFlagged = null;
    @Nullable PendingOperation lastRelocation = null;
    for (PendingOperation op : group) {
      if (op.kind().changesSeen()) {
        lastSeen = op;
      } else if (op.kind().changesFlagged()) {
        lastFlagged = op;
      } else if (op.kind().isRelocation()) {
        lastRelocation = op;
      }
    }
    // An earlier attempt may have moved the message already: its checkpoint says where to look.
    @Nullable Checkpoint carried = null;
    for (PendingOperation op : group) {
      if (op.kind().isRelocation() && op.checkpoint() != null) {
        carried = op.checkpoint();
      }
    }
    boolean relocationUndone =
        lastRelocation != null && carried == null && endsWhereItStarted(lastRelocation);
    for (PendingOperation op : group) {
      OperationKind kind = op.kind();
      if (kind.changesSeen()) {
        keepLast(op, lastSeen, "superseded by a later read/unread change", toRun, cancelled);
      } else if (kind.changesFlagged()) {
        keepLast(op, lastFlagged, "superseded by a later flag/unflag change", toRun, cancelled);
      } else if (relocationUndone) {
        cancelled.add(
            Cancellation.supersededBy(
                op, lastRelocation, "the message is restored to the folder it was in"));
      } else if (op == lastRelocation && carried != null && op.checkpoint() != carried) {
        // The survivor takes over the checkpoint, so it finds the message where it may be now.
        PendingOperation heir = op.withCheckpoint(carried);
        toRun.add(heir);
        inherited.put(op.id(), carried);
      } else {
        keepLast(op, lastRelocation, "superseded by a later move", toRun, cancelled);
      }
    }
  }

  private static void keepLast(
      PendingOperation op,
      @Nullable PendingOperation last,
      String reason,
      List<PendingOperation> toRun,
      List<Cancellation> cancelled) {
    if (op == last) {
      toRun.add(op);
    } else {
      cancelled.add(Cancellation.supersededBy(op, last, reason));
    }
  }

  private static boolean endsWhereItStarted(PendingOperation relocation) {
    String destination = relocation.operation().destination();
    return destination != null && destination.equals(relocation.message().folder());
  }
}
