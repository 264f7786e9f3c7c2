package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One change to one message on the server: immutable, one record type per {@link OperationKind}.
 * Create them with the static factories, for example {@code Operation.markRead(ref)}, {@code
 * Operation.markJunk(ref)}, {@code Operation.changeFlags(ref, FlagDelta.adding("$label1"))} or
 * {@code Operation.move(ref, "Archive")}.
 *
 * <p>The {@link #message()} is the location the application last knew for the message when it
 * queued the operation; see {@link MessageRef}.
 *
 * <p>Stored form: a store keeps an operation as its message, {@link #kind()}, {@link
 * #destination()} and {@link #payload()}, and reads it back with {@link #of}. See {@code
 * docs/operations.md} for every operation and the IMAP commands it becomes.
 */
public sealed interface Operation
    permits Operation.FlagChange,
        Operation.Move,
        Operation.MoveToTrash,
        Operation.Restore,
        Operation.PermanentDelete,
        Operation.Copy {

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
   * The destination folder of a move, restore or copy; null for every other kind.
   *
   * @return the folder name, or null
   */
  default @Nullable String destination() {
    return null;
  }

  /**
   * The kind's own data beyond message and destination, in its stored text form: a flag change's
   * {@linkplain FlagDelta#encode() delta} ({@code +\Seen -$Junk}); null for kinds without any.
   *
   * @return the payload, or null
   */
  default @Nullable String payload() {
    return null;
  }

  /**
   * The same operation on a message that has moved.
   *
   * @param newLocation the message's new location
   * @return a copy pointing at {@code newLocation}
   */
  Operation withMessage(MessageRef newLocation);

  /**
   * Whether {@code other} makes the same change as this one, whichever message each names: the same
   * kind with the same destination and payload (for flag changes, the same delta). Such operations
   * on messages of one folder are batched into one command.
   *
   * @param other the other operation
   * @return true when only their messages differ
   */
  default boolean sameChangeAs(Operation other) {
    return other.withMessage(message()).equals(this);
  }

  /**
   * Builds an operation from its stored parts; stores use this when reading a row.
   *
   * @param kind the kind
   * @param message the message
   * @param destination the destination folder: required for {@link OperationKind#MOVE}, {@link
   *     OperationKind#RESTORE} and {@link OperationKind#COPY}, must be null otherwise
   * @param payload the kind's {@linkplain #payload() payload}: required for {@link
   *     OperationKind#FLAGS}, must be null otherwise
   * @return the operation
   * @throws IllegalArgumentException when a part does not fit the kind or does not parse, naming it
   */
  static Operation of(
      OperationKind kind,
      MessageRef message,
      @Nullable String destination,
      @Nullable String payload) {
    return Args.notNull(kind, "kind").decode(message, destination, payload);
  }

  /**
   * Adds and removes flags and keywords.
   *
   * @param message the message
   * @param delta the flags to add and to remove
   * @return the operation
   */
  static Operation changeFlags(MessageRef message, FlagDelta delta) {
    return new FlagChange(message, delta);
  }

  /**
   * Set {@code \Seen}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation markRead(MessageRef message) {
    return new FlagChange(message, FlagDelta.adding(FlagDelta.SEEN));
  }

  /**
   * Clear {@code \Seen}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation markUnread(MessageRef message) {
    return new FlagChange(message, FlagDelta.removing(FlagDelta.SEEN));
  }

  /**
   * Set {@code \Flagged}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation flag(MessageRef message) {
    return new FlagChange(message, FlagDelta.adding(FlagDelta.FLAGGED));
  }

  /**
   * Clear {@code \Flagged}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation unflag(MessageRef message) {
    return new FlagChange(message, FlagDelta.removing(FlagDelta.FLAGGED));
  }

  /**
   * Set {@code \Answered}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation markAnswered(MessageRef message) {
    return new FlagChange(message, FlagDelta.adding(FlagDelta.ANSWERED));
  }

  /**
   * Set the keyword {@code $Forwarded}.
   *
   * @param message the message
   * @return the operation
   */
  static Operation markForwarded(MessageRef message) {
    return new FlagChange(message, FlagDelta.adding(FlagDelta.FORWARDED));
  }

  /**
   * Call it junk: set {@code $Junk} and clear {@code $NotJunk}, in one change.
   *
   * @param message the message
   * @return the operation
   */
  static Operation markJunk(MessageRef message) {
    return new FlagChange(
        message, FlagDelta.of(Set.of(FlagDelta.JUNK), Set.of(FlagDelta.NOT_JUNK)));
  }

  /**
   * Call it not junk: set {@code $NotJunk} and clear {@code $Junk}, in one change.
   *
   * @param message the message
   * @return the operation
   */
  static Operation markNotJunk(MessageRef message) {
    return new FlagChange(
        message, FlagDelta.of(Set.of(FlagDelta.NOT_JUNK), Set.of(FlagDelta.JUNK)));
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
   * Copy to a folder; the message stays where it is, and the copy's location is reported.
   *
   * @param message the message
   * @param destination the folder to copy it to (its own folder makes a second copy there)
   * @return the operation
   */
  static Operation copy(MessageRef message, String destination) {
    return new Copy(message, destination);
  }

  /**
   * Add and remove flags and keywords: {@code UID STORE +FLAGS} for what is added and {@code UID
   * STORE -FLAGS} for what is removed, never a replacement of the message's other flags. Mark read,
   * unread, flag and unflag are flag changes of one flag each.
   *
   * @param message the message
   * @param delta the flags to add and to remove
   */
  record FlagChange(MessageRef message, FlagDelta delta) implements Operation {
    /** Validates. */
    public FlagChange {
      Args.notNull(message, "message");
      Args.notNull(delta, "delta");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.FLAGS;
    }

    @Override
    public String payload() {
      return delta.encode();
    }

    @Override
    public Operation withMessage(MessageRef newLocation) {
      return new FlagChange(newLocation, delta);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      if (payload == null) {
        throw new IllegalArgumentException("payload == null: FLAGS needs its flag delta");
      }
      return new FlagChange(message, FlagDelta.parse(payload));
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

    @Override
    public Operation withMessage(MessageRef newLocation) {
      return new Move(newLocation, destination);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      OperationKind.MOVE.noPayload(payload);
      return new Move(message, Args.notNull(destination, "destination"));
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

    @Override
    public Operation withMessage(MessageRef newLocation) {
      return new MoveToTrash(newLocation);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      OperationKind.MOVE_TO_TRASH.noPayload(payload);
      return new MoveToTrash(message);
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

    @Override
    public Operation withMessage(MessageRef newLocation) {
      return new Restore(newLocation, destination);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      OperationKind.RESTORE.noPayload(payload);
      return new Restore(message, Args.notNull(destination, "destination"));
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

    @Override
    public Operation withMessage(MessageRef newLocation) {
      return new PermanentDelete(newLocation);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      OperationKind.PERMANENT_DELETE.noPayload(payload);
      return new PermanentDelete(message);
    }
  }

  /**
   * Copy to a named folder: {@code UID COPY}, the message stays where it is. The copy is a new
   * message; later operations on this one stay on the original.
   *
   * @param message the message
   * @param destination the folder to copy it to
   */
  record Copy(MessageRef message, String destination) implements Operation {
    /** Validates. */
    public Copy {
      Args.notNull(message, "message");
      Args.storable(Args.notBlank(destination, "destination"), "destination");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.COPY;
    }

    @Override
    public Operation withMessage(MessageRef newLocation) {
      return new Copy(newLocation, destination);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      OperationKind.COPY.noPayload(payload);
      return new Copy(message, Args.notNull(destination, "destination"));
    }
  }
}
