package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.coalesce.Cancellation;
import io.github.ferrymail.core.coalesce.Coalescer;
import io.github.ferrymail.core.coalesce.CoalescingResult;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over one claim: coalesce, cancel what coalescing removed, execute the batches phase by
 * phase (see {@link BatchPlanner}) and record every outcome under the lease. Not thread-safe; one
 * pass per claim.
 */
final class AccountPass {
  private static final Logger LOG = LoggerFactory.getLogger(AccountPass.class);

  private final ProcessorContext ctx;
  private final Claim claim;
  private final LeaseKeeper keeper;
  private final String account;
  private final Map<MessageRef.Key, MessageRef> newLocations = new HashMap<>();

  private boolean stopped;
  private boolean paused;
  private boolean leaseLost;
  private int completed;
  private int cancelled;
  private int rescheduled;
  private int failed;
  private int deferred;

  AccountPass(ProcessorContext ctx, Claim claim, LeaseKeeper keeper) {
    this.ctx = ctx;
    this.claim = claim;
    this.keeper = keeper;
    this.account = claim.lease().account();
  }

  ProcessingReport run() {
    try {
      CoalescingResult coalesced = Coalescer.coalesce(claim.operations());
      for (Cancellation c : coalesced.cancelled()) {
        ctx.store().cancel(keeper.current(), c.operation().id(), c.reason());
        cancelled++;
        LOG.info(
            "Cancelled operation {} ({}): {}",
            c.operation().id(),
            c.operation().kind(),
            c.reason());
        ctx.listeners().cancelled(c.operation(), c.reason());
      }
      BatchPlanner.Plan plan = BatchPlanner.plan(coalesced.toRun());
      runPhase(plan.earlyFlags());
      runPhase(plan.relocations());
      runPhase(plan.deletes());
      runPhase(relocated(plan.lateFlags()));
    } catch (LeaseLostException e) {
      leaseLost = true;
      LOG.warn(
          "Lost the lease on account {}; another worker continues: {}", account, e.getMessage());
    }
    return new ProcessingReport(
        account,
        claim.operations().size(),
        completed,
        cancelled,
        rescheduled,
        failed,
        deferred,
        false,
        paused,
        leaseLost);
  }

  boolean paused() {
    return paused;
  }

  boolean leaseLost() {
    return leaseLost;
  }

  /**
   * Flag changes queued after a move of their message run on its new location; where the move
   * failed, or its new UID is unknown, they wait (the lease's release returns them to pending).
   */
  private List<PendingOperation> relocated(List<PendingOperation> lateFlags) {
    List<PendingOperation> ready = new ArrayList<>();
    for (PendingOperation op : lateFlags) {
      MessageRef location = newLocations.get(op.message().key());
      if (location == null) {
        deferred++;
        LOG.debug("Operation {} waits: its message's move did not complete", op.id());
      } else {
        ready.add(op.withOperation(op.operation().withMessage(location)));
      }
    }
    return ready;
  }

  private void runPhase(List<PendingOperation> operations) {
    for (OperationBatch batch : BatchPlanner.batches(operations, ctx.maxBatchSize())) {
      if (stopped) {
        return;
      }
      if (keeper.lost()) {
        throw new LeaseLostException("lease on account " + account + " was taken over");
      }
      execute(batch);
    }
  }

  private void execute(OperationBatch batch) {
    CheckpointSink sink =
        checkpoint -> {
          for (PendingOperation op : batch.operations()) {
            ctx.store().saveCheckpoint(keeper.current(), op.id(), checkpoint);
          }
        };
    BatchResult result;
    try {
      result = ctx.executor().execute(batch, sink);
    } catch (LeaseLostException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn(
          "Batch of {} {} on {} failed as a whole: {}",
          batch.operations().size(),
          batch.kind(),
          batch.folder(),
          describe(e));
      for (PendingOperation op : batch.operations()) {
        onFailure(op, e);
      }
      return;
    }
    for (PendingOperation op : batch.operations()) {
      OperationOutcome outcome =
          result
              .outcome(op.id())
              .orElseGet(
                  () ->
                      OperationOutcome.failed(
                          new OperationFailedException(
                              FailureReason.UNKNOWN, "the executor reported no outcome")));
      if (outcome instanceof OperationOutcome.Succeeded) {
        onSuccess(op, ((OperationOutcome.Succeeded) outcome).newLocation());
      } else {
        onFailure(op, ((OperationOutcome.Failed) outcome).error());
      }
    }
  }

  private void onSuccess(PendingOperation op, @Nullable MessageRef newLocation) {
    if (newLocation != null && op.kind().isRelocation()) {
      // One atomic step: a crash must not leave later operations naming the folder it left.
      ctx.store().completeMove(keeper.current(), op.id(), newLocation);
      newLocations.put(op.message().key(), newLocation);
    } else {
      ctx.store().complete(keeper.current(), op.id());
    }
    completed++;
    ctx.accountFailures().remove(account);
    LOG.info(
        "Synced operation {}: {} on {}{}",
        op.id(),
        op.kind(),
        op.message(),
        newLocation == null ? "" : " -> " + newLocation);
    ctx.listeners().completed(op, newLocation);
  }

  private void onFailure(PendingOperation op, Throwable error) {
    if (stopped) {
      return; // the account was paused by an earlier operation of this batch
    }
    Instant now = ctx.clock().instant();
    RetryPolicy.Decision decision = ctx.retryPolicy().decide(error, op.attempts(), now);
    String text = describe(error);
    switch (decision.action()) {
      case RETRY:
        Instant at = decision.retryAt() == null ? now : decision.retryAt();
        ctx.store().reschedule(keeper.current(), op.id(), at, text);
        rescheduled++;
        LOG.warn(
            "Operation {} ({} on {}) failed, attempt {} of {}, retry at {}: {}",
            op.id(),
            op.kind(),
            op.message(),
            op.attempts() + 1,
            ctx.retryPolicy().maxAttempts(),
            at,
            text);
        ctx.listeners().retryScheduled(op, at, error);
        break;
      case PAUSE_ACCOUNT:
        int streak = ctx.accountFailures().merge(account, 1, Integer::sum);
        Instant until = now.plus(ctx.retryPolicy().accountPause(streak));
        ctx.store().pauseAccount(keeper.current(), until, text);
        paused = true;
        stopped = true;
        LOG.error(
            "Account {} paused until {} after an account-level failure: {}", account, until, text);
        ctx.listeners().accountPaused(account, until, error);
        break;
      case FAIL:
      default:
        ctx.store().fail(keeper.current(), op.id(), text);
        failed++;
        LOG.error(
            "Operation {} ({} on {}) failed after {} attempt(s) ({}): {}",
            op.id(),
            op.kind(),
            op.message(),
            op.attempts() + 1,
            decision.category(),
            text);
        ctx.listeners().failed(op, error);
        break;
    }
  }

  static String describe(Throwable error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (error instanceof OperationFailedException) {
      return "[" + ((OperationFailedException) error).reason() + "] " + message;
    }
    return error.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
  }
}
