package io.github.ferrymail.core;

import java.util.Locale;

/**
 * The kinds of operation Ferry replays. Stored by {@link #name()}; {@link #parse(String)} rejects
 * unknown names read back from a database with a message naming them.
 */
public enum OperationKind {
  /** Set {@code \Seen}. */
  MARK_READ,
  /** Clear {@code \Seen}. */
  MARK_UNREAD,
  /** Set {@code \Flagged}. */
  FLAG,
  /** Clear {@code \Flagged}. */
  UNFLAG,
  /** Move to a named folder. */
  MOVE,
  /** Move to the account's trash folder (found through SPECIAL-USE, else configured). */
  MOVE_TO_TRASH,
  /** Move out of the trash back to a named folder. */
  RESTORE,
  /** Delete for good: {@code \Deleted} and an expunge of exactly this message. */
  PERMANENT_DELETE;

  /**
   * Whether this kind changes {@code \Seen}.
   *
   * @return true for mark read and mark unread
   */
  public boolean changesSeen() {
    return this == MARK_READ || this == MARK_UNREAD;
  }

  /**
   * Whether this kind changes {@code \Flagged}.
   *
   * @return true for flag and unflag
   */
  public boolean changesFlagged() {
    return this == FLAG || this == UNFLAG;
  }

  /**
   * Whether this kind changes a flag at all.
   *
   * @return true for the four flag kinds
   */
  public boolean isFlagChange() {
    return changesSeen() || changesFlagged();
  }

  /**
   * Whether this kind moves the message to another folder.
   *
   * @return true for move, move to trash and restore
   */
  public boolean isRelocation() {
    return this == MOVE || this == MOVE_TO_TRASH || this == RESTORE;
  }

  /**
   * Whether this kind names a destination folder.
   *
   * @return true for move and restore
   */
  public boolean needsDestination() {
    return this == MOVE || this == RESTORE;
  }

  /**
   * Reads a stored kind.
   *
   * @param name the stored name
   * @return the kind
   * @throws IllegalArgumentException naming the unknown value
   */
  public static OperationKind parse(String name) {
    if (name == null) {
      throw new NullPointerException("kind == null");
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown operation kind: '" + name + "'", e);
    }
  }
}
