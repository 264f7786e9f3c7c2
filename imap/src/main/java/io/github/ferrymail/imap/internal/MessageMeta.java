package io.github.ferrymail.imap.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a session learns about a message before copying it, to recognise the copy later without
 * COPYUID: Message-ID, size and internal date (COPY keeps the last two, RFC 9051 6.4.7).
 *
 * @param uid the UID
 * @param messageId the Message-ID header, or null when the message has none
 * @param size RFC822.SIZE, or -1 when unknown
 * @param internalDate INTERNALDATE, or null when unknown
 * @param deleted whether {@code \Deleted} is set
 */
record MessageMeta(
    long uid,
    @Nullable String messageId,
    long size,
    @Nullable Instant internalDate,
    boolean deleted) {

  /**
   * Reads the Message-ID out of a {@code BODY[HEADER.FIELDS (MESSAGE-ID)]} section.
   *
   * @param header the raw header bytes
   * @return the value, or null when absent or blank
   */
  static @Nullable String parseMessageId(byte[] header) {
    String text = new String(header, StandardCharsets.ISO_8859_1).replaceAll("\r?\n[ \t]+", " ");
    for (String line : text.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("message-id")) {
        String value = line.substring(colon + 1).trim();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  /**
   * Whether another message looks like a copy of this one: the same Message-ID (both absent
   * counts), and size and internal date equal wherever both are known.
   *
   * @param other the candidate
   * @return true when it may be the copy
   */
  boolean looksLikeCopy(MessageMeta other) {
    if (messageId == null ? other.messageId != null : !messageId.equals(other.messageId)) {
      return false;
    }
    if (size >= 0 && other.size >= 0 && size != other.size) {
      return false;
    }
    return internalDate == null
        || other.internalDate == null
        || internalDate.equals(other.internalDate);
  }
}
