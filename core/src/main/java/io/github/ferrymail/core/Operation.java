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
        Operation.Copy,
        Operation.FolderChange,
        Operation.Append,
        Operation.Replace {

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
   * The destination folder of a move, restore or copy (a rename's new name); null for every other
   * kind.
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
   *     OperationKind#RESTORE} and {@link OperationKind#COPY}, a rename's new name for {@link
   *     OperationKind#FOLDER}, null otherwise
   * @param payload the kind's {@linkplain #payload() payload}: required for {@link
   *     OperationKind#FLAGS}, {@link OperationKind#FOLDER}, {@link OperationKind#APPEND} and {@link
   *     OperationKind#REPLACE}, must be null otherwise
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
   * Appends a new message to a folder (a sent message to Sent, a draft to Drafts), exactly once:
   * see {@link Append}.
   *
   * @param account the account key
   * @param folder the folder's full name
   * @param message the key of its bytes, its flags and its internal date
   * @return the operation
   */
  static Operation append(String account, String folder, NewMessage message) {
    return new Append(account, folder, message);
  }

  /**
   * Replaces a message by a new version (a draft edited again): appends the new version to {@code
   * folder}, then deletes the old one for good; see {@link Replace}.
   *
   * @param old the version to replace
   * @param folder the folder for the new version (usually the old one's)
   * @param message the new version
   * @return the operation
   */
  static Operation replace(MessageRef old, String folder, NewMessage message) {
    return new Replace(old, folder, message);
  }

  /**
   * Creates a folder (and, as IMAP's {@code CREATE} does, any missing parent). Succeeds when the
   * folder exists already.
   *
   * @param account the account key
   * @param folder the new folder's full name, with the server's hierarchy separator
   * @return the operation
   */
  static Operation createFolder(String account, String folder) {
    return new FolderChange(account, folder, FolderAction.CREATE, null);
  }

  /**
   * Renames a folder (its children follow, as IMAP's {@code RENAME} does). Operations queued after
   * it that still name the old folder, or a folder below it, are re-pointed at the new name.
   *
   * @param account the account key
   * @param folder the folder's current full name
   * @param newName its new full name
   * @return the operation
   */
  static Operation renameFolder(String account, String folder, String newName) {
    return new FolderChange(account, folder, FolderAction.RENAME, newName);
  }

  /**
   * Deletes a folder and the messages in it. Operations queued after it on messages in that folder,
   * or moving messages into it, are cancelled, saying why. Succeeds when the folder is gone
   * already.
   *
   * @param account the account key
   * @param folder the folder's full name
   * @return the operation
   */
  static Operation deleteFolder(String account, String folder) {
    return new FolderChange(account, folder, FolderAction.DELETE, null);
  }

  /**
   * Subscribes to a folder ({@code SUBSCRIBE}).
   *
   * @param account the account key
   * @param folder the folder's full name
   * @return the operation
   */
  static Operation subscribe(String account, String folder) {
    return new FolderChange(account, folder, FolderAction.SUBSCRIBE, null);
  }

  /**
   * Unsubscribes from a folder ({@code UNSUBSCRIBE}).
   *
   * @param account the account key
   * @param folder the folder's full name
   * @return the operation
   */
  static Operation unsubscribe(String account, String folder) {
    return new FolderChange(account, folder, FolderAction.UNSUBSCRIBE, null);
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
   * Adds and removes flags and keywords unless someone else changed the message since the
   * application saw it at {@code modSeq} (CONDSTORE, RFC 7162): see {@link FlagChange}.
   *
   * @param message the message
   * @param delta the flags to add and to remove
   * @param unchangedSince the message's MODSEQ as the application last saw it
   * @return the operation
   */
  static Operation changeFlags(MessageRef message, FlagDelta delta, long unchangedSince) {
    return new FlagChange(message, delta, unchangedSince);
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
   * Add and remove flags and keywords: {@code UID STORE +FLAGS} for what is added and {@code UID
   * STORE -FLAGS} for what is removed, never a replacement of the message's other flags. Mark read,
   * unread, flag and unflag are flag changes of one flag each.
   *
   * <p>With {@link #unchangedSince()} set (the MODSEQ the application last saw for the message, RFC
   * 7162), the change is sent with {@code UNCHANGEDSINCE} to a server with CONDSTORE, and a message
   * that someone else changed since is a conflict, resolved by the processor's {@code
   * ConflictPolicy}; a server without CONDSTORE gets the change as without it.
   *
   * @param message the message
   * @param delta the flags to add and to remove
   * @param unchangedSince the MODSEQ the application last saw for the message, or null for no check
   */
  record FlagChange(MessageRef message, FlagDelta delta, @Nullable Long unchangedSince)
      implements Operation {
    /** How the check is written after the delta in the stored payload. */
    private static final String CHECK = " (UNCHANGEDSINCE ";

    /** Validates. */
    public FlagChange {
      requireMessage(message);
      Args.notNull(delta, "delta");
      if (unchangedSince != null) {
        Args.positive(unchangedSince, "unchangedSince");
      }
    }

    /**
     * A flag change without a conflict check.
     *
     * @param message the message
     * @param delta the flags to add and to remove
     */
    public FlagChange(MessageRef message, FlagDelta delta) {
      this(message, delta, null);
    }

    /**
     * The same change, checked against the MODSEQ the application last saw for the message.
     *
     * @param modSeq the message's MODSEQ as the application last saw it, positive
     * @return the checked change
     */
    public FlagChange ifUnchangedSince(long modSeq) {
      return new FlagChange(message, delta, modSeq);
    }

    /**
     * The same change without the check: what "local wins" sends after a conflict.
     *
     * @return the unchecked change
     */
    public FlagChange withoutCheck() {
      return unchangedSince == null ? this : new FlagChange(message, delta, null);
    }

    @Override
    public OperationKind kind() {
      return OperationKind.FLAGS;
    }

    /**
     * The delta ({@code +\Seen -$Junk}), then the check when there is one: {@code (UNCHANGEDSINCE
     * 42)}.
     */
    @Override
    public String payload() {
      return unchangedSince == null
          ? delta.encode()
          : delta.encode() + CHECK + unchangedSince + ")";
    }

    @Override
    public Operation withMessage(MessageRef newLocation) {
      return new FlagChange(newLocation, delta, unchangedSince);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      if (payload == null) {
        throw new IllegalArgumentException("payload == null: FLAGS needs its flag delta");
      }
      int check = payload.indexOf(CHECK);
      if (check < 0) {
        return new FlagChange(message, FlagDelta.parse(payload));
      }
      String modSeq = payload.substring(check + CHECK.length());
      if (!modSeq.endsWith(")")) {
        throw new IllegalArgumentException(
            "payload: unterminated UNCHANGEDSINCE in '" + payload + "'");
      }
      try {
        return new FlagChange(
            message,
            FlagDelta.parse(payload.substring(0, check)),
            Long.parseLong(modSeq.substring(0, modSeq.length() - 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("payload: bad UNCHANGEDSINCE in '" + payload + "'", e);
      }
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
      requireMessage(message);
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
      requireMessage(message);
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
      requireMessage(message);
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
      requireMessage(message);
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
      requireMessage(message);
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

  /**
   * Creates, renames, deletes, subscribes to or unsubscribes from a folder: kind {@link
   * OperationKind#FOLDER}, stored with the action as payload and a rename's new name as
   * destination. A folder operation is a barrier in its account's order: everything queued before
   * it runs first, and nothing queued after it runs before it has finished.
   *
   * @param account the account key
   * @param folder the folder's full name, with the server's hierarchy separator
   * @param action what to do with it
   * @param newName the new full name of a {@link FolderAction#RENAME}; null for every other action
   */
  record FolderChange(String account, String folder, FolderAction action, @Nullable String newName)
      implements Operation {
    /** Validates: names storable, a rename's new name given and different, INBOX left alone. */
    public FolderChange {
      Args.storable(Args.notBlank(account, "account"), "account");
      Args.storable(Args.notBlank(folder, "folder"), "folder");
      Args.notNull(action, "action");
      if (action == FolderAction.RENAME) {
        Args.storable(Args.notBlank(newName, "newName"), "newName");
        if (newName.equals(folder)) {
          throw new IllegalArgumentException("newName is the folder's own name: '" + folder + "'");
        }
        if (isInbox(newName)) {
          throw new IllegalArgumentException(
              "newName must not be INBOX: no folder can be renamed to INBOX");
        }
      } else if (newName != null) {
        throw new IllegalArgumentException("newName must be null for " + action);
      }
      if (isInbox(folder) && action != FolderAction.SUBSCRIBE) {
        // RENAME INBOX moves its messages out (RFC 9051 6.3.6), DELETE INBOX is an error.
        throw new IllegalArgumentException(
            "folder must not be INBOX: INBOX cannot be " + action.pastTense());
      }
    }

    @Override
    public MessageRef message() {
      return MessageRef.folderOnly(account, folder);
    }

    @Override
    public OperationKind kind() {
      return OperationKind.FOLDER;
    }

    @Override
    public @Nullable String destination() {
      return newName;
    }

    @Override
    public String payload() {
      return action.name();
    }

    @Override
    public Operation withMessage(MessageRef newLocation) {
      if (!Args.notNull(newLocation, "newLocation").isFolderOnly()) {
        throw new IllegalArgumentException("newLocation must name a folder: " + newLocation);
      }
      return new FolderChange(newLocation.account(), newLocation.folder(), action, newName);
    }

    private static boolean isInbox(String name) {
      return "INBOX".equalsIgnoreCase(name);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      if (!message.isFolderOnly()) {
        throw new IllegalArgumentException("FOLDER names a folder, not a message: " + message);
      }
      return new FolderChange(
          message.account(), message.folder(), FolderAction.parse(payload), destination);
    }
  }

  /**
   * Appends a new message to a folder: kind {@link OperationKind#APPEND}, on a {@linkplain
   * MessageRef#folderOnly reference to the folder}, stored with its {@link NewMessage} as payload
   * (never the bytes). Exactly once: before {@code APPEND} the executor saves a checkpoint with a
   * token it also writes into the message (header {@code X-Ferry-Append}), so that a retry after a
   * connection lost mid-append first searches for the token and does not append a second copy. A
   * completed append reports the new message's location (APPENDUID, else the token's search).
   *
   * @param account the account key
   * @param folder the folder's full name
   * @param content the message to append
   */
  record Append(String account, String folder, NewMessage content) implements Operation {
    /** Validates. */
    public Append {
      Args.storable(Args.notBlank(account, "account"), "account");
      Args.storable(Args.notBlank(folder, "folder"), "folder");
      Args.notNull(content, "content");
    }

    @Override
    public MessageRef message() {
      return MessageRef.folderOnly(account, folder);
    }

    @Override
    public OperationKind kind() {
      return OperationKind.APPEND;
    }

    @Override
    public String payload() {
      return content.encode();
    }

    @Override
    public Operation withMessage(MessageRef newLocation) {
      if (!Args.notNull(newLocation, "newLocation").isFolderOnly()) {
        throw new IllegalArgumentException("newLocation must name a folder: " + newLocation);
      }
      return new Append(newLocation.account(), newLocation.folder(), content);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      if (!message.isFolderOnly()) {
        throw new IllegalArgumentException("APPEND names a folder, not a message: " + message);
      }
      return new Append(message.account(), message.folder(), NewMessage.decode(payload));
    }
  }

  /**
   * Replaces a message by a new version: appends {@link #content()} to {@link #folder()} exactly
   * once, as {@link Append} does, then deletes the old version for good ({@code \Deleted} and
   * {@code UID EXPUNGE} of exactly it, as {@link PermanentDelete}). Kind {@link
   * OperationKind#REPLACE}, on the old version, with the new one's folder as destination. It runs
   * in its place among the old version's operations (see {@link OperationKind#isBarrier()}); a
   * completed replace reports the new version's location.
   *
   * @param message the old version
   * @param folder the folder for the new version
   * @param content the new version
   */
  record Replace(MessageRef message, String folder, NewMessage content) implements Operation {
    /** Validates. */
    public Replace {
      requireMessage(message);
      Args.storable(Args.notBlank(folder, "folder"), "folder");
      Args.notNull(content, "content");
    }

    @Override
    public OperationKind kind() {
      return OperationKind.REPLACE;
    }

    @Override
    public String destination() {
      return folder;
    }

    @Override
    public String payload() {
      return content.encode();
    }

    @Override
    public Operation withMessage(MessageRef newLocation) {
      return new Replace(newLocation, folder, content);
    }

    static Operation decode(
        MessageRef message, @Nullable String destination, @Nullable String payload) {
      // The destination is the new version's folder: the constructor names it so.
      return new Replace(message, Args.notNull(destination, "folder"), NewMessage.decode(payload));
    }
  }

  /** Refuses a reference to a folder where an operation needs a message. */
  private static void requireMessage(MessageRef message) {
    if (Args.notNull(message, "message").isFolderOnly()) {
      throw new IllegalArgumentException(
          "message: " + message + " names a folder, not a message in it");
    }
  }
}
