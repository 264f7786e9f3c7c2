package io.github.ferrymail.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An operation (or a batch of them) could not be carried out on the server. It carries its {@link
 * FailureReason} and {@link FailureCategory}, so that the queue decides between retry, failure and
 * pausing the account without parsing the message. Executors throw it or a subclass.
 */
public class OperationFailedException extends FerryException {
  private static final long serialVersionUID = 1L;

  private final FailureReason reason;

  /**
   * Creates the exception.
   *
   * @param reason the classification
   * @param message what failed, naming folder and UIDs where known (never credentials)
   * @param cause the underlying exception, if any
   */
  public OperationFailedException(FailureReason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  /**
   * Creates the exception without a cause.
   *
   * @param reason the classification
   * @param message what failed
   */
  public OperationFailedException(FailureReason reason, String message) {
    this(reason, message, null);
  }

  /**
   * Why it failed.
   *
   * @return the reason
   */
  public FailureReason reason() {
    return reason;
  }

  /**
   * How the queue treats it by default.
   *
   * @return the reason's category
   */
  public FailureCategory category() {
    return reason.category();
  }
}
