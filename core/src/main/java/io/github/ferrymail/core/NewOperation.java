package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import org.jspecify.annotations.Nullable;

/**
 * An operation about to be queued, with the application's own key for the message.
 *
 * @param operation what to do
 * @param messageKey the application's opaque key of the message (its primary key in its own {@code
 *     messages} table, say), or null; stored so that an embedder can join or add a foreign key,
 *     never interpreted by Ferry
 */
public record NewOperation(Operation operation, @Nullable String messageKey) {

  /** Validates. */
  public NewOperation {
    Args.notNull(operation, "operation");
    if (messageKey != null && messageKey.isBlank()) {
      throw new IllegalArgumentException("messageKey must not be blank when given");
    }
    Args.storable(messageKey, "messageKey");
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
