package io.github.ferrymail.core;

import io.github.ferrymail.core.internal.Args;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A message to be appended ({@link Operation#append}, {@link Operation#replace}): the key under
 * which the application's content provider finds its bytes, the flags it is stored with and its
 * internal date. The bytes themselves are never in the queue: the executor asks the provider for
 * them when the append runs (see {@code docs/operations.md}, "Append").
 *
 * <pre>{@code
 * NewMessage sent = NewMessage.of("outbox/8f2c").withFlags(FlagDelta.SEEN);
 * }</pre>
 *
 * @param contentKey the application's key for the message's bytes: 1 to {@value
 *     #MAX_CONTENT_KEY_LENGTH} characters, no control characters
 * @param flags flags and keywords to store it with (sorted, case normalised as in {@link
 *     FlagDelta}); may be empty
 * @param internalDate the internal date to give it, to the second; null for the server's time of
 *     receipt
 */
public record NewMessage(String contentKey, Set<String> flags, @Nullable Instant internalDate) {

  /** The longest content key, in characters. */
  public static final int MAX_CONTENT_KEY_LENGTH = 1000;

  /** Validates and normalises: flags checked as {@link FlagDelta} checks them, date to seconds. */
  public NewMessage {
    Args.maxLength(Args.notBlank(contentKey, "contentKey"), MAX_CONTENT_KEY_LENGTH, "contentKey");
    for (int i = 0; i < contentKey.length(); i++) {
      if (Character.isISOControl(contentKey.charAt(i))) {
        throw new IllegalArgumentException(
            "contentKey must not contain control characters (at index " + i + ")");
      }
    }
    Args.wellFormed(contentKey, "contentKey");
    Args.notNull(flags, "flags");
    flags = flags.isEmpty() ? Set.of() : FlagDelta.of(flags, Set.of()).add();
    if (internalDate != null) {
      internalDate = internalDate.truncatedTo(ChronoUnit.SECONDS);
    }
  }

  /**
   * A message stored without flags, dated by the server.
   *
   * @param contentKey the application's key for its bytes
   * @return the message
   */
  public static NewMessage of(String contentKey) {
    return new NewMessage(contentKey, Set.of(), null);
  }

  /**
   * The same message stored with these flags (for a draft {@code \Draft}, for a sent message {@code
   * \Seen}).
   *
   * @param flags the flags and keywords
   * @return the message with those flags
   */
  public NewMessage withFlags(String... flags) {
    return new NewMessage(contentKey, Set.of(Args.notNull(flags, "flags")), internalDate);
  }

  /**
   * The same message with an internal date (the time it was sent, say).
   *
   * @param date the date, kept to the second
   * @return the message with that date
   */
  public NewMessage withInternalDate(Instant date) {
    return new NewMessage(contentKey, flags, Args.notNull(date, "internalDate"));
  }

  /**
   * The stored form, one line: the date or {@code -}, the number of flags, the flags, then the key
   * (which may contain spaces, so it comes last), for example {@code - 1 \Seen outbox/8f2c}.
   */
  String encode() {
    StringBuilder out = new StringBuilder();
    out.append(internalDate == null ? "-" : internalDate.toString());
    out.append(' ').append(flags.size());
    flags.forEach(flag -> out.append(' ').append(flag));
    return out.append(' ').append(contentKey).toString();
  }

  /** Reads what {@link #encode()} wrote; the message names the field that does not parse. */
  static NewMessage decode(@Nullable String payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload == null: an append needs its message");
    }
    List<String> parts = new ArrayList<>(Arrays.asList(payload.split(" ", -1)));
    try {
      if (parts.size() < 3) {
        throw new IllegalArgumentException("too few fields");
      }
      Instant date = "-".equals(parts.get(0)) ? null : Instant.parse(parts.get(0));
      int count = Integer.parseInt(parts.get(1));
      if (count < 0 || parts.size() < 3 + count) {
        throw new IllegalArgumentException("flag count " + count + " does not fit");
      }
      Set<String> flags = Set.copyOf(parts.subList(2, 2 + count));
      String key = String.join(" ", parts.subList(2 + count, parts.size()));
      return new NewMessage(key, flags, date);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "payload: malformed appended message '" + payload + "': " + e.getMessage(), e);
    }
  }
}
