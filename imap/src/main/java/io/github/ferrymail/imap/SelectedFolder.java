package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The folder a session has selected on its connection.
 *
 * @param name the folder's full name
 * @param uidValidity its UIDVALIDITY
 * @param uidNext its UIDNEXT when selected
 * @param readWrite whether it was opened read-write
 * @param permanentFlags the flags its {@code PERMANENTFLAGS} response listed when selected, as the
 *     server spelt them, {@code \*} included when it allows new keywords; null when the server sent
 *     no {@code PERMANENTFLAGS}, which RFC 9051 (7.1) says means every flag is permanent
 */
public record SelectedFolder(
    String name,
    long uidValidity,
    long uidNext,
    boolean readWrite,
    @Nullable Set<String> permanentFlags) {

  /** The {@code PERMANENTFLAGS} entry of a folder that lets clients create keywords. */
  public static final String NEW_KEYWORDS = "\\*";

  /** Validates and copies. */
  public SelectedFolder {
    Args.notBlank(name, "name");
    Args.positive(uidValidity, "uidValidity");
    Args.notNegative(uidNext, "uidNext");
    if (permanentFlags != null) {
      Set<String> copy = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (String flag : permanentFlags) {
        copy.add(Args.notNull(flag, "permanentFlags element"));
      }
      permanentFlags = Collections.unmodifiableSet(copy);
    }
  }

  /**
   * A folder whose {@code PERMANENTFLAGS} are not known (every flag is taken to be permanent).
   *
   * @param name the folder's full name
   * @param uidValidity its UIDVALIDITY
   * @param uidNext its UIDNEXT when selected
   * @param readWrite whether it was opened read-write
   */
  public SelectedFolder(String name, long uidValidity, long uidNext, boolean readWrite) {
    this(name, uidValidity, uidNext, readWrite, null);
  }

  /**
   * Whether a keyword set on a message of this folder is kept: its {@code PERMANENTFLAGS} list the
   * keyword (case ignored) or {@code \*}, or were not sent at all.
   *
   * @param keyword the keyword
   * @return true when the folder stores it
   */
  public boolean storesKeyword(String keyword) {
    Args.notNull(keyword, "keyword");
    return permanentFlags == null
        || permanentFlags.contains(NEW_KEYWORDS)
        || permanentFlags.contains(keyword);
  }
}
