package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.internal.Args;
import org.jspecify.annotations.Nullable;

/** What happened to one operation of a batch. */
public sealed interface OperationOutcome
    permits OperationOutcome.Succeeded, OperationOutcome.Failed {

  /**
   * Success.
   *
   * @param newLocation where the message is now (moves, trash, restore), or null when it did not
   *     move, or was deleted, or its new UID could not be learned
   * @return the outcome
   */
  static OperationOutcome succeeded(@Nullable MessageRef newLocation) {
    return new Succeeded(newLocation);
  }

  /**
   * Failure.
   *
   * @param error the classified error
   * @return the outcome
   */
  static OperationOutcome failed(OperationFailedException error) {
    return new Failed(error);
  }

  /**
   * The operation took effect.
   *
   * @param newLocation the message's new location, or null
   */
  record Succeeded(@Nullable MessageRef newLocation) implements OperationOutcome {}

  /**
   * The operation did not take effect (or its outcome is unknown, for {@link
   * io.github.ferrymail.core.FailureReason#CONNECTION_LOST}).
   *
   * @param error the classified error
   */
  record Failed(OperationFailedException error) implements OperationOutcome {
    /** Validates. */
    public Failed {
      Args.notNull(error, "error");
    }
  }
}
