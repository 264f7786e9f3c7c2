package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.PendingOperation;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Hears what the queue does, for an application's UI and metrics. Every method has a do-nothing
 * default; override what you need. Methods are called on the processing thread after the store
 * recorded the outcome: keep them quick and never throw (a thrown exception is logged and ignored).
 */
public interface ProcessingListener {
  /** A listener that does nothing. */
  ProcessingListener NOOP = new ProcessingListener() {};

  /**
   * An operation was queued through {@link QueueProcessor#queue}.
   *
   * @param operation the stored operation
   */
  default void queued(PendingOperation operation) {}

  /**
   * An operation took effect on the server.
   *
   * @param operation the operation as it was executed
   * @param newLocation where a moved message is now (update your local UID with it), or null when
   *     the message did not move or its new UID could not be learned
   */
  default void completed(PendingOperation operation, @Nullable MessageRef newLocation) {}

  /**
   * An attempt failed and the operation will be tried again.
   *
   * @param operation the operation (its attempts as before this failure)
   * @param nextAttemptAt when it is due again
   * @param error the classified error
   */
  default void retryScheduled(PendingOperation operation, Instant nextAttemptAt, Throwable error) {}

  /**
   * The operation failed for good (permanent error or attempts exhausted); it is listed by {@link
   * QueueAdmin#failed} until retried or discarded.
   *
   * @param operation the operation
   * @param error the last error
   */
  default void failed(PendingOperation operation, Throwable error) {}

  /**
   * Coalescing cancelled an operation as superseded.
   *
   * @param operation the cancelled operation
   * @param reason why
   */
  default void cancelled(PendingOperation operation, String reason) {}

  /**
   * A checked flag change found its message changed on the server since the application saw it;
   * called after the store recorded what {@code policy} made of it.
   *
   * @param operation the operation
   * @param detail what the server said
   * @param policy what was done: sent again without the check, cancelled, or left for the
   *     application
   */
  default void conflict(PendingOperation operation, String detail, ConflictPolicy policy) {}

  /**
   * The account hit an account-level failure (bad credentials) and is paused.
   *
   * @param account the account key
   * @param until when it will be tried again
   * @param error the error
   */
  default void accountPaused(String account, Instant until, Throwable error) {}
}
