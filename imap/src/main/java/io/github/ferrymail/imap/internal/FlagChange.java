package io.github.ferrymail.imap.internal;

import io.github.ferrymail.imap.FlagResult;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Sets or clears flags on a UID set of the selected folder with one {@code UID STORE} per chunk,
 * and learns which UIDs exist from the server's replies instead of asking first.
 *
 * <p>Without {@code .SILENT} the server answers with an untagged {@code FETCH (UID .. FLAGS ..)}
 * for each message whose flags it changed (RFC 9051 §6.4.6); some servers (GreenMail) also name the
 * messages whose flags were already as wished, others (Dovecot) do not. A UID the replies did not
 * name is therefore either a message already in the wished state or a missing one: only those UIDs
 * are looked up, with a {@code UID SEARCH} after the stores. When every message changed, as when
 * marking unread mail read, no search is sent at all.
 */
final class FlagChange {
  private final ImapWire wire;
  private final int maxUidSetLength;

  FlagChange(ImapWire wire, int maxUidSetLength) {
    this.wire = wire;
    this.maxUidSetLength = maxUidSetLength;
  }

  /** Applies the change to the selected folder, which the UIDs belong to. */
  FlagResult apply(
      String folder, long uidValidity, SortedSet<Long> uids, boolean add, String flagList) {
    SortedSet<Long> present = new TreeSet<>();
    for (SortedSet<Long> chunk : UidSets.chunk(uids, maxUidSetLength)) {
      SortedSet<Long> named = wire.storeReporting(UidSets.compress(chunk), add, flagList);
      named.retainAll(chunk); // an unsolicited FETCH may name a message we did not touch
      present.addAll(named);
    }
    SortedSet<Long> unnamed = new TreeSet<>(uids);
    unnamed.removeAll(present);
    if (!unnamed.isEmpty()) {
      // The STORE reached them if they exist, so whoever exists has the wished flags now.
      present.addAll(wire.existing(unnamed, maxUidSetLength));
    }
    SortedSet<Long> missing = new TreeSet<>(uids);
    missing.removeAll(present);
    return new FlagResult(folder, uidValidity, present, missing);
  }
}
