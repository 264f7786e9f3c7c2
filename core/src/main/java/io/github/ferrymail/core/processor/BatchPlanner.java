package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.OperationBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits an account's coalesced operations into the phases of one pass and each phase into batches
 * of one change on one folder (one kind, and the same destination and flags).
 *
 * <p>Phases, in order: flag changes queued before any move of their message (they travel with the
 * message, as MOVE and COPY keep flags); the operations that are none of flag change, relocation or
 * delete (copies, which carry the flags set before them); moves, trash and restore; permanent
 * deletes; then flag changes queued after a move of their message, which run on the message's new
 * location once the move succeeded and otherwise wait (they are never applied to the folder the
 * message was meant to leave). When the move carries a checkpoint, an earlier attempt may have
 * moved the message already, so all its flag changes are of the last phase. Coalescing leaves at
 * most one relocation or delete per message, so batches of different messages never depend on each
 * other and can be merged freely within a phase; flag changes of one message that run in one pass
 * never disagree on a flag (see {@link io.github.ferrymail.core.coalesce.Coalescer}), so their
 * order does not matter either.
 *
 * <p>Only the kinds' traits are asked ({@link OperationKind#isRelocation()}, {@link
 * OperationKind#isDeletion()}), and batches are keyed by the change itself ({@link
 * Operation#sameChangeAs}), so a new kind needs nothing here.
 */
final class BatchPlanner {
  private BatchPlanner() {}

  /** The operations of one pass, by phase. */
  record Plan(
      List<PendingOperation> earlyFlags,
      List<PendingOperation> others,
      List<PendingOperation> relocations,
      List<PendingOperation> deletes,
      List<PendingOperation> lateFlags) {}

  static Plan plan(List<PendingOperation> coalesced) {
    List<PendingOperation> early = new ArrayList<>();
    List<PendingOperation> others = new ArrayList<>();
    List<PendingOperation> relocations = new ArrayList<>();
    List<PendingOperation> deletes = new ArrayList<>();
    List<PendingOperation> late = new ArrayList<>();
    Set<MessageRef.Key> moved = new HashSet<>();
    // A relocation that carries a checkpoint (its own earlier attempt's, or one inherited from a
    // relocation it superseded) may already have taken its message away: none of the message's
    // flag changes can run in place, they run where the relocation finds and takes it.
    for (PendingOperation op : coalesced) {
      if (op.kind().isRelocation() && op.checkpoint() != null) {
        moved.add(op.message().key());
      }
    }
    for (PendingOperation op : coalesced) {
      OperationKind kind = op.kind();
      if (kind.isRelocation()) {
        relocations.add(op);
        moved.add(op.message().key());
      } else if (kind.isDeletion()) {
        deletes.add(op);
        moved.add(op.message().key());
      } else if (!kind.isFlagChange()) {
        // Coalescing runs nothing after a copy on its message in the same pass, nor a copy after
        // a move of it, so these depend on nothing but the flag changes before them.
        others.add(op);
      } else if (moved.contains(op.message().key())) {
        late.add(op);
      } else {
        early.add(op);
      }
    }
    return new Plan(early, others, relocations, deletes, late);
  }

  /**
   * Groups operations into batches of one change (kind, destination, flags) on one folder and
   * UIDVALIDITY, in order of first appearance, each at most {@code maxBatchSize} long.
   */
  static List<OperationBatch> batches(List<PendingOperation> operations, int maxBatchSize) {
    Map<Operation, List<PendingOperation>> groups = new LinkedHashMap<>();
    for (PendingOperation op : operations) {
      groups.computeIfAbsent(changeOnFolder(op), k -> new ArrayList<>()).add(op);
    }
    List<OperationBatch> batches = new ArrayList<>();
    groups.forEach(
        (change, ops) -> {
          for (int from = 0; from < ops.size(); from += maxBatchSize) {
            List<PendingOperation> chunk =
                ops.subList(from, Math.min(ops.size(), from + maxBatchSize));
            MessageRef m = change.message();
            batches.add(
                new OperationBatch(
                    m.account(),
                    change.kind(),
                    m.folder(),
                    m.uidValidity(),
                    change.destination(),
                    chunk));
          }
        });
    return batches;
  }

  /**
   * The batch key: the operation itself on the first UID of its folder, so that two operations
   * share a key exactly when they make the same change in the same folder.
   */
  private static Operation changeOnFolder(PendingOperation op) {
    MessageRef m = op.message();
    if (m.isFolderOnly()) {
      return op.operation();
    }
    return op.operation().withMessage(MessageRef.of(m.account(), m.folder(), m.uidValidity(), 1));
  }
}
