package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flags to set or clear on messages: {@code \Seen}, {@code \Flagged} and keywords, for {@link
 * AtomicImapSession#addFlags} and {@link AtomicImapSession#removeFlags}. {@link
 * io.github.ferrymail.core.FlagDelta} with {@link AtomicImapSession#changeFlags} is the general
 * form (every system flag, adding and removing in one call); this is the one-sided shorthand.
 *
 * @param seen whether {@code \Seen} is included
 * @param flagged whether {@code \Flagged} is included
 * @param keywords user keywords (IMAP atoms, for example {@code $Important}); may be empty
 */
public record MessageFlags(boolean seen, boolean flagged, Set<String> keywords) {

  /** Just {@code \Seen}. */
  public static final MessageFlags SEEN = new MessageFlags(true, false, Set.of());

  /** Just {@code \Flagged}. */
  public static final MessageFlags FLAGGED = new MessageFlags(false, true, Set.of());

  /** Validates that something is included and that every keyword is an IMAP atom. */
  public MessageFlags {
    Args.notNull(keywords, "keywords");
    Set<String> copy = new TreeSet<>();
    for (String k : keywords) {
      Args.notBlank(k, "keyword");
      for (int i = 0; i < k.length(); i++) {
        char c = k.charAt(i);
        if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
          throw new IllegalArgumentException("keyword is not an IMAP atom: '" + k + "'");
        }
      }
      copy.add(k);
    }
    keywords = Collections.unmodifiableSet(copy);
    if (!seen && !flagged && keywords.isEmpty()) {
      throw new IllegalArgumentException("flags must include at least one flag or keyword");
    }
  }

  /**
   * Only keywords.
   *
   * @param keywords the keywords
   * @return the flags
   */
  public static MessageFlags keywords(String... keywords) {
    return new MessageFlags(false, false, Set.of(Args.notNull(keywords, "keywords")));
  }

  /**
   * The parenthesised flag list of a STORE command, for example {@code (\Seen $Important)}.
   *
   * @return the list
   */
  public String toImapList() {
    List<String> parts = new ArrayList<>();
    if (seen) {
      parts.add("\\Seen");
    }
    if (flagged) {
      parts.add("\\Flagged");
    }
    parts.addAll(keywords);
    return "(" + String.join(" ", parts) + ")";
  }
}
