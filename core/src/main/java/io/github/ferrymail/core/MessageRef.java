package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import org.jspecify.annotations.Nullable;

/**
 * Where a message lives on the IMAP server: account, folder, the folder's UIDVALIDITY and the
 * message's UID, plus its {@code Message-ID} header when known (used to find it again after a copy
 * on servers without UIDPLUS, and to recognise copies already made after a dropped connection).
 *
 * <p>Within the queue, {@code (account, folder, uidValidity, uid)} identifies a message: every
 * operation queued for a message names the location the application last knew for it, and after a
 * move completes the queue re-points later operations at the new location (see {@link
 * io.github.ferrymail.core.spi.PendingOperationStore#remap}).
 *
 * <p>A reference can also name a folder itself rather than a message in it ({@link #folderOnly}):
 * UIDVALIDITY and UID are then both 0. Folder operations ({@link Operation#createFolder} and the
 * like) name their folder that way; message operations refuse such a reference.
 *
 * <p>Text fields must not contain NUL characters or unpaired surrogates: no IMAP server or
 * supported database holds them unchanged, and a name changed on the way would name another folder.
 * Stores may bound lengths further (the JDBC store: 255 characters for the account, 1,000 for the
 * folder and the Message-ID).
 *
 * @param account the application's opaque account key (never a credential)
 * @param folder the full folder name as the server spells it, for example {@code "INBOX"} or {@code
 *     "Archive/2026"}
 * @param uidValidity the folder's UIDVALIDITY (RFC 9051), positive; 0 (with a UID of 0) for a
 *     reference to the folder itself
 * @param uid the message's UID in that folder, positive; 0 (with a UIDVALIDITY of 0) for a
 *     reference to the folder itself
 * @param messageId the {@code Message-ID} header, or null when unknown
 */
public record MessageRef(
    String account, String folder, long uidValidity, long uid, @Nullable String messageId) {

  /** Validates every field; see the class description. */
  public MessageRef {
    Args.storable(Args.notBlank(account, "account"), "account");
    Args.storable(Args.notBlank(folder, "folder"), "folder");
    Args.storable(messageId, "messageId");
    if (uidValidity != 0 || uid != 0) {
      Args.positive(uidValidity, "uidValidity");
      Args.positive(uid, "uid");
    }
    if (uid > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("uid must fit in 32 bits: " + uid);
    }
    if (uidValidity > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("uidValidity must fit in 32 bits: " + uidValidity);
    }
    if (messageId != null && messageId.isBlank()) {
      messageId = null;
    }
  }

  /**
   * A reference without a Message-ID.
   *
   * @param account the account key
   * @param folder the folder name
   * @param uidValidity the folder's UIDVALIDITY
   * @param uid the message's UID
   * @return the reference
   */
  public static MessageRef of(String account, String folder, long uidValidity, long uid) {
    return new MessageRef(account, folder, uidValidity, uid, null);
  }

  /**
   * A reference to a folder itself, not to a message in it: what folder operations name.
   *
   * @param account the account key
   * @param folder the folder's full name
   * @return the reference, with UIDVALIDITY and UID 0
   */
  public static MessageRef folderOnly(String account, String folder) {
    return new MessageRef(account, folder, 0, 0, null);
  }

  /**
   * Whether this names a folder rather than a message in it ({@link #folderOnly}).
   *
   * @return true when UIDVALIDITY and UID are 0
   */
  public boolean isFolderOnly() {
    return uid == 0;
  }

  /**
   * The same message with its Message-ID.
   *
   * @param id the Message-ID header value
   * @return a new reference
   */
  public MessageRef withMessageId(@Nullable String id) {
    return new MessageRef(account, folder, uidValidity, uid, id);
  }

  /**
   * Whether both name the same message slot (account, folder, UIDVALIDITY, UID); the Message-ID is
   * ignored.
   *
   * @param other the other reference
   * @return true when they name the same message
   */
  public boolean sameMessage(MessageRef other) {
    return account.equals(other.account)
        && folder.equals(other.folder)
        && uidValidity == other.uidValidity
        && uid == other.uid;
  }

  /**
   * The identity key used by coalescing and ordering: account, folder, UIDVALIDITY and UID.
   *
   * @return a key with value equality
   */
  public Key key() {
    return new Key(account, folder, uidValidity, uid);
  }

  /**
   * The identity of a message slot, without the Message-ID.
   *
   * @param account the account key
   * @param folder the folder
   * @param uidValidity the UIDVALIDITY
   * @param uid the UID
   */
  public record Key(String account, String folder, long uidValidity, long uid) {}

  @Override
  public String toString() {
    if (isFolderOnly()) {
      return account + ":" + folder;
    }
    return account + ":" + folder + ";UIDVALIDITY=" + uidValidity + ";UID=" + uid;
  }
}
