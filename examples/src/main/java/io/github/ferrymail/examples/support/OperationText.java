package io.github.ferrymail.examples.support;

import io.github.ferrymail.core.PendingOperation;

/** Operations in a few words, for the examples' printed timelines. */
public final class OperationText {
  private OperationText() {}

  /**
   * For example {@code alice FLAGS +\Seen UID 1} or {@code bob MOVE UID 4 -> Archive}: account,
   * kind and change, UID, destination if any, in aligned columns.
   *
   * @param op the operation
   * @return the text
   */
  public static String of(PendingOperation op) {
    String payload = op.operation().payload();
    String change = payload == null ? op.kind().name() : op.kind() + " " + payload;
    String destination = op.operation().destination();
    return String.format("%-5s %-15s UID %d", op.account(), change, op.message().uid())
        + (destination == null ? "" : " -> " + destination);
  }
}
