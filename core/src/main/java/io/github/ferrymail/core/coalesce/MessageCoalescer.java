package io.github.ferrymail.core.coalesce;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rules of {@link Coalescer} for the operations on one message, in queue order. */
final class MessageCoalescer {
  private final List<PendingOperation> group;
  private final Map<PendingOperation, Cancellation> cancellations = new IdentityHashMap<>();
  // The surviving relocation, when it takes over an earlier attempt's checkpoint.
  private @Nullable PendingOperation heir;
  private @Nullable Checkpoint carried;

  MessageCoalescer(List<PendingOperation> group) {
    this.group = group;
  }

  void coalesce(
      List<PendingOperation> toRun,
      List<Cancellation> cancelled,
      List<PendingOperation> deferred,
      Map<Long, Checkpoint> inherited) {
    int delete = deleteAfterBegunRelocation();
    if (delete >= 0) {
      // A relocation before the delete may have moved the message already (its checkpoint says an
      // attempt began): the delete would find nothing where the message was and leave it where the
      // attempt took it. So the relocation runs first and finds it; the delete, re-pointed at the
      // new location when the relocation completes, waits for the next pass.
      new MessageCoalescer(group.subList(0, delete))
          .coalesce(toRun, cancelled, deferred, inherited);
      deferred.addAll(group.subList(delete, group.size()));
      return;
    }
    int barrier = firstBarrier();
    if (barrier < 0 || deletedBefore(barrier)) {
      // Without a barrier, or with the message deleted before it, the rules apply to the whole
      // group (a delete before the barrier cancels it as it cancels everything after itself).
      applyRules(toRun, cancelled, deferred, inherited);
      return;
    }
    // The operations before the barrier coalesce among themselves. The barrier runs after the
    // flag changes among them, in this pass, unless one of them moves the message or waits: then
    // the barrier waits too. Whatever follows the barrier waits for it.
    List<PendingOperation> before = new ArrayList<>();
    int deferredBefore = deferred.size();
    new MessageCoalescer(group.subList(0, barrier))
        .applyRules(before, cancelled, deferred, inherited);
    toRun.addAll(before);
    boolean waits =
        deferred.size() > deferredBefore
            || before.stream().anyMatch(op -> !op.kind().isFlagChange());
    if (!waits) {
      toRun.add(group.get(barrier));
    }
    deferred.addAll(group.subList(waits ? barrier : barrier + 1, group.size()));
  }

