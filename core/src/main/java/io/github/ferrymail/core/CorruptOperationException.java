package io.github.ferrymail.core;

import org.jspecify.annotations.Nullable;

/**
 * A stored operation could not be read back: an unknown kind, a negative UID, a checkpoint that
 * does not parse. Stores fail such a row with this message and {@link
 * FailureReason#CORRUPT_OPERATION} instead of stopping the account's other operations.
 */
public class CorruptOperationException extends FerryException {
  private static final long serialVersionUID = 1L;

  private final long operationId;

  /**
   * Creates the exception.
   *
   * @param operationId the row that could not be read
   * @param message what was wrong with it
   * @param cause the parse error, if any
   */
  public CorruptOperationException(long operationId, String message, @Nullable Throwable cause) {
    super("operation " + operationId + ": " + message, cause);
    this.operationId = operationId;
  }

  /**
   * The id of the row that could not be read.
   *
   * @return the operation id
   */
  public long operationId() {
    return operationId;
  }
}
