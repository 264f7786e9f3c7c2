package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the outcomes of one batch (or of a pass's cancellations), writes them with one {@link
 * io.github.ferrymail.core.spi.PendingOperationStore#record} call, and only then tells the
 * listeners, so that a listener never hears of an outcome the store does not hold. Logs one line
 * per kind of trouble at WARN or ERROR and every operation at DEBUG, so that 50,000 operations do
 * not write 50,000 lines.
 *
 * <p>Operations that fail together are retried together: the policy decides once per category and
 * attempt count, so the jitter is drawn once for the batch. Drawn per operation, it scattered a
 * batch of 500 over the whole backoff window, and the retry ran as dozens of small batches.
 */
final class Recorder {
  private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

  private final ProcessorContext ctx;
  private final LeaseKeeper keeper;
  private final PassTally tally;
  private final String label;
  private final String account;
  private final List<Outcome> outcomes = new ArrayList<>();
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final Instant now;
  private final Map<DecisionKey, RetryPolicy.Decision> decisions = new HashMap<>();
  private int completed;
  private int rescheduled;
  private int failed;
  private int cancelled;
  private int conflicts;
  private @Nullable String firstRetry;
  private @Nullable String firstFailure;
  private @Nullable Throwable pauseError;

  Recorder(
      ProcessorContext ctx, LeaseKeeper keeper, PassTally tally, String label, String account) {
    this.ctx = ctx;
    this.keeper = keeper;
    this.tally = tally;
    this.label = label;
    this.account = account;
    this.now = ctx.clock().instant();
  }

  int size() {
    return outcomes.size();
  }

  void success(PendingOperation op, @Nullable Relocation relocation) {
    outcomes.add(
        relocation == null ? Outcome.completed(op.id()) : Outcome.relocated(op.id(), relocation));
    completed++;
    MessageRef newLocation = relocation == null ? null : relocation.location();
    afterCommit.add(
        () -> {
          LOG.debug(
              "Synced operation {}: {} on {}{}",
              op.id(),
              change(op.operation()),
              op.message(),
              relocation == null ? "" : " -> " + relocation);
          ctx.listeners().completed(op, newLocation);
        });
  }

  void cancel(PendingOperation op, String reason) {
    outcomes.add(Outcome.cancelled(op.id(), reason));
    cancelled++;
    afterCommit.add(
        () -> {
          LOG.debug("Cancelled operation {} ({}): {}", op.id(), change(op.operation()), reason);
          ctx.listeners().cancelled(op, reason);
        });
  }

  /**
   * A checked flag change met a conflict: cancelled ({@code SERVER_WINS}) or left for the
   * application ({@code ASK}); {@code LOCAL_WINS} is sent again by the pass and only reported here.
   */
  void conflict(PendingOperation op, String detail, ConflictPolicy policy) {
    switch (policy) {
      case SERVER_WINS:
        outcomes.add(Outcome.cancelled(op.id(), "conflict, the server's state kept: " + detail));
        cancelled++;
        break;
      case ASK:
        outcomes.add(Outcome.conflicted(op.id(), detail));
        conflicts++;
        break;
      case LOCAL_WINS:
      default:
        break;
    }
    afterCommit.add(
        () -> {
          LOG.info(
              "Operation {} ({} on {}) met a conflict ({}): {}",
              op.id(),
              change(op.operation()),
              op.message(),
              policy,
              detail);
          ctx.listeners().conflict(op, detail, policy);
        });
  }

  private record DecisionKey(FailureCategory category, int attempts) {}

  void failure(PendingOperation op, Throwable error, @Nullable MessageRef messageNowAt) {
    RetryPolicy policy = ctx.retryPolicy();
    RetryPolicy.Decision decision =
        decisions.computeIfAbsent(
            new DecisionKey(policy.classify(error), op.attempts()),
            key -> policy.decide(error, op.attempts(), now));
    String text = describe(error);
    switch (decision.action()) {
      case RETRY:
        Instant at = decision.retryAt() == null ? now : decision.retryAt();
        outcomes.add(new Outcome.Rescheduled(op.id(), at, text, messageNowAt));
        rescheduled++;
        firstRetry = firstRetry == null ? text : firstRetry;
        afterCommit.add(
            () -> {
              LOG.debug(
                  "Operation {} ({} on {}) failed, attempt {} of {}, retry at {}: {}",
                  op.id(),
                  change(op.operation()),
                  op.message(),
                  op.attempts() + 1,
                  ctx.retryPolicy().maxAttempts(),
                  at,
                  text);
              ctx.listeners().retryScheduled(op, at, error);
            });
        break;
      case PAUSE_ACCOUNT:
        // Not an outcome of the operation: the pause hands it back to pending, attempts untouched.
        pauseError = pauseError == null ? error : pauseError;
        break;
      case FAIL:
      default:
        FailureReason reason =
            error instanceof OperationFailedException
                ? ((OperationFailedException) error).reason()
                : null;
        outcomes.add(new Outcome.Failed(op.id(), reason, text, messageNowAt));
        failed++;
        firstFailure = firstFailure == null ? text : firstFailure;
        afterCommit.add(
            () -> {
              LOG.debug(
                  "Operation {} ({} on {}) failed after {} attempt(s) ({}): {}",
                  op.id(),
                  change(op.operation()),
                  op.message(),
                  op.attempts() + 1,
                  decision.category(),
                  text);
              ctx.listeners().failed(op, error);
            });
        break;
    }
  }

  /**
   * Writes the outcomes in one store call, pauses the account if a failure asked for it, then tells
   * the listeners.
   *
   * @return whether the account was paused (the pass must stop)
   */
  boolean commit() {
    if (!outcomes.isEmpty()) {
      ctx.store().record(keeper.current(), outcomes);
    }
    tally.completed += completed;
    tally.cancelled += cancelled;
    tally.rescheduled += rescheduled;
    tally.failed += failed;
    boolean paused = pauseError != null && pause(pauseError);
    if (rescheduled > 0) {
      LOG.warn(
          "{} {} of {} failed and will be retried; first error: {}",
          rescheduled,
          label,
          account,
          firstRetry);
    }
    if (failed > 0) {
      LOG.error(
          "{} {} of {} failed for good; first error: {}", failed, label, account, firstFailure);
    }
    afterCommit.forEach(Runnable::run);
    return paused;
  }

  String summary() {
    StringBuilder out = new StringBuilder().append(completed).append(" completed");
    if (rescheduled > 0) {
      out.append(", ").append(rescheduled).append(" to retry");
    }
    if (failed > 0) {
      out.append(", ").append(failed).append(" failed");
    }
    if (conflicts > 0) {
      out.append(", ").append(conflicts).append(" in conflict");
    }
    if (pauseError != null) {
      out.append(", account paused");
    }
    return out.toString();
  }

  private boolean pause(Throwable error) {
    // Counted by the store, so that a pause another node made lengthens this one too.
    int streak = ctx.store().pausesInARow(account) + 1;
    Instant until = now.plus(ctx.retryPolicy().accountPause(streak));
    String text = describe(error);
    ctx.store().pauseAccount(keeper.current(), until, text);
    tally.paused(true);
    LOG.error(
        "Account {} paused until {} after an account-level failure: {}", account, until, text);
    ctx.listeners().accountPaused(account, until, error);
    return true;
  }

  /**
   * What an operation does, without its message, as its stored form says it: {@code FLAGS +\Seen},
   * {@code MOVE to 'Archive'}. Works for every kind, so logging never needs to know them.
   */
  static String change(Operation operation) {
    String payload = operation.payload();
    String destination = operation.destination();
    return operation.kind()
        + (payload == null ? "" : " " + payload)
        + (destination == null ? "" : " to '" + destination + "'");
  }

  static String describe(Throwable error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (error instanceof OperationFailedException) {
      return "[" + ((OperationFailedException) error).reason() + "] " + message;
    }
    return error.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
  }
}
