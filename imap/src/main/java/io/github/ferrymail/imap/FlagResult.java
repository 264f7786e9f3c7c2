package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of setting or clearing flags on a UID set.
 *
 * @param folder the folder
 * @param uidValidity its UIDVALIDITY
 * @param applied UIDs that exist and now have the wished flags (including those that had them)
 * @param missing UIDs no longer in the folder
 * @param modified UIDs a conditional change ({@code UNCHANGEDSINCE}) left alone because someone
 *     changed them on the server since the given MODSEQ; empty for an unconditional change
 */
public record FlagResult(
    String folder, long uidValidity, Set<Long> applied, Set<Long> missing, Set<Long> modified) {
  /** Validates and copies. */
  public FlagResult {
    Args.notBlank(folder, "folder");
    applied = Collections.unmodifiableSet(new TreeSet<>(Args.notNull(applied, "applied")));
    missing = Collections.unmodifiableSet(new TreeSet<>(Args.notNull(missing, "missing")));
    modified = Collections.unmodifiableSet(new TreeSet<>(Args.notNull(modified, "modified")));
  }

  /**
   * The outcome of an unconditional change.
   *
   * @param folder the folder
   * @param uidValidity its UIDVALIDITY
   * @param applied UIDs that exist and now have the wished flags
   * @param missing UIDs no longer in the folder
   */
  public FlagResult(String folder, long uidValidity, Set<Long> applied, Set<Long> missing) {
    this(folder, uidValidity, applied, missing, Set.of());
  }
}
