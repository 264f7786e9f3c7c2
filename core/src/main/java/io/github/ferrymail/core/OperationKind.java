package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A kind of operation: its stored name, what the queue needs to know to order and batch it, and how
 * it is read back from its stored form. There is one kind per {@link Operation} type.
 *
 * <p>Each kind reads its own stored form ({@link Operation#of}), so a store keeps any kind in the
 * same three columns (kind, destination, payload) and never needs to know the kinds; the processor
 * and the batch planner ask a kind's traits ({@link #isFlagChange()}, {@link #isRelocation()},
 * {@link #isDeletion()}, {@link #isBarrier()}, {@link #movesMessage()}, {@link #reportsLocation()},
 * {@link #isFolderChange()}) and never switch on the kind. A new kind is an {@link Operation}
 * record with its {@code decode} and a constant here, listed in {@link #values()}.
 *
 * <p>Stored by {@link #name()}; {@link #parse(String)} rejects unknown names read back from a
 * database with a message naming them. Compare kinds with {@code ==}: there is one instance each.
 */
public final class OperationKind {

  /**
   * Add and remove flags and keywords ({@link Operation.FlagChange}); stored with its {@link
   * FlagDelta} as payload.
   */
  public static final OperationKind FLAGS =
      new OperationKind("FLAGS", Role.FLAG_CHANGE, false, Operation.FlagChange::decode);

  /** Move to a named folder ({@link Operation.Move}); stored with its destination. */
  public static final OperationKind MOVE =
      new OperationKind("MOVE", Role.RELOCATION, true, Operation.Move::decode);

  /**
   * Move to the account's trash folder (found through SPECIAL-USE, else configured) ({@link
   * Operation.MoveToTrash}).
   */
  public static final OperationKind MOVE_TO_TRASH =
      new OperationKind("MOVE_TO_TRASH", Role.RELOCATION, false, Operation.MoveToTrash::decode);

  /** Move out of the trash back to a named folder ({@link Operation.Restore}). */
  public static final OperationKind RESTORE =
      new OperationKind("RESTORE", Role.RELOCATION, true, Operation.Restore::decode);

  /**
   * Delete for good: {@code \Deleted} and an expunge of exactly this message ({@link
   * Operation.PermanentDelete}).
   */
  public static final OperationKind PERMANENT_DELETE =
      new OperationKind(
          "PERMANENT_DELETE", Role.DELETION, false, Operation.PermanentDelete::decode);

  /**
   * Copy to a named folder, the message staying where it is ({@link Operation.Copy}); stored with
   * its destination. The copy's location is reported, and later operations stay on the original.
   */
  public static final OperationKind COPY =
      new OperationKind("COPY", Role.COPY, true, Operation.Copy::decode);

  /**
   * Create, rename, delete, subscribe to or unsubscribe from a folder ({@link
   * Operation.FolderChange}); stored with its {@link FolderAction} as payload and a rename's new
   * name as destination, on a {@linkplain MessageRef#folderOnly reference to the folder}.
   */
  public static final OperationKind FOLDER =
      new OperationKind("FOLDER", Role.FOLDER, true, Operation.FolderChange::decode);

  /**
   * Append a new message to a folder, exactly once ({@link Operation.Append}); stored with its
   * {@link NewMessage} as payload on a {@linkplain MessageRef#folderOnly reference to the folder}.
   * The new message's location is reported.
   */
  public static final OperationKind APPEND =
      new OperationKind("APPEND", Role.APPEND, false, Operation.Append::decode);

  /**
   * Replace a message by a new version: append it, then delete the old one for good ({@link
   * Operation.Replace}); stored on the old version, with the new one's folder as destination and
   * its {@link NewMessage} as payload. The new version's location is reported.
   */
  public static final OperationKind REPLACE =
      new OperationKind("REPLACE", Role.REPLACE, true, Operation.Replace::decode);

  private static final List<OperationKind> ALL =
      List.of(FLAGS, MOVE, MOVE_TO_TRASH, RESTORE, PERMANENT_DELETE, COPY, FOLDER, APPEND, REPLACE);

  /** What a kind does to its message, as far as ordering and batching care. */
  private enum Role {
    FLAG_CHANGE,
    RELOCATION,
    DELETION,
    COPY,
    FOLDER,
    APPEND,
    REPLACE
  }

  /** Reads an operation of this kind back from its stored parts. */
  @FunctionalInterface
  interface Decoder {
    Operation decode(MessageRef message, @Nullable String destination, @Nullable String payload);
  }

  private final String name;
  private final Role role;
  private final boolean needsDestination;
  private final Decoder decoder;

  private OperationKind(String name, Role role, boolean needsDestination, Decoder decoder) {
    this.name = name;
    this.role = role;
    this.needsDestination = needsDestination;
    this.decoder = decoder;
  }

  /**
   * Every kind, in a fixed order.
   *
   * @return the kinds
   */
  public static List<OperationKind> values() {
    return ALL;
  }

  /**
   * The stored name, for example {@code FLAGS}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Whether this kind changes flags only; such operations travel with their message (MOVE and COPY
   * keep flags) and run on its new location when queued after a move of it.
   *
   * @return true for {@link #FLAGS}
   */
  public boolean isFlagChange() {
    return role == Role.FLAG_CHANGE;
  }

  /**
   * Whether this kind moves the message to another folder: its outcome carries the message's new
   * location, and later operations on the message are re-pointed there.
   *
   * @return true for move, move to trash and restore
   */
  public boolean isRelocation() {
    return role == Role.RELOCATION;
  }

  /**
   * Whether this kind deletes the message for good: it supersedes every operation on the message.
   *
   * @return true for {@link #PERMANENT_DELETE}
   */
  public boolean isDeletion() {
    return role == Role.DELETION;
  }

  /**
   * Whether this kind must run in its place among the operations on its message: only after
   * everything queued before it on the message has finished, other than flag changes (which run
   * first, and which a copy carries along), and before anything queued after it. Coalescing never
   * merges such an operation with others; it defers what follows it to a later pass.
   *
   * @return true for {@link #COPY} and {@link #REPLACE}
   */
  public boolean isBarrier() {
    return role == Role.COPY || role == Role.REPLACE;
  }

  /**
   * Whether the message itself ends up where a completed operation of this kind reports: the
   * account's later operations on the message are re-pointed there, and operations queued later for
   * the location it left are forwarded ({@link
   * io.github.ferrymail.core.spi.PendingOperationStore#record}).
   *
   * @return true for move, move to trash and restore; false for a copy, whose original stays
   */
  public boolean movesMessage() {
    return role == Role.RELOCATION;
  }

  /**
   * Whether a completed operation of this kind reports a location, kept with its outcome and handed
   * out by the feed: where the message went, or where its copy is.
   *
   * @return true for move, move to trash, restore, copy, append and replace
   */
  public boolean reportsLocation() {
    return role != Role.FLAG_CHANGE && role != Role.DELETION && role != Role.FOLDER;
  }

  /**
   * Whether this kind makes a new message from bytes the application provides (see {@link
   * NewMessage}).
   *
   * @return true for {@link #APPEND} and {@link #REPLACE}
   */
  public boolean isAppend() {
    return role == Role.APPEND || role == Role.REPLACE;
  }

  /**
   * Whether this kind changes a folder rather than a message: a barrier in its account's order.
   * Stores hand out nothing queued after the account's oldest unfinished folder operation, and that
   * operation only alone, once everything queued before it has finished (see {@code
   * PendingOperationStore}'s contract).
   *
   * @return true for {@link #FOLDER}
   */
  public boolean isFolderChange() {
    return role == Role.FOLDER;
  }

  /**
   * Whether this kind can name a second folder: a move's or restore's destination, a rename's new
   * name.
   *
   * @return true for move, restore, copy, replace and folder operations
   */
  public boolean needsDestination() {
    return needsDestination;
  }

  /**
   * Reads a stored kind.
   *
   * @param name the stored name (case and surrounding blanks are ignored)
   * @return the kind
   * @throws IllegalArgumentException naming the unknown value
   */
  public static OperationKind parse(String name) {
    Args.notNull(name, "kind");
    String wanted = name.trim().toUpperCase(Locale.ROOT);
    for (OperationKind kind : ALL) {
      if (kind.name.equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown operation kind: '" + name + "'");
  }

  Operation decode(MessageRef message, @Nullable String destination, @Nullable String payload) {
    Args.notNull(message, "message");
    if (!needsDestination && destination != null) {
      throw new IllegalArgumentException("destination must be null for " + name);
    }
    return decoder.decode(message, destination, payload);
  }

  /** Refuses a payload for a kind that has none. */
  void noPayload(@Nullable String payload) {
    if (payload != null) {
      throw new IllegalArgumentException(
          "payload must be null for " + name + ", it is '" + payload + "'");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
