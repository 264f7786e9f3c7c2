package io.github.ferrymail.imap.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every {@code COPYUID} response code (RFC 4315) of a command's responses, untagged (as
 * {@code UID MOVE} sends them, one per batch the server made) and the command's own tagged one (as
 * {@code UID COPY} does), into one map from source UID to destination UID.
 *
 * <p>A server's word is checked before it names a message: a tagged response carrying another tag
 * (a command never sent) is not read; a set is expanded only up to the number of UIDs the command
 * asked for, so that {@code 1:4294967295} cannot fill the heap; and {@link #trusted} drops the
 * whole map when it names a UID not asked for, a destination twice, a source with two destinations,
 * or, in the same UIDVALIDITY, a destination below the UIDNEXT seen before the command (a new
 * message's UID is never lower). The copies are then found by Message-ID instead.
 */
final class CopyUids {
  private static final Logger LOG = LoggerFactory.getLogger(CopyUids.class);
  private static final Pattern COPYUID =
      Pattern.compile(
          "\\[COPYUID\\s+(\\d+)\\s+([0-9:,]+)\\s+([0-9:,]+)\\]", Pattern.CASE_INSENSITIVE);

  /**
   * What the responses said.
   *
   * @param destinationUidValidity the UIDVALIDITY of the last code read, 0 when none was
   * @param map source UID to destination UID, in the order read
   * @param conflicting whether a source UID was given two different destinations
   */
  record Parsed(long destinationUidValidity, Map<Long, Long> map, boolean conflicting) {}

  private CopyUids() {}

  /**
   * Reads the codes of one command's responses.
   *
   * @param responses all of them, the tagged status last
   * @param asked how many UIDs the command named: no set is expanded beyond it
   */
  static Parsed parse(Response[] responses, int asked) {
    Map<Long, Long> map = new LinkedHashMap<>();
    long uidValidity = 0;
    boolean conflicting = false;
    for (int i = 0; i < responses.length; i++) {
      Response r = responses[i];
      if (r == null || (r.isTagged() && i != responses.length - 1)) {
        continue; // a tagged response before our own answers a command we never sent
      }
      Matcher m = COPYUID.matcher(r.toString());
      while (m.find()) {
        try {
          long validity = Long.parseLong(m.group(1));
          for (Map.Entry<Long, Long> e : pair(m.group(2), m.group(3), asked).entrySet()) {
            Long before = map.put(e.getKey(), e.getValue());
            conflicting |= before != null && !before.equals(e.getValue());
          }
          uidValidity = validity;
        } catch (IllegalArgumentException e) {
          // A malformed code only costs the cheap path: the copies are then found by Message-ID.
          LOG.warn("Ignoring malformed COPYUID in '{}': {}", r, e.getMessage());
        }
      }
    }
    return new Parsed(uidValidity, map, conflicting);
  }

  /**
   * The pairs of a command that may be believed, or an empty map when any of them is impossible.
   *
   * @param parsed what {@link #parse} read
   * @param asked the UIDs the command named
   * @param uidNext the destination's UIDNEXT before the command
   * @param uidValidity the destination's UIDVALIDITY before the command
   */
  static Map<Long, Long> trusted(Parsed parsed, Set<Long> asked, long uidNext, long uidValidity) {
    Map<Long, Long> map = parsed.map();
    String doubt = null;
    if (parsed.conflicting()) {
      doubt = "a source UID with two destinations";
    } else if (!asked.containsAll(map.keySet())) {
      doubt = "source UIDs that were not asked for";
    } else if (new HashSet<>(map.values()).size() != map.size()) {
      doubt = "a destination UID given twice";
    } else if (parsed.destinationUidValidity() == uidValidity
        && map.values().stream().anyMatch(to -> to < uidNext || to > UidSets.MAX_UID)) {
      doubt = "destination UIDs below the UIDNEXT " + uidNext + " seen before the command";
    }
    if (doubt != null) {
      LOG.warn("Not believing the server's COPYUID {}: it names {}", map, doubt);
      return Map.of();
    }
    return map;
  }

  /**
   * Pairs a source set with a destination set of the same size.
   *
   * @param max the most UIDs either set may hold
   */
  static Map<Long, Long> pair(String sourceSet, String destinationSet, int max) {
    List<Long> from = UidSets.expand(sourceSet, max);
    List<Long> to = UidSets.expand(destinationSet, max);
    if (from.size() != to.size()) {
      throw new IllegalArgumentException(
          "COPYUID sets differ in size: " + sourceSet + " vs " + destinationSet);
    }
    Map<Long, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < from.size(); i++) {
      map.put(from.get(i), to.get(i));
    }
    return map;
  }
}
