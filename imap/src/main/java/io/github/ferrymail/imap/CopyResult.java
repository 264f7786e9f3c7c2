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
 * The outcome of a copy: where every message's copy is. The originals stay where they were.
 *
 * @param sourceFolder the folder the originals are in
 * @param sourceUidValidity its UIDVALIDITY
 * @param destinationFolder the folder the copies are in
 * @param destinationUidValidity its UIDVALIDITY, or 0 when nothing was copied
 * @param copyUids the copy's UID in the destination, by source UID, for every copied message whose
 *     copy's UID is known (from COPYUID, else from a Message-ID search)
 * @param copiedUnknownUid source UIDs that were copied but whose copy's UID could not be learned
 *     (no COPYUID and no usable Message-ID)
 * @param missing source UIDs that were not in the source folder (and, after a cut, whose copy was
 *     not found in the destination either)
 */
public record CopyResult(
    String sourceFolder,
    long sourceUidValidity,
    String destinationFolder,
    long destinationUidValidity,
    Map<Long, Long> copyUids,
    Set<Long> copiedUnknownUid,
    Set<Long> missing) {

  /** Validates and copies. */
  public CopyResult {
    Args.notBlank(sourceFolder, "sourceFolder");
    Args.notBlank(destinationFolder, "destinationFolder");
    copyUids = Collections.unmodifiableMap(new TreeMap<>(Args.notNull(copyUids, "copyUids")));
    copiedUnknownUid =
        Collections.unmodifiableSet(
            new TreeSet<>(Args.notNull(copiedUnknownUid, "copiedUnknownUid")));
    missing = Collections.unmodifiableSet(new TreeSet<>(Args.notNull(missing, "missing")));
  }

  /**
   * Whether the message with this source UID has a copy in the destination now.
   *
   * @param sourceUid its UID in the source folder
   * @return true when copied (the copy's UID known or not)
   */
  public boolean copied(long sourceUid) {
    return copyUids.containsKey(sourceUid) || copiedUnknownUid.contains(sourceUid);
  }

  /**
   * The copy's location as a {@link MessageRef}.
   *
   * @param account the account key to put in the reference
   * @param sourceUid the original's UID in the source folder
   * @param messageId the Message-ID (the copy's is the original's), if known
   * @return the copy's location, or empty when not copied or its UID is unknown
   */
  public Optional<MessageRef> copyLocation(
      String account, long sourceUid, @Nullable String messageId) {
    Long uid = copyUids.get(sourceUid);
    return uid == null
        ? Optional.empty()
        : Optional.of(
            new MessageRef(account, destinationFolder, destinationUidValidity, uid, messageId));
  }
}
