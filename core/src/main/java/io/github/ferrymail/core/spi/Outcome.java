package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.internal.Args;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a worker records for one claimed operation, handed to {@link
 * PendingOperationStore#record(Lease, java.util.List)} together with the other outcomes of its
 * batch. (An {@link OperationOutcome} is what the executor reports; this is what the store keeps.)
 */
public sealed interface Outcome
    permits Outcome.Completed,
        Outcome.Rescheduled,
        Outcome.Failed,
        Outcome.Cancelled,
        Outcome.Conflicted {

  /**
   * The operation the outcome is for.
   *
   * @return the operation id
   */
  long id();

  /**
   * The operation took effect and its message did not move.
   *
   * @param id the operation id
   * @return the outcome
   */
  static Completed completed(long id) {
    return new Completed(id, null);
  }

  /**
   * The move, trash or restore took effect and the message is now where {@code relocation} says; or
   * the copy took effect and the copy is there.
   *
   * @param id the operation id
   * @param relocation where the message went
   * @return the outcome
   */
  static Completed relocated(long id, Relocation relocation) {
    return new Completed(id, Args.notNull(relocation, "relocation"));
  }

  /**
   * A transient failure: try again at {@code nextAttemptAt}.
   *
   * @param id the operation id
   * @param nextAttemptAt when it is due again
   * @param error the error's text
   * @return the outcome
   */
  static Rescheduled rescheduled(long id, Instant nextAttemptAt, String error) {
    return new Rescheduled(id, nextAttemptAt, error, null);
  }

  /**
   * A final failure.
   *
   * @param id the operation id
   * @param reason the classified reason, or null when unknown
   * @param error the error's text
   * @return the outcome
   */
  static Failed failed(long id, @Nullable FailureReason reason, String error) {
    return new Failed(id, reason, error, null);
  }

  /**
   * Cancelled, for example because coalescing superseded it.
   *
   * @param id the operation id
   * @param reason why
   * @return the outcome
   */
  static Cancelled cancelled(long id, String reason) {
    return new Cancelled(id, reason);
  }

  /**
   * The operation took effect.
   *
   * @param id the operation id
   * @param relocation where a moved message went (a copy: where the copy is), or null
   */
  record Completed(long id, @Nullable Relocation relocation) implements Outcome {
    /** Validates. */
    public Completed {
      Args.positive(id, "id");
    }
  }

  /**
   * A transient failure.
   *
   * @param id the operation id
   * @param nextAttemptAt when it is due again
   * @param error the error's text (stores truncate it)
   * @param messageNowAt where the message is now when the attempt moved it part of the way (a
   *     coalesced A to B to C move cut after its first leg), else null; the store re-points the
   *     operation, and the other operations on the message, there
   */
  record Rescheduled(
      long id, Instant nextAttemptAt, String error, @Nullable MessageRef messageNowAt)
      implements Outcome {
    /** Validates. */
    public Rescheduled {
      Args.positive(id, "id");
      Args.notNull(nextAttemptAt, "nextAttemptAt");
      Args.notNull(error, "error");
    }
  }

  /**
   * A final failure.
   *
   * @param id the operation id
   * @param reason the classified reason, or null when unknown
   * @param error the error's text (stores truncate it)
   * @param messageNowAt where the message is now when the attempt moved it part of the way, else
   *     null (see {@link Rescheduled#messageNowAt()})
   */
  record Failed(
      long id, @Nullable FailureReason reason, String error, @Nullable MessageRef messageNowAt)
      implements Outcome {
    /** Validates. */
    public Failed {
      Args.positive(id, "id");
      Args.notNull(error, "error");
    }
  }

  /**
   * Cancelled.
   *
   * @param id the operation id
   * @param reason why, kept as its last error
   */
  record Cancelled(long id, String reason) implements Outcome {
    /** Validates. */
    public Cancelled {
      Args.positive(id, "id");
      Args.notNull(reason, "reason");
    }
  }

  /**
   * A conflict: status {@link io.github.ferrymail.core.OperationStatus#CONFLICT}, finished (in the
   * feed) until the application resolves it.
   *
   * @param id the operation id
   * @param detail what the server said, kept as its last error
   * @return the outcome
   */
  static Conflicted conflicted(long id, String detail) {
    return new Conflicted(id, detail);
  }

  /**
   * A checked flag change found the message changed on the server; it waits for the application.
   *
   * @param id the operation id
   * @param detail what the server said, kept as its last error
   */
  record Conflicted(long id, String detail) implements Outcome {
    /** Validates. */
    public Conflicted {
      Args.positive(id, "id");
      Args.notNull(detail, "detail");
    }
  }
}
