package io.github.ferrymail.core;

/**
 * Thrown by a {@link io.github.ferrymail.core.spi.PendingOperationStore} when a worker records an
 * outcome under a lease it no longer holds: the lease expired and another worker took the account
 * over. The outcome was <em>not</em> recorded; the new holder will replay the operation from its
 * checkpoint, so the worker that lost the lease must stop working on the account at once.
 */
public class LeaseLostException extends FerryException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which lease and which operation
   */
  public LeaseLostException(String message) {
    super(message);
  }
}
