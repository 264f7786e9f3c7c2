package io.github.ferrymail.core.processor;

/**
 * What the processor does when a checked flag change ({@link
 * io.github.ferrymail.core.Operation.FlagChange#unchangedSince()}) finds that someone else changed
 * the message on the server since the application saw it. Every choice is reported to {@link
 * ProcessingListener#conflict}; none is silent.
 */
public enum ConflictPolicy {
  /** The user's change wins: sent again at once without the check. */
  LOCAL_WINS,
  /** The server's state wins: the operation is cancelled, saying why. */
  SERVER_WINS,
  /**
   * The application decides: the operation becomes {@link
   * io.github.ferrymail.core.OperationStatus#CONFLICT}, listed by {@link QueueAdmin#conflicts},
   * until {@link QueueAdmin#keepLocal} or {@link QueueAdmin#keepServer}.
   */
  ASK
}
