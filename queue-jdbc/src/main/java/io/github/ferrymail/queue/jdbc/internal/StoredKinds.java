package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.OperationKind;
import java.util.List;

/**
 * The stored names of the kinds whose completed rows forward and re-point the operations on the
 * message they moved ({@link OperationKind#movesMessage()}): a copy's row keeps its copy's
 * location, but the original stays where it is.
 */
final class StoredKinds {
  /** The names of the kinds that move their message. */
  static final List<String> MOVING =
      OperationKind.values().stream()
          .filter(OperationKind::movesMessage)
          .map(OperationKind::name)
          .toList();

  private StoredKinds() {}

  /** Whether a stored kind moves its message; an unreadable name does not. */
  static boolean moving(String stored) {
    return stored != null && MOVING.contains(stored);
  }
}
