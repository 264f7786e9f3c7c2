package io.github.ferrymail.imap.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every {@code COPYUID} response code (RFC 4315) of a command's responses, untagged (as
 * {@code UID MOVE} sends them, one per batch the server made) and tagged (as {@code UID COPY}
 * does), into one map from source UID to destination UID.
 */
final class CopyUids {
  private static final Logger LOG = LoggerFactory.getLogger(CopyUids.class);
  private static final Pattern COPYUID =
      Pattern.compile(
          "\\[COPYUID\\s+(\\d+)\\s+([0-9:,]+)\\s+([0-9:,]+)\\]", Pattern.CASE_INSENSITIVE);

  /** What the responses said. */
  record Parsed(long destinationUidValidity, Map<Long, Long> map) {}

  private CopyUids() {}

  static Parsed parse(Response[] responses) {
    Map<Long, Long> map = new LinkedHashMap<>();
    long uidValidity = 0;
    for (Response r : responses) {
      if (r == null) {
        continue;
      }
      Matcher m = COPYUID.matcher(r.toString());
      while (m.find()) {
        try {
          uidValidity = Long.parseLong(m.group(1));
          map.putAll(pair(m.group(2), m.group(3)));
        } catch (IllegalArgumentException e) {
          // A malformed code only costs the cheap path: the copies are then found by Message-ID.
          LOG.warn("Ignoring malformed COPYUID in '{}': {}", r, e.getMessage());
        }
      }
    }
    return new Parsed(uidValidity, map);
  }

  static Map<Long, Long> pair(String sourceSet, String destinationSet) {
    List<Long> from = UidSets.expand(sourceSet);
    List<Long> to = UidSets.expand(destinationSet);
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
