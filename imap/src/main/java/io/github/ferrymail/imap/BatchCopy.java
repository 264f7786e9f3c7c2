package io.github.ferrymail.imap;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of copies of one folder to one destination, for {@link ImapOperationExecutor}: the
 * operations an earlier attempt began (their checkpoint names this source and destination) are
 * resumed from their merged checkpoints, so a copy made before a dropped connection is found, not
 * made again; the others are copied with one {@code UID COPY} per chunk. Each group saves its
 * checkpoints on its own operations, one Message-ID each.
 */
final class BatchCopy {
  private static final Logger LOG = LoggerFactory.getLogger(BatchCopy.class);

  private final AtomicImapSession session;
  private final OperationBatch batch;
  private final CheckpointSink sink;
  private final String destination;

  BatchCopy(AtomicImapSession session, OperationBatch batch, CheckpointSink sink) {
    this.session = session;
    this.batch = batch;
    this.sink = sink;
    this.destination = Objects.requireNonNull(batch.destination(), "destination");
  }

  /**
   * Runs the resumed group, then the fresh one.
   *
   * @return the outcome of every operation
   * @throws OperationFailedException when every operation failed with one error: the failure of the
   *     whole batch
   */
  BatchResult run() {
    List<PendingOperation> resumed = new ArrayList<>();
    List<PendingOperation> fresh = new ArrayList<>();
    Checkpoint earlier = null;
    for (PendingOperation op : batch.operations()) {
      Checkpoint cp = op.checkpoint();
      if (cp != null && ofThisCopy(cp)) {
        resumed.add(op);
        earlier = MergingCheckpointSink.merge(earlier, cp);
      } else {
        if (cp != null) {
          LOG.warn("Operation {}: ignoring a checkpoint of another copy: {}", op.id(), cp.encode());
        }
        fresh.add(op);
      }
    }
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    OperationFailedException failure = null;
    if (!resumed.isEmpty()) {
      failure = runGroup(resumed, earlier, outcomes);
    }
    if (!fresh.isEmpty()) {
      if (failure != null && failure.category() != FailureCategory.PERMANENT) {
        // The connection or the account failed: the fresh ones share it instead of trying.
        fail(fresh, failure, outcomes);
      } else {
        OperationFailedException second = runGroup(fresh, null, outcomes);
        failure = failure == null ? second : failure;
      }
    }
    if (failure != null) {
      OperationFailedException first = failure;
      if (outcomes.values().stream()
          .allMatch(o -> o instanceof OperationOutcome.Failed f && f.error() == first)) {
        throw failure; // every operation failed alike: the executor reports the batch's failure
      }
      LOG.info(
          "Batch of {} COPY in '{}' of {} failed in part ({}): {}",
          batch.operations().size(),
          batch.folder(),
          batch.account(),
          failure.reason(),
          failure.getMessage());
    }
    return new BatchResult(outcomes);
  }

  /** Copies (or resumes) one group; returns the failure that stopped it, if any. */
  private @Nullable OperationFailedException runGroup(
      List<PendingOperation> ops, @Nullable Checkpoint earlier, Map<Long, OperationOutcome> out) {
    Map<Long, Long> uidByOperation = new LinkedHashMap<>();
    ops.forEach(op -> uidByOperation.put(op.id(), op.message().uid()));
    CheckpointSink own =
        new MergingCheckpointSink(new PerMessageCheckpoints(sink, uidByOperation), earlier);
    List<Long> uids = ops.stream().map(op -> op.message().uid()).distinct().toList();
    CopyResult result;
    try {
      result =
          earlier == null
              ? session.copy(batch.folder(), batch.uidValidity(), uids, destination, own)
              : session.resumeCopy(earlier, uids, own);
    } catch (OperationFailedException e) {
      fail(ops, e, out);
      return e;
    }
    for (PendingOperation op : ops) {
      long uid = op.message().uid();
      OperationOutcome outcome;
      if (result.copyUids().containsKey(uid)) {
        outcome =
            OperationOutcome.succeeded(
                result.copyLocation(batch.account(), uid, op.message().messageId()).orElseThrow());
      } else if (result.copiedUnknownUid().contains(uid)) {
        outcome = OperationOutcome.movedUidUnknown(result.destinationFolder());
      } else {
        outcome = OperationOutcome.failed(ImapOperationExecutor.notFound(op.message()));
      }
      out.put(op.id(), outcome);
    }
    return null;
  }

  private boolean ofThisCopy(Checkpoint cp) {
    return cp.sourceFolder().equals(batch.folder())
        && cp.sourceUidValidity() == batch.uidValidity()
        && cp.destinationFolder().equals(destination);
  }

  private static void fail(
      List<PendingOperation> ops, OperationFailedException e, Map<Long, OperationOutcome> out) {
    ops.forEach(op -> out.put(op.id(), OperationOutcome.failed(e)));
  }
}
