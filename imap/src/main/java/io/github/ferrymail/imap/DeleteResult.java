package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of a permanent delete.
 *
 * @param folder the folder
 * @param uidValidity its UIDVALIDITY
 * @param deleted UIDs expunged now
 * @param flaggedOnly UIDs flagged {@code \Deleted} but left in place because the server lacks
 *     UIDPLUS and the policy is {@link NoUidPlusPolicy#LEAVE_DELETED_FLAG}
 * @param missing UIDs that were not in the folder (already deleted: the wished state)
 */
public record DeleteResult(
    String folder, long uidValidity, Set<Long> deleted, Set<Long> flaggedOnly, Set<Long> missing) {
  /** Validates and copies. */
  public DeleteResult {
    Args.notBlank(folder, "folder");
    deleted = Collections.unmodifiableSet(new TreeSet<>(Args.notNull(deleted, "deleted")));
    flaggedOnly =
        Collections.unmodifiableSet(new TreeSet<>(Args.notNull(flaggedOnly, "flaggedOnly")));
    missing = Collections.unmodifiableSet(new TreeSet<>(Args.notNull(missing, "missing")));
  }
}
