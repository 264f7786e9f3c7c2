package io.github.ferrymail.imap;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.OperationFailedException;
import org.jspecify.annotations.Nullable;

/**
 * An IMAP command failed, classified by {@link FailureReason} so that callers never parse the
 * server's text. {@link #responseCode()} keeps the server's response code (for example {@code
 * TRYCREATE} or {@code OVERQUOTA}) when there was one.
 */
public final class ImapOperationException extends OperationFailedException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String responseCode;

  /**
   * Creates the exception.
   *
   * @param reason the classification
   * @param message what failed, naming the folder and command (never credentials)
   * @param responseCode the server's response code without brackets, or null
   * @param cause the underlying exception, or null
   */
  public ImapOperationException(
      FailureReason reason,
      String message,
      @Nullable String responseCode,
      @Nullable Throwable cause) {
    super(reason, message, cause);
    this.responseCode = responseCode;
  }

  /**
   * The server's response code, for example {@code TRYCREATE}.
   *
   * @return the code, or null when the server gave none (or the connection dropped)
   */
  public @Nullable String responseCode() {
    return responseCode;
  }

  /**
   * Whether the server may have executed the command although the client never heard so (the
   * connection dropped or the reply did not come in time). A retry must reconcile from the
   * checkpoint.
   *
   * @return true for {@link FailureReason#CONNECTION_LOST} and {@link FailureReason#TIMEOUT}
   */
  public boolean outcomeUnknown() {
    return reason() == FailureReason.CONNECTION_LOST || reason() == FailureReason.TIMEOUT;
  }
}
