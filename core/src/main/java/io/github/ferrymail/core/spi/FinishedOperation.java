package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.internal.Args;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an account's feed of finished operations ({@link
 * PendingOperationStore#finishedSince}): what the application needs to bring its own copy in line
 * without racing the listener, durable from the moment the outcome was recorded.
 *
 * @param sequence the entry's place in the account's feed: grows in the order outcomes were
 *     recorded (with gaps); keep the last one you applied and pass it back as the cursor
 * @param operation the row as finished: completed, failed or cancelled; its message is the location
 *     it was executed against (for a move, where the message was)
 * @param relocation where a completed move, trash or restore took the message, or where a completed
 *     copy put the copy (possibly with its UID unknown), else null
 * @param failureReason the classified reason of a failure, when the store knows it, else null
 */
public record FinishedOperation(
    long sequence,
    PendingOperation operation,
    @Nullable Relocation relocation,
    @Nullable FailureReason failureReason) {

  /** Validates. */
  public FinishedOperation {
    Args.positive(sequence, "sequence");
    Args.notNull(operation, "operation");
    if (!operation.status().isTerminal()) {
      throw new IllegalArgumentException(
          "operation " + operation.id() + " is " + operation.status() + ", not finished");
    }
  }
}
