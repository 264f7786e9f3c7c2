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
    return apply(folder, uids, delta, null);
  }

  /**
   * Applies the change; with {@code unchangedSince}, only to messages nobody changed since that
   * MODSEQ (CONDSTORE). The first STORE of each chunk carries the check; the second (a delta that
   * adds and removes) goes, without it, to the messages that passed it: their MODSEQ has just moved
   * by our own first STORE, so the same check would refuse them all.
   */
  FlagResult apply(
      SelectedFolder folder, SortedSet<Long> uids, FlagDelta delta, @Nullable Long unchangedSince) {
    refuseUnstorableKeywords(folder, delta);
    @Nullable String added = storeList(delta.add());
    @Nullable String removed = storeList(delta.remove());
    SortedSet<Long> present = new TreeSet<>();
    SortedSet<Long> modified = new TreeSet<>();
    for (SortedSet<Long> chunk : UidSets.chunk(uids, maxUidSetLength)) {
      SortedSet<Long> named = new TreeSet<>();
      SortedSet<Long> passed = chunk;
      boolean first = true;
      for (boolean add : new boolean[] {true, false}) {
        @Nullable String list = add ? added : removed;
        if (list == null || passed.isEmpty()) {
          continue;
        }
        String set = UidSets.compress(passed);
        if (first && unchangedSince != null) {
          SortedSet<Long> refused = new TreeSet<>();
          named.addAll(
              wire.storeUnchangedSince(set, add, list, unchangedSince, passed.size(), refused));
          refused.retainAll(chunk);
          modified.addAll(refused);
          passed = new TreeSet<>(chunk);
          passed.removeAll(refused);
        } else {
          named.addAll(wire.storeReporting(set, add, list));
        }
        first = false;
      }
      named.retainAll(chunk); // an unsolicited FETCH may name a message we did not touch
      present.addAll(named);
    }
    present.removeAll(modified);
    SortedSet<Long> unnamed = new TreeSet<>(uids);
    unnamed.removeAll(present);
    unnamed.removeAll(modified);
    if (!unnamed.isEmpty()) {
      // The STOREs reached them if they exist, so whoever exists has the wished flags now.
      present.addAll(wire.existing(unnamed, maxUidSetLength));
    }
    SortedSet<Long> missing = new TreeSet<>(uids);
    missing.removeAll(present);
    missing.removeAll(modified);
    return new FlagResult(folder.name(), folder.uidValidity(), present, missing, modified);
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
