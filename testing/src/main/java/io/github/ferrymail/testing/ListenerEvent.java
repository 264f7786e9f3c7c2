package io.github.ferrymail.testing;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ConflictPolicy;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One call a {@link RecordingListener} heard, with its arguments: one record per method of {@link
 * io.github.ferrymail.core.processor.ProcessingListener}. {@link #line()} is a short form for
 * assertions on the order of events ({@code "completed 12"}, {@code "paused alice"}).
 */
public sealed interface ListenerEvent {
  /**
   * The event as a short line: the event's name and the operation's id, or the account for a pause.
   *
   * @return for example {@code "retry 12"}
   */
  String line();

  /**
   * An operation was queued through the processor.
   *
   * @param operation the stored operation
   */
  record Queued(PendingOperation operation) implements ListenerEvent {
    @Override
    public String line() {
      return "queued " + operation.id();
    }
  }

  /**
   * An operation took effect.
   *
   * @param operation the operation as executed
   * @param newLocation where its message is now, or null
   */
  record Completed(PendingOperation operation, @Nullable MessageRef newLocation)
      implements ListenerEvent {
    @Override
    public String line() {
      return "completed " + operation.id();
    }
  }

  /**
   * An attempt failed and a retry is scheduled.
   *
   * @param operation the operation
   * @param nextAttemptAt when it is due again
   * @param error the classified error
   */
  record RetryScheduled(PendingOperation operation, Instant nextAttemptAt, Throwable error)
      implements ListenerEvent {
    @Override
    public String line() {
      return "retry " + operation.id();
    }
  }

  /**
   * An operation failed for good.
   *
   * @param operation the operation
   * @param error the last error
   */
  record Failed(PendingOperation operation, Throwable error) implements ListenerEvent {
    @Override
    public String line() {
      return "failed " + operation.id();
    }
  }

  /**
   * Coalescing cancelled an operation.
   *
   * @param operation the operation
   * @param reason why
   */
  record Cancelled(PendingOperation operation, String reason) implements ListenerEvent {
    @Override
    public String line() {
      return "cancelled " + operation.id();
    }
  }

  /**
   * A checked flag change met a conflict.
   *
   * @param operation the operation
   * @param detail what the server said
   * @param policy what was done about it
   */
  record Conflict(PendingOperation operation, String detail, ConflictPolicy policy)
      implements ListenerEvent {
    @Override
    public String line() {
      return "conflict " + operation.id();
    }
  }

  /**
   * An account was paused.
   *
   * @param account the account key
   * @param until when it is tried again
   * @param error the error
   */
  record AccountPaused(String account, Instant until, Throwable error) implements ListenerEvent {
    @Override
    public String line() {
      return "paused " + account;
    }
  }
}
