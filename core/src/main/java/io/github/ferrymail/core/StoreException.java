package io.github.ferrymail.core;

import org.jspecify.annotations.Nullable;

/**
 * A store could not read or write the queue, for example because the database is unreachable. The
 * cause (an {@code SQLException}, say) is kept. Nothing was half-written: each store method is
 * atomic.
 */
public class StoreException extends FerryException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the store was doing
   * @param cause the driver's exception
   */
  public StoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
