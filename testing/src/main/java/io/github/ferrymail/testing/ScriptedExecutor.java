package io.github.ferrymail.testing;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OperationExecutor} that a test scripts instead of a server: it records every batch it
 * receives and answers as told, so that a test of an application's queueing, listener or admin code
 * runs the real {@code QueueProcessor} without IMAP.
 *
 * <p>The contract, for a test to rely on:
 *
 * <ul>
 *   <li><b>By default every operation succeeds.</b> A relocation or a copy (every kind whose {@link
 *       io.github.ferrymail.core.OperationKind#reportsLocation()} is true) lands in its destination
 *       (a trash move, which names none, in {@code "Trash"}) under UIDVALIDITY {@link
 *       #DESTINATION_UID_VALIDITY}, on a new UID counted up from 1001, so the listener's {@code
 *       completed} and the store see a new location as they would from a server.
 *   <li><b>Per operation:</b> {@link #failTransiently(long, int)} fails an operation's next
 *       attempts with a transient reason and lets the later ones succeed; {@link
 *       #failPermanently(long)} fails every attempt for good; {@link #fail(long, FailureReason,
 *       int)} chooses the reason (its {@link FailureReason#category()} decides what the queue
 *       does); {@link #succeed(long)} takes the script of an operation back. These are per-message
 *       outcomes: the rest of the batch succeeds.
 *   <li><b>Per call:</b> {@link #failNextCall(FailureReason)} makes the next call throw {@link
 *       OperationFailedException}, a failure of the whole batch (a lost connection, bad
 *       credentials); {@link #answerNextCall} answers the next call with a function of the test's.
 *       Several are used up one call each, in the order given.
 *   <li>{@link #answer} replaces the default answer for every call no per-call script claims; its
 *       function may call {@link #scriptedOutcomes} or {@link #succeedAll} for the usual answer.
 *   <li>It saves no checkpoints and never reconciles: a test of checkpoints does that in its own
 *       answer with the {@link CheckpointSink} it is handed.
 *   <li>Thread-safe: several workers may call it at once. Recording and the choice of the answer
 *       happen under a lock; the answer itself runs outside it, on the caller's thread.
 * </ul>
 *
 * <pre>{@code
 * ScriptedExecutor executor = new ScriptedExecutor();
 * QueueProcessor processor = QueueProcessor.builder(store, executor).clock(clock).build();
 * PendingOperation op = processor.queue(NewOperation.of(Operation.markRead(ref)));
 * executor.failTransiently(op.id(), 1);
 *
 * processor.processPendingOperations(ref.account()); // fails, retry scheduled
 * clock.advance(Duration.ofMinutes(5));
 * processor.processPendingOperations(ref.account()); // succeeds
 * assertThat(executor.attempts(op.id())).isEqualTo(2);
 * }</pre>
 */
public final class ScriptedExecutor implements OperationExecutor {
  /** The UIDVALIDITY of every new location this executor reports. */
  public static final long DESTINATION_UID_VALIDITY = 7;

  /** Where a relocation without a destination (a move to trash) lands. */
  public static final String TRASH = "Trash";

  private final List<OperationBatch> batches = new ArrayList<>();
  private final Map<Long, Integer> attempts = new HashMap<>();
  private final Map<Long, ScriptedFailure> failures = new HashMap<>();
  private final Deque<BiFunction<OperationBatch, CheckpointSink, BatchResult>> nextCalls =
      new ArrayDeque<>();
  private final AtomicLong nextUid = new AtomicLong(1000);
  private BiFunction<OperationBatch, CheckpointSink, BatchResult> answer = this::scriptedOutcomes;

  /** An executor under which every operation succeeds until a test says otherwise. */
  public ScriptedExecutor() {}

  /**
   * Replaces the default answer, used for every call that no {@link #answerNextCall} or {@link
   * #failNextCall} claims. {@code answer(executor::scriptedOutcomes)} restores the default.
   *
   * @param value the batch and checkpoint sink to the result; it may throw {@link
   *     OperationFailedException} to fail the whole batch
   * @return this executor
   */
  public synchronized ScriptedExecutor answer(
      BiFunction<OperationBatch, CheckpointSink, BatchResult> value) {
    this.answer = Args.notNull(value, "answer");
    return this;
  }

  /**
   * Answers the next call that has no earlier per-call script with {@code value}, once.
   *
   * @param value the batch and checkpoint sink to the result
   * @return this executor
   */
  public synchronized ScriptedExecutor answerNextCall(
      BiFunction<OperationBatch, CheckpointSink, BatchResult> value) {
    nextCalls.add(Args.notNull(value, "answer"));
    return this;
  }

  /**
   * Makes the next call that has no earlier per-call script throw {@link OperationFailedException}
   * with {@code reason}: the whole batch fails, and the queue treats it by the reason's category (a
   * transient one is retried, {@link FailureReason#AUTHENTICATION_FAILED} pauses the account).
   *
   * @param reason the classification of the failure
   * @return this executor
   */
  public ScriptedExecutor failNextCall(FailureReason reason) {
    Args.notNull(reason, "reason");
    return answerNextCall(
        (batch, sink) -> {
          throw new OperationFailedException(reason, "scripted: the call failed (" + reason + ")");
        });
  }

  /**
   * Fails the operation's next {@code times} attempts with {@code reason}; later attempts succeed.
   * Replaces an earlier script of the same operation.
   *
   * @param operationId the operation's id ({@link PendingOperation#id()})
   * @param reason the classification of its failure
   * @param times how many attempts fail, at least 1, or {@link Integer#MAX_VALUE} for every one
   * @return this executor
   */
  public synchronized ScriptedExecutor fail(long operationId, FailureReason reason, int times) {
    Args.notNull(reason, "reason");
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times);
    }
    failures.put(operationId, new ScriptedFailure(reason, times));
    return this;
  }

  /**
   * Fails the operation's next {@code times} attempts with {@link FailureReason#SERVER_BUSY}, a
   * transient reason: the queue schedules a retry (until the retry policy's attempts run out).
   *
   * @param operationId the operation's id
   * @param times how many attempts fail, at least 1
   * @return this executor
   */
  public ScriptedExecutor failTransiently(long operationId, int times) {
    return fail(operationId, FailureReason.SERVER_BUSY, times);
  }

  /**
   * Fails every attempt of the operation with {@link FailureReason#MESSAGE_NOT_FOUND}, a permanent
   * reason: the queue fails it at once and lists it as failed.
   *
   * @param operationId the operation's id
   * @return this executor
   */
  public ScriptedExecutor failPermanently(long operationId) {
    return fail(operationId, FailureReason.MESSAGE_NOT_FOUND, Integer.MAX_VALUE);
  }

  /**
   * Lets the operation succeed again: takes back what {@link #fail} and its shorthands scripted.
   *
   * @param operationId the operation's id
   * @return this executor
   */
  public synchronized ScriptedExecutor succeed(long operationId) {
    failures.remove(operationId);
    return this;
  }

  @Override
  public BatchResult execute(OperationBatch batch, CheckpointSink checkpoints) {
    Args.notNull(batch, "batch");
    BiFunction<OperationBatch, CheckpointSink, BatchResult> chosen;
    synchronized (this) {
      batches.add(batch);
      for (PendingOperation op : batch.operations()) {
        attempts.merge(op.id(), 1, Integer::sum);
      }
      chosen = nextCalls.isEmpty() ? answer : nextCalls.poll();
    }
    return chosen.apply(batch, checkpoints);
  }

  /**
   * The default answer: each operation's scripted failure, if it has one left, else success at
   * {@link #newLocation}. Uses up one scripted attempt per failing operation.
   *
   * @param batch the batch
   * @param checkpoints not used
   * @return the result
   */
  public BatchResult scriptedOutcomes(OperationBatch batch, CheckpointSink checkpoints) {
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    for (PendingOperation op : batch.operations()) {
      FailureReason reason = takeFailure(op.id());
      outcomes.put(
          op.id(),
          reason == null
              ? OperationOutcome.succeeded(newLocation(op))
              : OperationOutcome.failed(
                  new OperationFailedException(
                      reason, "scripted: operation " + op.id() + " failed (" + reason + ")")));
    }
    return new BatchResult(outcomes);
  }

  /**
   * Every operation of the batch succeeds at {@link #newLocation}, whatever was scripted.
   *
   * @param batch the batch
   * @param checkpoints not used
   * @return the result
   */
  public BatchResult succeedAll(OperationBatch batch, CheckpointSink checkpoints) {
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    for (PendingOperation op : batch.operations()) {
      outcomes.put(op.id(), OperationOutcome.succeeded(newLocation(op)));
    }
    return new BatchResult(outcomes);
  }

  /**
   * Where the operation leaves its message when it succeeds: for a kind that reports a location, a
   * new UID under {@link #DESTINATION_UID_VALIDITY} in its destination ({@link #TRASH} when it
   * names none), keeping the Message-ID; null for every other kind.
   *
   * @param op the operation
   * @return the new location, or null
   */
  public @Nullable MessageRef newLocation(PendingOperation op) {
    if (!op.kind().reportsLocation()) {
      return null;
    }
    String destination = op.operation().destination();
    return new MessageRef(
        op.account(),
        destination == null ? TRASH : destination,
        DESTINATION_UID_VALIDITY,
        nextUid.incrementAndGet(),
        op.message().messageId());
  }

  /**
   * Every batch received, in the order of the calls.
   *
   * @return a copy
   */
  public synchronized List<OperationBatch> batches() {
    return List.copyOf(batches);
  }

  /**
   * How many batches contained the operation: its attempts as this executor saw them.
   *
   * @param operationId the operation's id
   * @return zero when it never came
   */
  public synchronized int attempts(long operationId) {
    return attempts.getOrDefault(operationId, 0);
  }

  private synchronized @Nullable FailureReason takeFailure(long operationId) {
    ScriptedFailure failure = failures.get(operationId);
    if (failure == null) {
      return null;
    }
    if (failure.times() == 1) {
      failures.remove(operationId);
    } else if (failure.times() != Integer.MAX_VALUE) {
      failures.put(operationId, new ScriptedFailure(failure.reason(), failure.times() - 1));
    }
    return failure.reason();
  }

  private record ScriptedFailure(FailureReason reason, int times) {}
}
