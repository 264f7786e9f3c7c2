package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.core.coalesce.Cancellation;
import io.github.ferrymail.core.coalesce.Coalescer;
import io.github.ferrymail.core.coalesce.CoalescingResult;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over one claim: coalesce, cancel what coalescing removed, execute the batches phase by
 * phase (see {@link BatchPlanner}) and record each batch's outcomes with one store call under the
 * lease. Not thread-safe; one pass per claim.
 */
final class AccountPass {
  private static final Logger LOG = LoggerFactory.getLogger(AccountPass.class);

  private final ProcessorContext ctx;
  private final Claim claim;
  private final LeaseKeeper keeper;
  private final String account;
  private final Map<MessageRef.Key, Relocation> relocations = new HashMap<>();
  private final PassTally tally = new PassTally();

  private boolean stopped;
  private boolean leaseLost;

  AccountPass(ProcessorContext ctx, Claim claim, LeaseKeeper keeper) {
    this.ctx = ctx;
    this.claim = claim;
    this.keeper = keeper;
    this.account = claim.lease().account();
  }

  ProcessingReport run() {
    try {
      List<PendingOperation> runnable = settleUnlocatable();
      CoalescingResult coalesced = Coalescer.coalesce(runnable);
      if (!coalesced.inherited().isEmpty()) {
        // Stored before the superseded rows are cancelled: a crash in between loses nothing.
        ctx.store().saveCheckpoints(keeper.current(), coalesced.inherited());
      }
      cancel(coalesced.cancelled());
      // Left unrecorded: the release hands them back to pending, and the next pass runs them.
      tally.deferred += coalesced.deferred().size();
      BatchPlanner.Plan plan = BatchPlanner.plan(coalesced.toRun());
      runPhase(plan.earlyFlags());
      runPhase(plan.others());
      runPhase(plan.relocations());
      runPhase(plan.deletes());
      runPhase(relocated(plan.lateFlags()));
    } catch (LeaseLostException e) {
      leaseLost = true;
      LOG.warn(
          "Lost the lease on account {}; another worker continues: {}", account, e.getMessage());
    }
    return tally.report(account, claim.operations().size(), leaseLost);
  }

  boolean paused() {
    return tally.paused();
  }

  boolean leaseLost() {
    return leaseLost;
  }

  /**
   * Operations whose message an earlier move took to an unknown UID cannot run: they fail at once
   * (with the rest of the claim's cancellations recorded next), telling the application to
   * resynchronise the folder.
   */
  private List<PendingOperation> settleUnlocatable() {
    if (claim.movedUidUnknown().isEmpty()) {
      return claim.operations();
    }
    List<PendingOperation> runnable = new ArrayList<>();
    Recorder recorder = new Recorder(ctx, keeper, tally, "unlocatable", account);
    for (PendingOperation op : claim.operations()) {
      Relocation lost = claim.movedUidUnknown().get(op.id());
      if (lost == null) {
        runnable.add(op);
      } else {
        recorder.failure(op, locationUnknown(op, lost), null);
      }
    }
    stopped |= recorder.commit();
    return runnable;
  }

  private void cancel(List<Cancellation> cancellations) {
    if (cancellations.isEmpty()) {
      return;
    }
    Recorder recorder = new Recorder(ctx, keeper, tally, "cancellations", account);
    for (Cancellation c : cancellations) {
      recorder.cancel(c.operation(), c.reason());
    }
    stopped |= recorder.commit();
  }

  /**
   * Flag changes queued after a move of their message run on its new location; where the move
   * failed they wait (the lease's release returns them to pending), and where its new UID is
   * unknown they fail, since nothing can name the message any more.
   */
  private List<PendingOperation> relocated(List<PendingOperation> lateFlags) {
    List<PendingOperation> ready = new ArrayList<>();
    Recorder recorder = new Recorder(ctx, keeper, tally, "late flags", account);
    for (PendingOperation op : lateFlags) {
      Relocation relocation = relocations.get(op.message().key());
      if (relocation == null) {
        tally.deferred++;
        LOG.debug("Operation {} waits: its message's move did not complete", op.id());
      } else if (!relocation.uidKnown()) {
        recorder.failure(op, locationUnknown(op, relocation), null);
      } else {
        ready.add(op.withOperation(op.operation().withMessage(relocation.location())));
      }
    }
    stopped |= recorder.commit();
    return ready;
  }

