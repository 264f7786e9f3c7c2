package io.github.ferrymail.imap;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.internal.Args;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a move (also move to trash and restore): where every message went.
 *
 * @param sourceFolder the folder the messages left
 * @param sourceUidValidity its UIDVALIDITY
 * @param destinationFolder the folder they are in now
 * @param destinationUidValidity its UIDVALIDITY, or 0 when nothing was moved and it was not asked
 * @param newUids the new UID in the destination, by source UID, for every moved message whose new
 *     UID is known (from COPYUID, else from a Message-ID search)
 * @param movedUnknownUid source UIDs that were moved but whose new UID could not be learned (no
 *     COPYUID and no usable Message-ID)
 * @param missing source UIDs that were not in the source folder and not found in the destination
 * @param leftDeletedInSource source UIDs copied and flagged {@code \Deleted} but not expunged
 *     (server without UIDPLUS, policy {@link NoUidPlusPolicy#LEAVE_DELETED_FLAG})
 */
public record MoveResult(
    String sourceFolder,
    long sourceUidValidity,
    String destinationFolder,
    long destinationUidValidity,
    Map<Long, Long> newUids,
    Set<Long> movedUnknownUid,
    Set<Long> missing,
    Set<Long> leftDeletedInSource) {

  /** Validates and copies. */
  public MoveResult {
    Args.notBlank(sourceFolder, "sourceFolder");
    Args.notBlank(destinationFolder, "destinationFolder");
    newUids = Collections.unmodifiableMap(new TreeMap<>(Args.notNull(newUids, "newUids")));
    movedUnknownUid =
        Collections.unmodifiableSet(
            new TreeSet<>(Args.notNull(movedUnknownUid, "movedUnknownUid")));
    missing = Collections.unmodifiableSet(new TreeSet<>(Args.notNull(missing, "missing")));
    leftDeletedInSource =
        Collections.unmodifiableSet(
            new TreeSet<>(Args.notNull(leftDeletedInSource, "leftDeletedInSource")));
  }

  /**
   * Whether the message with this source UID is now in the destination.
   *
   * @param sourceUid the UID it had in the source folder
   * @return true when moved (new UID known or not)
   */
  public boolean moved(long sourceUid) {
    return newUids.containsKey(sourceUid) || movedUnknownUid.contains(sourceUid);
  }

  /**
   * The new UID of a moved message.
   *
   * @param sourceUid the UID it had in the source folder
   * @return the new UID, or empty when not moved or unknown
   */
  public Optional<Long> newUid(long sourceUid) {
    return Optional.ofNullable(newUids.get(sourceUid));
  }

  /**
   * The new location of a moved message as a {@link MessageRef}.
   *
   * @param account the account key to put in the reference
   * @param sourceUid the UID it had in the source folder
   * @param messageId its Message-ID, if known
   * @return the new location, or empty when not moved or its UID is unknown
   */
  public Optional<MessageRef> newLocation(
      String account, long sourceUid, @Nullable String messageId) {
    Long uid = newUids.get(sourceUid);
    return uid == null
        ? Optional.empty()
        : Optional.of(
            new MessageRef(account, destinationFolder, destinationUidValidity, uid, messageId));
  }
}
