package io.github.ferrymail.imap.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the copies of messages among the messages that arrived in a folder after a recorded
 * UIDNEXT, without COPYUID: by Message-ID, cross-checked by size and internal date where known.
 *
 * <p>Messages that look alike (the same Message-ID, or none, and the same size and date) form a
 * group. A server copies in UID order, so when a group has exactly as many candidates as it seeks,
 * they are paired in UID order. With more candidates than sought (another client delivered a
 * look-alike) the copies evidently exist but which is which is uncertain; with fewer, none of the
 * group is claimed, since it cannot be told which ones were copied.
 */
final class CopyLocator {

  /** What was found. */
  record Located(Map<Long, Long> newUids, Set<Long> presentUnknownUid) {
    boolean found(long sourceUid) {
      return newUids.containsKey(sourceUid) || presentUnknownUid.contains(sourceUid);
    }
  }

  private CopyLocator() {}

  /**
   * Matches sought messages to candidates.
   *
   * @param sought what to find, by source UID
   * @param candidates messages in the destination at or above the recorded UIDNEXT, not yet claimed
   * @return new UIDs by source UID, and source UIDs whose copy exists at an uncertain UID
   */
  static Located locate(Map<Long, MessageMeta> sought, Map<Long, MessageMeta> candidates) {
    List<List<MessageMeta>> groups = new ArrayList<>();
    for (MessageMeta m : new TreeMap<>(sought).values()) {
      List<MessageMeta> group = null;
      for (List<MessageMeta> g : groups) {
        MessageMeta first = g.get(0);
        if (first.looksLikeCopy(m) && m.looksLikeCopy(first)) {
          group = g;
          break;
        }
      }
      if (group == null) {
        group = new ArrayList<>();
        groups.add(group);
      }
      group.add(m);
    }
    Map<Long, Long> newUids = new LinkedHashMap<>();
    Set<Long> uncertain = new TreeSet<>();
    Set<Long> claimed = new HashSet<>();
    for (List<MessageMeta> group : groups) {
      MessageMeta first = group.get(0);
      List<MessageMeta> matches = new ArrayList<>();
      for (MessageMeta c : candidates.values()) {
        if (!claimed.contains(c.uid()) && first.looksLikeCopy(c)) {
          matches.add(c);
        }
      }
      matches.sort(Comparator.comparingLong(MessageMeta::uid));
      if (matches.size() == group.size()) {
        for (int i = 0; i < group.size(); i++) {
          newUids.put(group.get(i).uid(), matches.get(i).uid());
          claimed.add(matches.get(i).uid());
        }
      } else if (matches.size() > group.size()) {
        for (MessageMeta m : group) {
          uncertain.add(m.uid());
        }
      }
    }
    return new Located(newUids, uncertain);
  }
}
