package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.OperationBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Splits an account's coalesced operations into the phases of one pass and each phase into batches
 * of one kind on one folder.
 *
 * <p>Phases, in order: flag changes queued before any move of their message (they travel with the
 * message, as MOVE and COPY keep flags); moves, trash and restore; permanent deletes; then flag
 * changes queued after a move of their message, which run on the message's new location once the
 * move succeeded and otherwise wait (they are never applied to the folder the message was meant to
 * leave). Coalescing leaves at most one relocation or delete per message, so batches of different
 * messages never depend on each other and can be merged freely within a phase.
 */
final class BatchPlanner {
  private BatchPlanner() {}

  /** The operations of one pass, by phase. */
  record Plan(
      List<PendingOperation> earlyFlags,
      List<PendingOperation> relocations,
      List<PendingOperation> deletes,
      List<PendingOperation> lateFlags) {}

  static Plan plan(List<PendingOperation> coalesced) {
    List<PendingOperation> early = new ArrayList<>();
    List<PendingOperation> relocations = new ArrayList<>();
    List<PendingOperation> deletes = new ArrayList<>();
    List<PendingOperation> late = new ArrayList<>();
    Set<MessageRef.Key> moved = new HashSet<>();
    for (PendingOperation op : coalesced) {
      OperationKind kind = op.kind();
      if (kind.isRelocation()) {
        relocations.add(op);
        moved.add(op.message().key());
      } else if (kind == OperationKind.PERMANENT_DELETE) {
        deletes.add(op);
        moved.add(op.message().key());
      } else if (moved.contains(op.message().key())) {
        late.add(op);
      } else {
        early.add(op);
      }
    }
    return new Plan(early, relocations, deletes, late);
  }

  /**
   * Groups operations into batches of one kind, folder, UIDVALIDITY and destination, in order of
   * first appearance, each at most {@code maxBatchSize} long.
   */
  static List<OperationBatch> batches(List<PendingOperation> operations, int maxBatchSize) {
    Map<BatchKey, List<PendingOperation>> groups = new LinkedHashMap<>();
    for (PendingOperation op : operations) {
      groups.computeIfAbsent(BatchKey.of(op), k -> new ArrayList<>()).add(op);
    }
    List<OperationBatch> batches = new ArrayList<>();
    groups.forEach(
        (key, ops) -> {
          for (int from = 0; from < ops.size(); from += maxBatchSize) {
            List<PendingOperation> chunk =
                ops.subList(from, Math.min(ops.size(), from + maxBatchSize));
            batches.add(
                new OperationBatch(
                    key.account(),
                    key.kind(),
                    key.folder(),
                    key.uidValidity(),
                    key.destination(),
                    chunk));
          }
        });
    return batches;
  }

  private record BatchKey(
      String account,
      OperationKind kind,
      String folder,
      long uidValidity,
      @Nullable String destination) {
    static BatchKey of(PendingOperation op) {
      MessageRef m = op.message();
      return new BatchKey(
          m.account(), op.kind(), m.folder(), m.uidValidity(), op.operation().destination());
    }
  }
}
