package io.github.ferrymail.core.processor;

/** What {@link QueueAdmin#cancel} did to an operation the user wants to undo. */
public enum Undo {
  /** It had not started: cancelled, nothing of it was or will be sent. */
  CANCELLED,
  /** A worker has it (in flight): the server may have it already; nothing was changed. */
  STARTED,
  /** It had finished (completed, failed earlier and discarded, or cancelled): nothing changed. */
  FINISHED,
  /** No operation has that id. */
  NOT_FOUND
}
