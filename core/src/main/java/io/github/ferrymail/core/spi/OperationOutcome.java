package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.internal.Args;
import org.jspecify.annotations.Nullable;

/** What happened to one operation of a batch. */
public sealed interface OperationOutcome
    permits OperationOutcome.Succeeded,
        OperationOutcome.MovedUidUnknown,
        OperationOutcome.Failed,
        OperationOutcome.Conflicted {

  /**
   * Success.
   *
   * @param newLocation where the message is now (moves, trash, restore) or where its copy is (a
   *     copy), or null when it did not move or was deleted (a move or copy whose new UID could not
   *     be learned is {@link #movedUidUnknown})
   * @return the outcome
   */
  static OperationOutcome succeeded(@Nullable MessageRef newLocation) {
    return new Succeeded(newLocation);
  }

  /**
   * A move, trash, restore or copy took effect, but the message's (or the copy's) new UID could not
   * be learned (no UIDPLUS and no Message-ID to search for).
   *
   * @param folder the folder the message (or the copy) is in now
   * @return the outcome
   */
  static OperationOutcome movedUidUnknown(String folder) {
    return new MovedUidUnknown(folder);
  }

  /**
   * Failure.
   *
   * @param error the classified error
   * @return the outcome
   */
  static OperationOutcome failed(OperationFailedException error) {
    return new Failed(error, null);
  }

  /**
   * Failure after the message was moved part of the way (the first leg of a coalesced A to B to C
   * move succeeded, the second did not): the queue re-points the operation at {@code messageNowAt}
   * so that its retry starts from there.
   *
   * @param error the classified error
   * @param messageNowAt where the message is now
   * @return the outcome
   */
  static OperationOutcome failedPartway(OperationFailedException error, MessageRef messageNowAt) {
    return new Failed(error, Args.notNull(messageNowAt, "messageNowAt"));
  }

  /**
   * A checked flag change was not applied: the server changed the message since the MODSEQ the
   * application gave ({@code MODIFIED}, RFC 7162). The processor's conflict policy decides.
   *
   * @param detail what the server said, for the operation's last error
   * @return the outcome
   */
  static OperationOutcome conflicted(String detail) {
    return new Conflicted(detail);
  }

  /**
   * A checked flag change found the message changed on the server.
   *
   * @param detail what the server said
   */
  record Conflicted(String detail) implements OperationOutcome {
    /** Validates. */
    public Conflicted {
      Args.notBlank(detail, "detail");
    }
  }

  /**
   * The operation took effect.
   *
   * @param newLocation the message's new location, or null
   */
  record Succeeded(@Nullable MessageRef newLocation) implements OperationOutcome {}

  /**
   * A relocation took effect; the message's new UID is unknown.
   *
   * @param folder the folder the message is in now
   */
  record MovedUidUnknown(String folder) implements OperationOutcome {
    /** Validates. */
    public MovedUidUnknown {
      Args.notBlank(folder, "folder");
    }
  }

  /**
   * The operation did not take effect (or its outcome is unknown, for {@link
   * io.github.ferrymail.core.FailureReason#CONNECTION_LOST}).
   *
   * @param error the classified error
   * @param messageNowAt where the message is now when the attempt moved it part of the way, else
   *     null
   */
  record Failed(OperationFailedException error, @Nullable MessageRef messageNowAt)
      implements OperationOutcome {
    /** Validates. */
    public Failed {
      Args.notNull(error, "error");
    }

    /**
     * A failure that left the message where it was.
     *
     * @param error the classified error
     */
    public Failed(OperationFailedException error) {
      this(error, null);
    }
  }
}
