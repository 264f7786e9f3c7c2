package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A queued operation as the store holds it: immutable, a snapshot of one row.
 *
 * @param id the store's id; ids grow in queue order, so they give the account's order
 * @param operation what to do, pointing at the message's latest known location
 * @param messageKey the application's key for the message, or null
 * @param status where it stands
 * @param attempts how many attempts have failed so far (a successful attempt does not count)
 * @param createdAt when it was queued
 * @param lastAttemptAt when a worker last claimed it, or null if never
 * @param nextAttemptAt when it is due
 * @param lastError the last error's text (truncated by the store), or null
 * @param checkpoint what an earlier attempt recorded before a step that is not idempotent, or null
 * @param finishedAt when it became completed, failed or cancelled, or null while it is not
 */
public record PendingOperation(
    long id,
    Operation operation,
    @Nullable String messageKey,
    OperationStatus status,
    int attempts,
    Instant createdAt,
    @Nullable Instant lastAttemptAt,
    Instant nextAttemptAt,
    @Nullable String lastError,
    @Nullable Checkpoint checkpoint,
    @Nullable Instant finishedAt) {

  /** Validates. */
  public PendingOperation {
    Args.positive(id, "id");
    Args.notNull(operation, "operation");
    Args.notNull(status, "status");
    Args.notNegative(attempts, "attempts");
    Args.notNull(createdAt, "createdAt");
    Args.notNull(nextAttemptAt, "nextAttemptAt");
  }

  /**
   * The account the operation belongs to.
   *
   * @return the account key
   */
  public String account() {
    return operation.message().account();
  }

  /**
   * The message the operation applies to.
   *
   * @return its location
   */
  public MessageRef message() {
    return operation.message();
  }

  /**
   * The operation's kind.
   *
   * @return the kind
   */
  public OperationKind kind() {
    return operation.kind();
  }

  /**
   * A copy with another operation (used when coalescing or remapping rewrites it).
   *
   * @param newOperation the operation
   * @return the copy
   */
  public PendingOperation withOperation(Operation newOperation) {
    return new PendingOperation(
        id,
        newOperation,
        messageKey,
        status,
        attempts,
        createdAt,
        lastAttemptAt,
        nextAttemptAt,
        lastError,
        checkpoint,
        finishedAt);
  }

  /**
   * A copy with a checkpoint.
   *
   * @param newCheckpoint the checkpoint, or null
   * @return the copy
   */
  public PendingOperation withCheckpoint(@Nullable Checkpoint newCheckpoint) {
    return new PendingOperation(
        id,
        operation,
        messageKey,
        status,
        attempts,
        createdAt,
        lastAttemptAt,
        nextAttemptAt,
        lastError,
        newCheckpoint,
        finishedAt);
  }
}
