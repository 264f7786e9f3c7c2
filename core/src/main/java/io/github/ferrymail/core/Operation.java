package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import org.jspecify.annotations.Nullable;

/**
 * One change to one message on the server: a closed set of immutable types. Create them with the
 * static factories, for example {@code Operation.markRead(ref)} or {@code Operation.move(ref,
 * "Archive")}.
 *
 * <p>The {@link #message()} is the location the application last knew for the message when it
 * queued the operation; see {@link MessageRef}.
 */
public sealed interface Operation
    permits Operation.MarkRead,
        Operation.MarkUnread,
        Operation.Flag,
        Operation.Unflag,
        Operation.Move,
        Operation.MoveToTrash,
        Operation.Restore,
        Operation.PermanentDelete {

  /**
   * The message the operation applies to.
   *
   * @return its location when queued
   */
  MessageRef message();

  /**
   * The operation's kind.
   *
   * @return the kind
   */
  OperationKind kind();

  /**
   * The destination folder of a move or restore; null for every other kind.
   *
   * @return the folder name, or null
   */
  default @Nullable String destination() {
    return null;
  }

  /**
   * The same operation on a message that has moved.
   *
   * @param newLocation the message's new location
   * @return a copy pointing at {@code newLocation}
   */
  default Operation withMessage(MessageRef newLocation) {
    return of(kind(), newLocation, destination());
  }

  /**
   * Builds an operation from its stored parts; stores use this when reading a row.
   *
   * @param kind the kind
   * @param message the message
   * @param destination the destination folder: required for {@link OperationKind#MOVE} and {@link
   *     OperationKind#RESTORE}, must be null otherwise
   * @return the operation
   * @throws IllegalArgumentException when the destination does not fit the kind
   */
  static Operation of(OperationKind kind, MessageRef message, @Nullable String destination) {
    Args.notNull(kind, "kind");
    if (!kind.needsDestination() && destination != null) {
      throw new IllegalArgumentException("destination must be null for " + kind);
    }
    switch (kind) {
      case MARK_READ:
        return new MarkRead(message);
      case MARK_UNREAD:
        return new MarkUnread(message);
      case FLAG:
        return new Flag(message);
      case UNFLAG:
        return new Unflag(message);
      case MOVE:
        return new Move(message, Args.notNull(destination, "destination"));
      case MOVE_TO_TRASH:
        return new MoveToTrash(message);
      case RESTORE:
        return new Restore(message, Args.notNull(destination, "destination"));
      case PERMANENT_DELETE:
        return new PermanentDelete(message);
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * Set {@code \Seen}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation markRead(MessageRef message) {
    return new MarkRead(message);
  }

  /**
   * Clear {@code \Seen}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation markUnread(MessageRef message) {
    return new MarkUnread(message);
  }

  /**
   * Set {@code \Flagged}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation flag(MessageRef message) {
    return new Flag(message);
  }

  /**
   * Clear {@code \Flagged}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation unflag(MessageRef message) {
    return new Unflag(message);
  }

  /**
   * Move to a folder.
   *
   * @param message the message
   * @param destination the destination folder's full name
   * @return the operation
   */
  static Operation move(MessageRef message, String destination) {
    return new Move(message, destination);
  }

  /**
   * Move to the account's trash folder.
   *
   * @param message the message
   * @return the operation
   */
  static Operation moveToTrash(MessageRef message) {
    return new MoveToTrash(message);
  }

  /**
   * Move from the trash back to a folder.
   *
   * @param message the message (in the trash, or where it was if the trash move is still queued)
   * @param destination the folder to restore it to
   * @return the operation
   */
  static Operation restore(MessageRef message, String destination) {
    return new Restore(message, destination);
  }

  /**
   * Delete for good.
   *
   * @param message the message
   * @return the operation
   */
  static Operation permanentDelete(MessageRef message) {
    return new PermanentDelete(message);
  }

  /**
   * Set {@code \Seen}.
   *
   * @param message the message
   */
  record MarkRead(MessageRef message) implements Operation {
    /** Validates. */
    public MarkRead {
      Args.notNull(message, "message");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.MARK_READ;
    }
  }

  /**
   * Clear {@code \Seen}.
   *
   * @param message the message
   */
  record MarkUnread(MessageRef message) implements Operation {
    /** Validates. */
    public MarkUnread {
      Args.notNull(message, "message");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.MARK_UNREAD;
    }
  }

  /**
   * Set {@code \Flagged}.
   *
   * @param message the message
   */
  record Flag(MessageRef message) implements Operation {
    /** Validates. */
    public Flag {
      Args.notNull(message, "message");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.FLAG;
    }
  }

  /**
   * Clear {@code \Flagged}.
   *
   * @param message the message
   */
  record Unflag(MessageRef message) implements Operation {
    /** Validates. */
    public Unflag {
      Args.notNull(message, "message");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.UNFLAG;
    }
  }

  /**
   * Move to a named folder.
   *
   * @param message the message
   * @param destination the destination folder's full name
   */
  record Move(MessageRef message, String destination) implements Operation {
    /** Validates. */
    public Move {
      Args.notNull(message, "message");
      Args.storable(Args.notBlank(destination, "destination"), "destination");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.MOVE;
    }
  }

  /**
   * Move to the trash folder.
   *
   * @param message the message
   */
  record MoveToTrash(MessageRef message) implements Operation {
    /** Validates. */
    public MoveToTrash {
      Args.notNull(message, "message");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.MOVE_TO_TRASH;
    }
  }

  /**
   * Move from the trash back to a named folder.
   *
   * @param message the message
   * @param destination the folder to restore to
   */
  record Restore(MessageRef message, String destination) implements Operation {
    /** Validates. */
    public Restore {
      Args.notNull(message, "message");
      Args.storable(Args.notBlank(destination, "destination"), "destination");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.RESTORE;
    }
  }

  /**
   * Delete for good.
   *
   * @param message the message
   */
  record PermanentDelete(MessageRef message) implements Operation {
    /** Validates. */
    public PermanentDelete {
      Args.notNull(message, "message");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.PERMANENT_DELETE;
    }
  }
}
