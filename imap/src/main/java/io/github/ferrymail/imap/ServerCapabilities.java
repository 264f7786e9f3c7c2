package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the server announced after login, less the capabilities the account ignores. {@code
 * IMAP4rev2} (RFC 9051) implies MOVE and UIDPLUS.
 *
 * @param names the capability names, upper case
 */
public record ServerCapabilities(Set<String> names) {

  /** Normalises to upper case and copies. */
  public ServerCapabilities {
    Args.notNull(names, "names");
    Set<String> upper = new TreeSet<>();
    for (String n : names) {
      upper.add(Args.notBlank(n, "capability").toUpperCase(Locale.ROOT));
    }
    names = Collections.unmodifiableSet(upper);
  }

  /**
   * Whether the server announced a capability.
   *
   * @param name the capability, case-insensitive
   * @return true when announced and not ignored
   */
  public boolean has(String name) {
    return names.contains(name.toUpperCase(Locale.ROOT));
  }

  /**
   * Whether {@code UID MOVE} (RFC 6851) is available.
   *
   * @return true with MOVE or IMAP4rev2
   */
  public boolean move() {
    return has("MOVE") || has("IMAP4REV2");
  }

  /**
   * Whether {@code UID EXPUNGE} and COPYUID (RFC 4315) are available.
   *
   * @return true with UIDPLUS or IMAP4rev2
   */
  public boolean uidPlus() {
    return has("UIDPLUS") || has("IMAP4REV2");
  }

  /**
   * Whether folders carry SPECIAL-USE attributes (RFC 6154).
   *
   * @return true with SPECIAL-USE
   */
  public boolean specialUse() {
    return has("SPECIAL-USE");
  }

  /**
   * The move strategy these capabilities call for.
   *
   * @return the strategy
   */
  public MoveStrategy moveStrategy() {
    if (move()) {
      return MoveStrategy.UID_MOVE;
    }
    return uidPlus() ? MoveStrategy.COPY_UID_EXPUNGE : MoveStrategy.COPY_FLAG_DELETED;
  }

  /** How a session moves messages, by server capability. */
  public enum MoveStrategy {
    /** {@code UID MOVE}: atomic on the server. */
    UID_MOVE,
    /** {@code UID COPY}, {@code UID STORE +FLAGS.SILENT (\Deleted)}, {@code UID EXPUNGE}. */
    COPY_UID_EXPUNGE,
    /** {@code UID COPY} and {@code \Deleted}, then the {@link NoUidPlusPolicy}. */
    COPY_FLAG_DELETED
  }
}
