package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.imap.FlagResult;
import io.github.ferrymail.imap.ImapOperationException;
import io.github.ferrymail.imap.SelectedFolder;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Applies a {@link FlagDelta} to a UID set of the selected folder: per chunk one {@code UID STORE
 * +FLAGS} for what is added and one {@code UID STORE -FLAGS} for what is removed (never a {@code
 * FLAGS} replacement, which would clobber other clients' flags), and learns which UIDs exist from
 * the server's replies instead of asking first.
 *
 * <p>Without {@code .SILENT} the server answers with an untagged {@code FETCH (UID .. FLAGS ..)}
 * for each message whose flags it changed (RFC 9051 §6.4.6); some servers (GreenMail) also name the
 * messages whose flags were already as wished, others (Dovecot) do not. A UID the replies did not
 * name is therefore either a message already in the wished state or a missing one: only those UIDs
 * are looked up, with a {@code UID SEARCH} after the stores. When every message changed, as when
 * marking unread mail read, no search is sent at all.
 *
 * <p>Before anything is sent, every keyword the delta adds must be one the folder stores (its
 * {@code PERMANENTFLAGS} from SELECT): otherwise the server would drop it, or keep it for the
 * session only, while the queue recorded success.
 */
final class FlagChange {
  private final ImapWire wire;
  private final int maxUidSetLength;

  FlagChange(ImapWire wire, int maxUidSetLength) {
    this.wire = wire;
    this.maxUidSetLength = maxUidSetLength;
  }

  /** Applies the change to the selected folder, which the UIDs belong to. */
  FlagResult apply(SelectedFolder folder, SortedSet<Long> uids, FlagDelta delta) {
    refuseUnstorableKeywords(folder, delta);
    @Nullable String added = storeList(delta.add());
    @Nullable String removed = storeList(delta.remove());
    SortedSet<Long> present = new TreeSet<>();
    for (SortedSet<Long> chunk : UidSets.chunk(uids, maxUidSetLength)) {
      String set = UidSets.compress(chunk);
      SortedSet<Long> named = new TreeSet<>();
      if (added != null) {
        named.addAll(wire.storeReporting(set, true, added));
      }
      if (removed != null) {
        named.addAll(wire.storeReporting(set, false, removed));
      }
      named.retainAll(chunk); // an unsolicited FETCH may name a message we did not touch
      present.addAll(named);
    }
    SortedSet<Long> unnamed = new TreeSet<>(uids);
    unnamed.removeAll(present);
    if (!unnamed.isEmpty()) {
      // The STOREs reached them if they exist, so whoever exists has the wished flags now.
      present.addAll(wire.existing(unnamed, maxUidSetLength));
    }
    SortedSet<Long> missing = new TreeSet<>(uids);
    missing.removeAll(present);
    return new FlagResult(folder.name(), folder.uidValidity(), present, missing);
  }

  private static void refuseUnstorableKeywords(SelectedFolder folder, FlagDelta delta) {
    for (String keyword : delta.addedKeywords()) {
      if (!folder.storesKeyword(keyword)) {
        throw new ImapOperationException(
            FailureReason.KEYWORD_NOT_STORABLE,
            "folder '"
                + folder.name()
                + "' cannot store the keyword '"
                + keyword
                + "': its PERMANENTFLAGS "
                + list(Objects.requireNonNull(folder.permanentFlags()))
                + " neither list it nor allow new keywords (\\*); nothing was changed",
            null,
            null);
      }
    }
  }

  /** The parenthesised flag list of a STORE, or null when there is nothing to store. */
  private static @Nullable String storeList(Set<String> flags) {
    return flags.isEmpty() ? null : list(flags);
  }

  private static String list(Set<String> flags) {
    return "(" + String.join(" ", flags) + ")";
  }
}