  private void runPhase(List<PendingOperation> operations) {
    for (OperationBatch batch : BatchPlanner.batches(operations, ctx.maxBatchSize())) {
      if (stopped) {
        return;
      }
      keeper.ensureHeld();
      execute(batch);
    }
  }

  private void execute(OperationBatch batch) {
    long started = System.nanoTime();
    String label = describe(batch) + " in '" + batch.folder() + "'";
    Recorder recorder = new Recorder(ctx, keeper, tally, label, account);
    BatchResult result;
    try {
      result = ctx.executor().execute(batch, new StoreCheckpointSink(ctx.store(), keeper, batch));
    } catch (LeaseLostException | StoreException e) {
      // The store failed (a checkpoint could not be saved), not the server: the pass stops, and
      // the batch goes back to pending without losing an attempt.
      throw e;
    } catch (RuntimeException e) {
      LOG.warn(
          "Batch of {} {} on {} of {} failed as a whole: {}",
          batch.operations().size(),
          describe(batch),
          batch.folder(),
          account,
          Recorder.describe(e));
      for (PendingOperation op : batch.operations()) {
        recorder.failure(op, e, null);
      }
      stopped |= recorder.commit();
      return;
    }
    List<PendingOperation> resend = new ArrayList<>();
    for (PendingOperation op : batch.operations()) {
      OperationOutcome outcome = result.outcome(op.id()).orElse(null);
      if (outcome == null) {
        recorder.failure(
            op,
            new OperationFailedException(FailureReason.UNKNOWN, "the executor reported no outcome"),
            null);
      } else if (outcome instanceof OperationOutcome.Failed) {
        OperationOutcome.Failed failed = (OperationOutcome.Failed) outcome;
        recorder.failure(op, failed.error(), failed.messageNowAt());
      } else if (outcome instanceof OperationOutcome.Conflicted) {
        ConflictPolicy policy = ctx.conflictPolicy();
        recorder.conflict(op, ((OperationOutcome.Conflicted) outcome).detail(), policy);
        if (policy == ConflictPolicy.LOCAL_WINS) {
          resend.add(uncheckedAgain(op));
        }
      } else {
        Relocation relocation = relocationOf(op, outcome);
        if (relocation != null && op.kind().movesMessage()) {
          relocations.put(op.message().key(), relocation);
        }
        recorder.success(op, relocation);
      }
    }
    stopped |= recorder.commit();
    if (!resend.isEmpty() && !stopped) {
      // Local wins: the same change again at once, without the check (it cannot conflict again).
      runPhase(resend);
    }
    if (recorder.size() > 0) {
      LOG.info(
          "Synced batch of {} {} on {} of {} in {} ms: {}",
          batch.operations().size(),
          describe(batch),
          batch.folder(),
          account,
          (System.nanoTime() - started) / 1_000_000,
          recorder.summary());
    }
  }

  private static PendingOperation uncheckedAgain(PendingOperation op) {
    if (!(op.operation() instanceof Operation.FlagChange)) {
      throw new IllegalStateException(
          "operation " + op.id() + " is no flag change, so it cannot be in conflict");
    }
    return op.withOperation(((Operation.FlagChange) op.operation()).withoutCheck());
  }

  private static String describe(OperationBatch batch) {
    return Recorder.change(batch.template());
  }

  private static Relocation relocationOf(PendingOperation op, OperationOutcome outcome) {
    if (outcome instanceof OperationOutcome.MovedUidUnknown) {
      return Relocation.uidUnknown(((OperationOutcome.MovedUidUnknown) outcome).folder());
    }
    MessageRef to = ((OperationOutcome.Succeeded) outcome).newLocation();
    return to != null && op.kind().reportsLocation() ? Relocation.to(to) : null;
  }

  private static OperationFailedException locationUnknown(PendingOperation op, Relocation lost) {
    return new OperationFailedException(
        FailureReason.MESSAGE_LOCATION_UNKNOWN,
        "message "
            + op.message()
            + " was moved to '"
            + lost.folder()
            + "' and its new UID is unknown: resynchronise that folder and queue again");
  }
}
