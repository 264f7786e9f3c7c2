package io.github.ferrymail.imap;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of moves, moves to trash or restores, for {@link ImapOperationExecutor}.
 *
 * <p>Operations whose earlier attempt left a checkpoint of this source are grouped by the
 * destination that attempt was heading for: coalescing may have changed the wish since (A to B,
 * then B to C, runs as A to C). Each group is reconciled from its checkpoints, then moved on to the
 * wished destination when it was heading elsewhere, and saves its checkpoints on its own operations
 * only, so one group never overwrites another's. A group that fails leaves the outcomes of the
 * others intact. An operation whose first leg (A to B) succeeded before the second (B to C) failed
 * is reported {@link OperationOutcome#failedPartway} at B: its retry starts there, with the
 * checkpoint the second leg saved.
 */
final class BatchRelocation {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRelocation.class);

  private final AtomicImapSession session;
  private final OperationBatch batch;
  private final CheckpointSink sink;
  private final String destination;

  /**
   * @param session the account's session
   * @param batch the moves, trash or restores of one folder
   * @param sink the queue's sink for the batch
   * @param destination where the batch's messages are wished: its destination, or the trash
   */
  BatchRelocation(
      AtomicImapSession session, OperationBatch batch, CheckpointSink sink, String destination) {
    this.session = session;
    this.batch = batch;
    this.sink = sink;
    this.destination = destination;
  }

  /**
   * Runs every group.
   *
   * @return the outcome of every operation
   * @throws OperationFailedException when every operation failed with one error and none moved: the
   *     failure of the whole batch
   */
  BatchResult run() {
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    List<String> failures = new ArrayList<>();
    // A failure that is not one group's own (a lost connection, the account): the groups not yet
    // run share it instead of trying.
    OperationFailedException shared = null;
    for (Group group : groups()) {
      if (shared != null) {
        outcomes.putAll(failAll(group.ops, shared));
        continue;
      }
      GroupOutcome done = group.run();
      outcomes.putAll(done.outcomes());
      OperationFailedException failure = done.failure();
      if (failure != null) {
        failures.add(group.describe(done, failure));
        if (failure.category() != FailureCategory.PERMANENT) {
          shared = failure;
        }
      }
    }
    OperationFailedException whole = soleFailure(outcomes.values());
    if (whole != null) {
      throw whole; // the executor reports it as the batch's failure
    }
    if (!failures.isEmpty()) {
      LOG.info(
          "Batch of {} {} in '{}' of {} failed in part; each operation has its own outcome: {}",
          batch.operations().size(),
          batch.kind(),
          batch.folder(),
          batch.account(),
          String.join("; ", failures));
    }
    return new BatchResult(outcomes);
  }

  /** Groups by the destination of the operations' usable checkpoints, in queue order. */
  private List<Group> groups() {
    Map<String, List<PendingOperation>> byHeading = new LinkedHashMap<>();
    for (PendingOperation op : batch.operations()) {
      Checkpoint cp = op.checkpoint();
      boolean usable = cp != null && ofThisSource(cp);
      if (cp != null && !usable) {
        LOG.warn("Operation {}: ignoring a checkpoint of another folder: {}", op.id(), cp.encode());
      }
      String heading = usable ? cp.destinationFolder() : destination;
      byHeading.computeIfAbsent(heading, k -> new ArrayList<>()).add(op);
    }
    List<Group> groups = new ArrayList<>();
    byHeading.forEach((heading, ops) -> groups.add(new Group(heading, ops)));
    return groups;
  }

  private boolean ofThisSource(Checkpoint cp) {
    return cp.sourceFolder().equals(batch.folder())
        && cp.sourceUidValidity() == batch.uidValidity();
  }

  /** What one group came to, and the failure that stopped it, if any. */
  private record GroupOutcome(
      Map<Long, OperationOutcome> outcomes, @Nullable OperationFailedException failure) {}

  /** Operations heading for one folder, as far as their earlier attempt knew. */
  private final class Group {
    private final String heading;
    private final List<PendingOperation> ops;

    Group(String heading, List<PendingOperation> ops) {
      this.heading = heading;
      this.ops = ops;
    }

    GroupOutcome run() {
      Checkpoint earlier = mergedCheckpoint();
      if (earlier == null && ImapOperationExecutor.sameFolder(batch.folder(), destination)) {
        // Already where they are wished (a move back), and no earlier attempt took them anywhere.
        Map<Long, OperationOutcome> here = new HashMap<>();
        ops.forEach(op -> here.put(op.id(), OperationOutcome.succeeded(op.message())));
        return new GroupOutcome(here, null);
      }
      CheckpointSink own =
          new MergingCheckpointSink(
              new PerMessageCheckpoints(sink, uids(ops, op -> op.message().uid())), earlier);
      List<Long> uids = ops.stream().map(op -> op.message().uid()).distinct().toList();
      MoveResult first;
      try {
        first =
            earlier == null
                ? session.move(batch.folder(), batch.uidValidity(), uids, destination, own)
                : session.resumeMove(earlier, uids, own);
      } catch (OperationFailedException e) {
        return new GroupOutcome(failAll(ops, e), e);
      }
      if (first.newUids().isEmpty()
          || ImapOperationExecutor.sameFolder(first.destinationFolder(), destination)) {
        Map<Long, OperationOutcome> outcomes = new HashMap<>();
        ops.forEach(op -> outcomes.put(op.id(), outcomeOf(op, op.message().uid(), first)));
        return new GroupOutcome(outcomes, null);
      }
      return moveOn(first);
    }

    /** The first leg took messages to an earlier wish, B: the second takes them on from there. */
    private GroupOutcome moveOn(MoveResult first) {
      Map<Long, OperationOutcome> outcomes = new HashMap<>();
      List<PendingOperation> inB = new ArrayList<>();
      for (PendingOperation op : ops) {
        if (first.newUids().containsKey(op.message().uid())) {
          inB.add(op);
        } else {
          // Not in B under a known UID: in B under an unknown one, where it stays, or gone.
          outcomes.put(op.id(), outcomeOf(op, op.message().uid(), first));
        }
      }
      List<Long> uidsInB = inB.stream().map(op -> middleUid(op, first)).distinct().toList();
      MoveResult second;
      try {
        second =
            session.move(
                first.destinationFolder(),
                first.destinationUidValidity(),
                uidsInB,
                destination,
                new PerMessageCheckpoints(sink, uids(inB, op -> middleUid(op, first))));
      } catch (OperationFailedException e) {
        inB.forEach(op -> outcomes.put(op.id(), OperationOutcome.failedPartway(e, inB(op, first))));
        return new GroupOutcome(outcomes, e);
      }
      for (PendingOperation op : inB) {
        long middle = middleUid(op, first);
        outcomes.put(
            op.id(),
            second.moved(middle)
                ? outcomeOf(op, middle, second)
                : OperationOutcome.failedPartway(
                    ImapOperationExecutor.notFound(inB(op, first)), inB(op, first)));
      }
      return new GroupOutcome(outcomes, null);
    }

    String describe(GroupOutcome done, OperationFailedException failure) {
      long partway =
          done.outcomes().values().stream()
              .filter(o -> o instanceof OperationOutcome.Failed f && f.messageNowAt() != null)
              .count();
      return ops.size()
          + " heading for '"
          + heading
          + "' failed ("
          + failure.reason()
          + (partway > 0 ? ", " + partway + " of them moved part of the way" : "")
          + "): "
          + failure.getMessage();
    }

    private @Nullable Checkpoint mergedCheckpoint() {
      Checkpoint merged = null;
      for (PendingOperation op : ops) {
        Checkpoint cp = op.checkpoint();
        if (cp != null && ofThisSource(cp) && cp.destinationFolder().equals(heading)) {
          merged = MergingCheckpointSink.merge(merged, cp);
        }
      }
      return merged;
    }
  }

  private long middleUid(PendingOperation op, MoveResult first) {
    return first.newUids().get(op.message().uid());
  }

  private MessageRef inB(PendingOperation op, MoveResult first) {
    return first
        .newLocation(batch.account(), op.message().uid(), op.message().messageId())
        .orElseThrow();
  }

  /** Where the move took the message that had {@code uid} in the move's source. */
  private OperationOutcome outcomeOf(PendingOperation op, long uid, MoveResult result) {
    if (result.newUids().containsKey(uid)) {
      return OperationOutcome.succeeded(
          result.newLocation(batch.account(), uid, op.message().messageId()).orElseThrow());
    }
    if (result.movedUnknownUid().contains(uid)) {
      return OperationOutcome.movedUidUnknown(result.destinationFolder());
    }
    return OperationOutcome.failed(ImapOperationExecutor.notFound(op.message()));
  }

  private static Map<Long, OperationOutcome> failAll(
      List<PendingOperation> ops, OperationFailedException e) {
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    ops.forEach(op -> outcomes.put(op.id(), OperationOutcome.failed(e)));
    return outcomes;
  }

  /** Per operation id, its message's UID in the folder a move leaves. */
  private static Map<Long, Long> uids(
      List<PendingOperation> ops, ToLongFunction<PendingOperation> uid) {
    Map<Long, Long> byId = new LinkedHashMap<>();
    ops.forEach(op -> byId.put(op.id(), uid.applyAsLong(op)));
    return byId;
  }

  /** The one error every operation failed with, none having moved; else null. */
  private static @Nullable OperationFailedException soleFailure(
      Collection<OperationOutcome> outcomes) {
    OperationFailedException sole = null;
    for (OperationOutcome outcome : outcomes) {
      if (!(outcome instanceof OperationOutcome.Failed)) {
        return null;
      }
      OperationOutcome.Failed failed = (OperationOutcome.Failed) outcome;
      if (failed.messageNowAt() != null || (sole != null && sole != failed.error())) {
        return null;
      }
      sole = failed.error();
    }
    return sole;
  }
}
