package io.github.ferrymail.imap.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * UID sets as IMAP writes them: compressed into ranges ({@code 1:500,502}) and split into chunks
 * whose text stays under a length limit, because servers refuse over-long arguments.
 */
public final class UidSets {
  /** The largest UID IMAP allows (32 bits unsigned). */
  public static final long MAX_UID = 0xFFFF_FFFFL;

  private UidSets() {}

  /**
   * Validates a collection of UIDs and returns it sorted and without duplicates.
   *
   * @param uids the UIDs
   * @param name the argument's name for messages
   * @return a sorted copy
   * @throws IllegalArgumentException when empty or a UID is not in 1..2^32-1
   * @throws NullPointerException when the collection or an element is null
   */
  public static SortedSet<Long> validate(@Nullable Collection<Long> uids, String name) {
    if (uids == null) {
      throw new NullPointerException(name + " == null");
    }
    if (uids.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    SortedSet<Long> sorted = new TreeSet<>();
    for (Long uid : uids) {
      if (uid == null) {
        throw new NullPointerException(name + " contains null");
      }
      if (uid <= 0 || uid > MAX_UID) {
        throw new IllegalArgumentException(name + " must hold UIDs from 1 to 2^32-1: " + uid);
      }
      sorted.add(uid);
    }
    return Collections.unmodifiableSortedSet(sorted);
  }

  /**
   * Writes a UID set compactly: consecutive UIDs become ranges.
   *
   * @param uids sorted UIDs, not empty
   * @return for example {@code 1:500,502,510:900}
   */
  public static String compress(SortedSet<Long> uids) {
    StringBuilder out = new StringBuilder();
    for (long[] range : ranges(uids)) {
      appendRange(out, range);
    }
    return out.toString();
  }

  /**
   * Splits a UID set into chunks whose compressed text is at most {@code maxLength} characters.
   *
   * @param uids sorted UIDs, not empty
   * @param maxLength the limit per chunk, at least 21 (one range of two 10-digit UIDs)
   * @return the chunks, in UID order
   */
  public static List<SortedSet<Long>> chunk(SortedSet<Long> uids, int maxLength) {
    if (maxLength < 21) {
      throw new IllegalArgumentException("maxLength must be at least 21: " + maxLength);
    }
    List<SortedSet<Long>> chunks = new ArrayList<>();
    SortedSet<Long> current = new TreeSet<>();
    int length = 0;
    for (long[] range : ranges(uids)) {
      StringBuilder text = new StringBuilder();
      appendRange(text, range);
      int added = length == 0 ? text.length() : text.length() + 1; // a comma between ranges
      if (length > 0 && length + added > maxLength) {
        chunks.add(current);
        current = new TreeSet<>();
        length = 0;
        added = text.length();
      }
      for (long uid = range[0]; uid <= range[1]; uid++) {
        current.add(uid);
      }
      length += added;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  /**
   * Expands a set written by a server (as in COPYUID), keeping the written order; {@code 7:4}
   * counts as {@code 4:7}.
   *
   * @param set for example {@code 4:7,9}
   * @param max the most UIDs the set may hold: a server's set is counted before it is expanded, so
   *     that {@code 1:4294967295} costs nothing
   * @return the UIDs in order
   * @throws IllegalArgumentException when it does not parse, holds a UID outside 1 to 2^32-1, or
   *     holds more than {@code max} UIDs
   */
  public static List<Long> expand(String set, int max) {
    List<long[]> ranges = new ArrayList<>();
    long total = 0;
    for (String part : set.trim().split(",", -1)) {
      try {
        int colon = part.indexOf(':');
        long a = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
        long b = colon < 0 ? a : Long.parseLong(part.substring(colon + 1));
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        if (lo < 1 || hi > MAX_UID) {
          throw new IllegalArgumentException("UID out of range in '" + set + "'");
        }
        total += hi - lo + 1;
        if (total > max) {
          throw new IllegalArgumentException(
              "UID set '" + set + "' holds more than the " + max + " UIDs asked for");
        }
        ranges.add(new long[] {lo, hi});
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a UID set: '" + set + "'", e);
      }
    }
    List<Long> out = new ArrayList<>((int) total);
    for (long[] range : ranges) {
      for (long uid = range[0]; uid <= range[1]; uid++) {
        out.add(uid);
      }
    }
    return out;
  }

  private static List<long[]> ranges(SortedSet<Long> uids) {
    List<long[]> ranges = new ArrayList<>();
    long start = -1;
    long end = -1;
    for (long uid : uids) {
      if (start < 0) {
        start = uid;
        end = uid;
      } else if (uid == end + 1) {
        end = uid;
      } else {
        ranges.add(new long[] {start, end});
        start = uid;
        end = uid;
      }
    }
    if (start >= 0) {
      ranges.add(new long[] {start, end});
    }
    return ranges;
  }

  private static void appendRange(StringBuilder out, long[] range) {
    if (out.length() > 0) {
      out.append(',');
    }
    out.append(range[0]);
    if (range[1] != range[0]) {
      out.append(':').append(range[1]);
    }
  }
}
