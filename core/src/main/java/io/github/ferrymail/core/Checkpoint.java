package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an executor records before a step that is not idempotent (COPY, MOVE, APPEND), so that a
 * retry after a dropped connection can tell whether the step already happened and never copies a
 * message twice. Stores persist it with {@link #encode()} and read it back with {@link
 * #decode(String)}.
 *
 * @param sourceFolder the folder the messages are leaving
 * @param sourceUidValidity its UIDVALIDITY
 * @param destinationFolder the folder they are going to
 * @param destinationUidValidity its UIDVALIDITY when the step began
 * @param destinationUidNext its UIDNEXT when the step began: any copy has a UID at or above it
 * @param messageIds Message-ID header per source UID, for finding copies without COPYUID; may be
 *     empty
 */
public record Checkpoint(
    String sourceFolder,
    long sourceUidValidity,
    String destinationFolder,
    long destinationUidValidity,
    long destinationUidNext,
    Map<Long, String> messageIds) {

  private static final String VERSION = "v1";

  /** Validates and copies the map (sorted by UID). */
  public Checkpoint {
    Args.wellFormed(Args.notBlank(sourceFolder, "sourceFolder"), "sourceFolder");
    Args.positive(sourceUidValidity, "sourceUidValidity");
    Args.wellFormed(Args.notBlank(destinationFolder, "destinationFolder"), "destinationFolder");
    Args.positive(destinationUidValidity, "destinationUidValidity");
    Args.positive(destinationUidNext, "destinationUidNext");
    Args.notNull(messageIds, "messageIds");
    TreeMap<Long, String> copy = new TreeMap<>();
    messageIds.forEach(
        (uid, id) -> {
          Args.notNull(uid, "messageIds key");
          Args.positive(uid, "messageIds key");
          String name = "messageIds[" + uid + "]";
          copy.put(uid, Args.wellFormed(Args.notNull(id, name), name));
        });
    messageIds = Collections.unmodifiableMap(copy);
  }

  /**
   * Encodes to one line of printable ASCII, safe for any text column.
   *
   * @return the encoded form
   */
  public String encode() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("src", sourceFolder);
    fields.put("srcv", Long.toString(sourceUidValidity));
    fields.put("dst", destinationFolder);
    fields.put("dstv", Long.toString(destinationUidValidity));
    fields.put("next", Long.toString(destinationUidNext));
    StringBuilder ids = new StringBuilder();
    messageIds.forEach(
        (uid, id) -> {
          if (ids.length() > 0) {
            ids.append(',');
          }
          ids.append(uid).append(':').append(escape(id));
        });
    fields.put("ids", ids.toString());
    StringBuilder out = new StringBuilder(VERSION);
    fields.forEach((k, v) -> out.append('&').append(k).append('=').append(escape(v)));
    return out.toString();
  }

  /**
   * Decodes what {@link #encode()} wrote.
   *
   * @param encoded the stored text
   * @return the checkpoint
   * @throws IllegalArgumentException naming what does not parse
   */
  public static Checkpoint decode(String encoded) {
    Args.notBlank(encoded, "checkpoint");
    String[] parts = encoded.split("&", -1);
    if (!VERSION.equals(parts[0])) {
      throw new IllegalArgumentException("checkpoint: unknown version '" + parts[0] + "'");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("checkpoint: malformed field '" + parts[i] + "'");
      }
      fields.put(parts[i].substring(0, eq), unescape(parts[i].substring(eq + 1)));
    }
    try {
      Map<Long, String> ids = new TreeMap<>();
      String idList = field(fields, "ids");
      if (!idList.isEmpty()) {
        for (String entry : idList.split(",", -1)) {
          int colon = entry.indexOf(':');
          if (colon < 0) {
            throw new IllegalArgumentException("checkpoint: malformed ids entry '" + entry + "'");
          }
          ids.put(Long.parseLong(entry.substring(0, colon)), unescape(entry.substring(colon + 1)));
        }
      }
      return new Checkpoint(
          field(fields, "src"),
          Long.parseLong(field(fields, "srcv")),
          field(fields, "dst"),
          Long.parseLong(field(fields, "dstv")),
          Long.parseLong(field(fields, "next")),
          ids);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("checkpoint: bad number in '" + encoded + "'", e);
    }
  }

  private static String field(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("checkpoint: missing field '" + name + "'");
    }
    return value;
  }

  private static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String unescape(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint: bad escape in '" + s + "'", e);
    }
  }
}
