package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A change to a message's flags: the flags to add and the flags to remove, system flags ({@code
 * \Seen}, {@code \Answered}, {@code \Flagged}, {@code \Draft}) and keywords ({@code $Junk}, {@code
 * Work}) alike. Flags the delta does not name are left as they are: Ferry sends {@code +FLAGS} and
 * {@code -FLAGS}, never a {@code FLAGS} replacement that would clobber other clients' flags.
 *
 * <pre>{@code
 * FlagDelta junk = FlagDelta.of(Set.of(FlagDelta.JUNK), Set.of(FlagDelta.NOT_JUNK));
 * FlagDelta label = FlagDelta.adding("$label1");
 * }</pre>
 *
 * <p>Rules, checked when the delta is made (an {@link IllegalArgumentException} names the field and
 * the flag):
 *
 * <ul>
 *   <li>A keyword is an IMAP atom (RFC 9051): printable ASCII without space, parentheses, an
 *       opening brace, {@code %}, {@code *}, a double quote, a backslash or {@code ]}.
 *   <li>System flags are written with a backslash; their case is normalised ({@code \seen} is
 *       {@code \Seen}). {@code \Deleted} is refused: a message flagged {@code \Deleted} is removed
 *       by any client's {@code EXPUNGE}, so setting it is a permanent delete without Ferry's scoped
 *       {@code UID EXPUNGE}; use {@link Operation#permanentDelete}. {@code \Recent} is the server's
 *       alone, and other backslash names are not flags.
 *   <li>IMAP compares flags without regard to case, so does the delta: a flag may appear once, in
 *       one of the two sets.
 *   <li>At least one flag is added or removed.
 * </ul>
 *
 * <p>Its {@linkplain #encode() stored form} is the sets as one line, for example {@code +\Seen
 * +$Junk -$NotJunk}.
 *
 * @param add the flags to add, sorted; may be empty
 * @param remove the flags to remove, sorted; may be empty
 */
public record FlagDelta(Set<String> add, Set<String> remove) {

  /** The system flag of a message that was read. */
  public static final String SEEN = "\\Seen";

  /** The system flag of a message that was answered. */
  public static final String ANSWERED = "\\Answered";

  /** The system flag of a message flagged for attention (a star, a flag). */
  public static final String FLAGGED = "\\Flagged";

  /** The system flag of a draft. */
  public static final String DRAFT = "\\Draft";

  /** The keyword of a message that was forwarded (RFC 5788 registry). */
  public static final String FORWARDED = "$Forwarded";

  /** The keyword of a message the user called junk (RFC 5788 registry). */
  public static final String JUNK = "$Junk";

  /** The keyword of a message the user called not junk (RFC 5788 registry). */
  public static final String NOT_JUNK = "$NotJunk";

  /** The keyword of a message whose read receipt was sent (RFC 3503). */
  public static final String MDN_SENT = "$MDNSent";

  /** The system flags a delta may add or remove. */
  public static final Set<String> SYSTEM_FLAGS = Set.of(SEEN, ANSWERED, FLAGGED, DRAFT);

  private static final String ATOM_SPECIALS = "(){%*\"\\]";

  /** Validates, normalises system flags' case and copies into sorted, unmodifiable sets. */
  public FlagDelta {
    Args.notNull(add, "add");
    Args.notNull(remove, "remove");
    Map<String, String> seen = new HashMap<>();
    add = checked(add, "add", seen);
    remove = checked(remove, "remove", seen);
    if (add.isEmpty() && remove.isEmpty()) {
      throw new IllegalArgumentException("flag delta must add or remove at least one flag");
    }
  }

  /**
   * A delta of both kinds.
   *
   * @param add the flags to add
   * @param remove the flags to remove
   * @return the delta
   */
  public static FlagDelta of(Collection<String> add, Collection<String> remove) {
    return new FlagDelta(copy(add, "add"), copy(remove, "remove"));
  }

  /**
   * Adds flags only.
   *
   * @param flags the flags, at least one
   * @return the delta
   */
  public static FlagDelta adding(String... flags) {
    return new FlagDelta(copy(Arrays.asList(Args.notNull(flags, "add")), "add"), Set.of());
  }

  /**
   * Removes flags only.
   *
   * @param flags the flags, at least one
   * @return the delta
   */
  public static FlagDelta removing(String... flags) {
    return new FlagDelta(Set.of(), copy(Arrays.asList(Args.notNull(flags, "remove")), "remove"));
  }

  /**
   * Reads a delta from its {@linkplain #encode() stored form}.
   *
   * @param encoded for example {@code +\Seen -$Junk}
   * @return the delta
   * @throws IllegalArgumentException naming what does not parse
   */
  public static FlagDelta parse(String encoded) {
    Args.notNull(encoded, "flag delta");
    List<String> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    for (String token : encoded.split(" ", -1)) {
      if (token.length() < 2 || (token.charAt(0) != '+' && token.charAt(0) != '-')) {
        throw new IllegalArgumentException(
            "flag delta '" + encoded + "' is malformed: '" + token + "' is not +flag or -flag");
      }
      (token.charAt(0) == '+' ? add : remove).add(token.substring(1));
    }
    try {
      return of(add, remove);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "flag delta '" + encoded + "' is malformed: " + e.getMessage(), e);
    }
  }

  /**
   * The stored form: every added flag with {@code +}, then every removed one with {@code -}, each
   * set sorted, separated by single spaces, for example {@code +$Junk -$NotJunk}. Flags never
   * contain a space, so the form is unambiguous; {@link #parse} reads it back.
   *
   * @return the encoded delta
   */
  public String encode() {
    List<String> tokens = new ArrayList<>(add.size() + remove.size());
    add.forEach(flag -> tokens.add("+" + flag));
    remove.forEach(flag -> tokens.add("-" + flag));
    return String.join(" ", tokens);
  }

  /**
   * What the delta wishes for each flag it names, keyed by the flag in lower case (IMAP flags are
   * case-insensitive): true to add, false to remove. Coalescing compares deltas with it.
   *
   * @return the wishes
   */
  public Map<String, Boolean> wishes() {
    Map<String, Boolean> wishes = new HashMap<>();
    add.forEach(flag -> wishes.put(key(flag), true));
    remove.forEach(flag -> wishes.put(key(flag), false));
    return Collections.unmodifiableMap(wishes);
  }

  /**
   * The keywords among the flags to add: the flags a folder may be unable to store.
   *
   * @return the added keywords, sorted
   */
  public SortedSet<String> addedKeywords() {
    SortedSet<String> keywords = new TreeSet<>();
    for (String flag : add) {
      if (!flag.startsWith("\\")) {
        keywords.add(flag);
      }
    }
    return Collections.unmodifiableSortedSet(keywords);
  }

  @Override
  public String toString() {
    return encode();
  }

  static String key(String flag) {
    return flag.toLowerCase(Locale.ROOT);
  }

  private static Set<String> copy(Collection<String> flags, String field) {
    Args.notNull(flags, field);
    // Insertion order and no null: names that differ in case only reach the constructor's check.
    Set<String> copy = new LinkedHashSet<>();
    for (String flag : flags) {
      copy.add(Args.notNull(flag, field + " element"));
    }
    return copy;
  }

  private static Set<String> checked(Set<String> flags, String field, Map<String, String> seen) {
    SortedSet<String> copy = new TreeSet<>();
    for (String flag : flags) {
      String checked = checkedFlag(Args.notNull(flag, field + " element"), field);
      String earlier = seen.putIfAbsent(key(checked), field);
      if (earlier != null) {
        throw new IllegalArgumentException(
            field
                + ": flag '"
                + flag
                + "' is named twice"
                + (earlier.equals(field) ? "" : " (in add and in remove)")
                + "; IMAP flags ignore case");
      }
      copy.add(checked);
    }
    return Collections.unmodifiableSortedSet(copy);
  }

  private static String checkedFlag(String flag, String field) {
    if (flag.isEmpty()) {
      throw new IllegalArgumentException(field + ": a flag must not be empty");
    }
    if (flag.startsWith("\\")) {
      for (String system : SYSTEM_FLAGS) {
        if (system.equalsIgnoreCase(flag)) {
          return system;
        }
      }
      if ("\\Deleted".equalsIgnoreCase(flag)) {
        throw new IllegalArgumentException(
            field
                + ": \\Deleted cannot be changed by a flag change: any client's EXPUNGE would then"
                + " delete the message for good; use Operation.permanentDelete, which expunges"
                + " exactly this message");
      }
      throw new IllegalArgumentException(
          field
              + ": '"
              + flag
              + "' is not a flag a client may set; system flags are "
              + String.join(", ", new TreeSet<>(SYSTEM_FLAGS))
              + ", and keywords do not start with a backslash");
    }
    for (int i = 0; i < flag.length(); i++) {
      char c = flag.charAt(i);
      if (c <= ' ' || c >= 0x7f || ATOM_SPECIALS.indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            field
                + ": keyword '"
                + flag
                + "' is not an IMAP atom (printable ASCII without space and ( ) { % * \" \\ ])");
      }
    }
    return flag;
  }
}
