package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What an {@link Operation.FolderChange} does to its folder; stored by name as its payload. */
public enum FolderAction {
  /** {@code CREATE}. */
  CREATE("created"),
  /** {@code RENAME} to the operation's new name. */
  RENAME("renamed"),
  /** {@code DELETE}. */
  DELETE("deleted"),
  /** {@code SUBSCRIBE}. */
  SUBSCRIBE("subscribed"),
  /** {@code UNSUBSCRIBE}. */
  UNSUBSCRIBE("unsubscribed");

  private final String pastTense;

  FolderAction(String pastTense) {
    this.pastTense = pastTense;
  }

  String pastTense() {
    return pastTense;
  }

  /**
   * Reads a stored action.
   *
   * @param name the stored name
   * @return the action
   * @throws IllegalArgumentException naming a missing or unknown value
   */
  static FolderAction parse(@Nullable String name) {
    if (name == null) {
      throw new IllegalArgumentException("payload == null: FOLDER needs its action");
    }
    String wanted = name.trim().toUpperCase(Locale.ROOT);
    for (FolderAction action : values()) {
      if (action.name().equals(wanted)) {
        return action;
      }
    }
    throw new IllegalArgumentException(
        "unknown folder action: '" + Args.notNull(name, "payload") + "'");
  }
}