  /** The index of the first delete after a relocation that carries a checkpoint, or -1. */
  private int deleteAfterBegunRelocation() {
    boolean begun = false;
    for (int i = 0; i < group.size(); i++) {
      PendingOperation op = group.get(i);
      if (op.kind().isRelocation() && op.checkpoint() != null) {
        begun = true;
      } else if (begun && op.kind().isDeletion()) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first operation that must run in its place, or -1. */
  private int firstBarrier() {
    for (int i = 0; i < group.size(); i++) {
      if (group.get(i).kind().isBarrier()) {
        return i;
      }
    }
    return -1;
  }

  private boolean deletedBefore(int index) {
    return group.subList(0, index).stream().anyMatch(op -> op.kind().isDeletion());
  }

  /** The rules for a group without a barrier, or whose message is deleted before its barrier. */
  private void applyRules(
      List<PendingOperation> toRun,
      List<Cancellation> cancelled,
      List<PendingOperation> deferred,
      Map<Long, Checkpoint> inherited) {
    if (supersededByDelete()) {
      for (PendingOperation op : group) {
        Cancellation c = cancellations.get(op);
        if (c == null) {
          toRun.add(op);
        } else {
          cancelled.add(c);
        }
      }
      return;
    }
    cancelSupersededFlagChanges();
    cancelSupersededRelocations();
    if (heir != null && carried != null) {
      inherited.put(heir.id(), carried);
    }

    // What the flag changes run so far wish, by flag: a later one that disagrees waits.
    Map<String, Boolean> running = new HashMap<>();
    boolean waiting = false;
    for (PendingOperation op : group) {
      Cancellation c = cancellations.get(op);
      if (c != null) {
        cancelled.add(c);
      } else if (waiting) {
        deferred.add(op);
      } else if (op.operation() instanceof Operation.FlagChange) {
        Map<String, Boolean> wishes = ((Operation.FlagChange) op.operation()).delta().wishes();
        if (disagree(running, wishes)) {
          waiting = true;
          deferred.add(op);
        } else {
          running.putAll(wishes);
          toRun.add(op);
        }
      } else if (op == heir && carried != null) {
        toRun.add(op.withCheckpoint(carried));
      } else {
        toRun.add(op);
      }
    }
  }

  /** The last permanent delete supersedes everything before it and ends everything after it. */
  private boolean supersededByDelete() {
    @Nullable PendingOperation lastDelete = null;
    for (PendingOperation op : group) {
      if (op.kind().isDeletion()) {
        lastDelete = op;
      }
    }
    if (lastDelete == null) {
      return false;
    }
    for (PendingOperation op : group) {
      if (op.id() < lastDelete.id()) {
        cancel(op, lastDelete, "superseded by permanent delete");
      } else if (op != lastDelete) {
        cancel(op, lastDelete, "the message is permanently deleted by an earlier operation");
      }
    }
    return true;
  }

  /**
   * A flag change is superseded when later flag changes wish for every one of its flags; it is
   * superseded by the last of them, which has the final word on at least one of its flags.
   */
  private void cancelSupersededFlagChanges() {
    Map<String, PendingOperation> lastWisher = new HashMap<>();
    for (int i = group.size() - 1; i >= 0; i--) {
      PendingOperation op = group.get(i);
      if (!(op.operation() instanceof Operation.FlagChange)) {
        continue;
      }
      Map<String, Boolean> wishes = ((Operation.FlagChange) op.operation()).delta().wishes();
      @Nullable PendingOperation by = null;
      for (String flag : wishes.keySet()) {
        PendingOperation later = lastWisher.get(flag);
        if (later == null) {
          by = null;
          break;
        }
        by = by == null || later.id() > by.id() ? later : by;
      }
      if (by != null) {
        cancel(op, by, "superseded by a later change of the same flags");
      }
      for (String flag : wishes.keySet()) {
        lastWisher.putIfAbsent(flag, op);
      }
    }
  }

  /**
   * Relocations collapse to the last; when that one ends where the message already is, none runs,
   * unless an earlier attempt left a checkpoint: it may have moved the message already, so the last
   * runs (a move back included) with the latest such checkpoint, to find the message where that
   * attempt took it.
   */
  private void cancelSupersededRelocations() {
    @Nullable PendingOperation last = null;
    @Nullable Checkpoint latest = null;
    for (PendingOperation op : group) {
      if (op.kind().isRelocation()) {
        last = op;
        if (op.checkpoint() != null) {
          latest = op.checkpoint();
        }
      }
    }
    if (last == null) {
      return;
    }
    if (latest != null && last.checkpoint() != latest) {
      heir = last;
      carried = latest;
    }
    boolean undone = latest == null && endsWhereItStarted(last);
    for (PendingOperation op : group) {
      if (!op.kind().isRelocation()) {
        continue;
      }
      if (undone) {
        cancel(op, last, "the message is restored to the folder it was in");
      } else if (op != last) {
        cancel(op, last, "superseded by a later move");
      }
    }
  }

  private void cancel(PendingOperation op, PendingOperation by, String reason) {
    cancellations.put(op, Cancellation.supersededBy(op, by, reason));
  }

  private static boolean disagree(Map<String, Boolean> running, Map<String, Boolean> wishes) {
    for (Map.Entry<String, Boolean> wish : wishes.entrySet()) {
      Boolean other = running.get(wish.getKey());
      if (other != null && !other.equals(wish.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWhereItStarted(PendingOperation relocation) {
    String destination = relocation.operation().destination();
    return destination != null && destination.equals(relocation.message().folder());
  }
}
