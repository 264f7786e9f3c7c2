package io.github.ferrymail.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception Ferry throws on purpose. It is unchecked: callers catch the focused
 * subclasses they can act on ({@link LeaseLostException}, {@link OperationFailedException}, {@link
 * StoreException}) and let the rest propagate.
 */
public class FerryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the thing concerned
   */
  public FerryException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the cause it wraps.
   *
   * @param message what went wrong, naming the thing concerned
   * @param cause the underlying exception, kept for its stack trace
   */
  public FerryException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
