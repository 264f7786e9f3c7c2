package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An operation about to be queued, with the application's own key for the message.
 *
 * @param operation what to do
 * @param messageKey the application's opaque key of the message (its primary key in its own {@code
 *     messages} table, say), or null; stored so that an embedder can join or add a foreign key,
 *     never interpreted by Ferry
 * @param hold how long after queueing the operation is not due, zero to {@value #MAX_HOLD_DAYS}
 *     days: the window in which the user can still undo it ({@code QueueAdmin.cancel}) before
 *     anything is sent; later operations on the same message wait behind it
 */
public record NewOperation(Operation operation, @Nullable String messageKey, Duration hold) {
  /** The longest hold, in days. */
  public static final int MAX_HOLD_DAYS = 30;

  /** Validates. */
  public NewOperation {
    Args.notNull(operation, "operation");
    Args.withinDays(hold, MAX_HOLD_DAYS, "hold");
    if (messageKey != null && messageKey.isBlank()) {
      throw new IllegalArgumentException("messageKey must not be blank when given");
    }
    Args.storable(messageKey, "messageKey");
  }

  /**
   * An operation due at once.
   *
   * @param operation what to do
   * @param messageKey the application's key for the message, or null
   */
  public NewOperation(Operation operation, @Nullable String messageKey) {
    this(operation, messageKey, Duration.ZERO);
  }

  /**
   * The same request, held: not due until {@code hold} after it is queued, so that an undo within
   * that time sends nothing.
   *
   * @param hold how long to hold it
   * @return the held request
   */
  public NewOperation withHold(Duration hold) {
    return new NewOperation(operation, messageKey, hold);
  }

  /**
   * An operation without a message key.
   *
   * @param operation what to do
   * @return the request
   */
  public static NewOperation of(Operation operation) {
    return new NewOperation(operation, null);
  }

  /**
   * An operation with the application's message key.
   *
   * @param operation what to do
   * @param messageKey the application's key for the message
   * @return the request
   */
  public static NewOperation of(Operation operation, String messageKey) {
    return new NewOperation(operation, Args.notBlank(messageKey, "messageKey"));
  }

  /**
   * The account the operation belongs to.
   *
   * @return the account key
   */
  public String account() {
    return operation.message().account();
  }
}
