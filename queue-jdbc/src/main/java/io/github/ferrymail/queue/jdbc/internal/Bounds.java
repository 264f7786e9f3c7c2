package io.github.ferrymail.queue.jdbc.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The schema's column bounds, checked before anything is written so that a too-long value gets an
 * exception naming it rather than a driver error, and the timestamp range every supported database
 * can hold.
 */
public final class Bounds {
  private Bounds() {}

  /** Longest account key. */
  public static final int ACCOUNT = 255;

  /** Longest folder or destination name. */
  public static final int FOLDER = 1000;

  /**
   * Longest payload: a kind's own data, a flag change's delta for example ({@code +$Junk
   * -$NotJunk}). The column is unbounded text; the bound keeps rows small and gives a clear error.
   */
  public static final int PAYLOAD = 4000;

  /** Longest Message-ID. */
  public static final int MESSAGE_ID = 1000;

  /** Longest application message key. */
  public static final int MESSAGE_KEY = 255;

  /** Longest worker id. */
  public static final int OWNER = 255;

  /**
   * Longest encoded checkpoint: MariaDB's MEDIUMTEXT holds 16 MiB - 1 bytes (an encoded checkpoint
   * is ASCII, one byte a character); H2 and PostgreSQL would hold more, but one store behaves the
   * same on every database.
   */
  public static final int CHECKPOINT = 16_777_215;

  /** Longest last-error or pause-reason text; longer text is truncated. */
  public static final int ERROR = 2000;

  /** The earliest instant stored (MariaDB's DATETIME starts at year 1000). */
  public static final Instant MIN_INSTANT = Instant.parse("1000-01-01T00:00:00Z");

  /** The latest instant stored (year 9999, the end of MariaDB's DATETIME). */
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

  /**
   * Rejects text longer than its column.
   *
   * @param value the value, or null
   * @param max the column's length
   * @param name the argument's name
   * @return the value
   */
  public static @Nullable String fits(@Nullable String value, int max, String name) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(
          name + " must be at most " + max + " characters long: " + value.length());
    }
    if (value != null && value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + " must not contain NUL characters");
    }
    return value;
  }

  /**
   * Truncates free text (an error, a reason) to the column's bound without splitting a surrogate
   * pair, and replaces NUL characters, which PostgreSQL cannot store.
   *
   * @param text the text
   * @return text that fits
   */
  public static String truncate(String text) {
    String clean = text.indexOf('\0') >= 0 ? text.replace('\0', '\uFFFD') : text;
    if (clean.length() <= ERROR) {
      return clean;
    }
    int end = Character.isHighSurrogate(clean.charAt(ERROR - 1)) ? ERROR - 1 : ERROR;
    return clean.substring(0, end);
  }

  /**
   * The precision the databases keep: microseconds.
   *
   * @param instant an instant
   * @return the instant truncated to microseconds
   */
  public static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Rejects an instant to be stored that the databases cannot hold, and truncates it to
   * microseconds.
   *
   * @param instant the instant
   * @param name the argument's name
   * @return the instant as it will be stored
   */
  public static Instant storable(Instant instant, String name) {
    if (instant.isBefore(MIN_INSTANT) || instant.isAfter(MAX_INSTANT)) {
      throw new IllegalArgumentException(
          name + " must be between " + MIN_INSTANT + " and " + MAX_INSTANT + ": " + instant);
    }
    return micros(instant);
  }

  /**
   * Clamps an instant used only as a bound in a query into the storable range.
   *
   * @param instant the instant
   * @return the clamped instant, truncated to microseconds
   */
  public static Instant clamp(Instant instant) {
    if (instant.isBefore(MIN_INSTANT)) {
      return MIN_INSTANT;
    }
    return instant.isAfter(MAX_INSTANT) ? MAX_INSTANT : micros(instant);
  }

  /**
   * Now plus a duration, as stored, rejecting a duration that reaches past the storable range.
   *
   * @param now now
   * @param duration the duration
   * @param name the duration argument's name
   * @return the instant
   */
  public static Instant after(Instant now, Duration duration, String name) {
    Instant limit = MAX_INSTANT;
    if (Duration.between(now, limit).compareTo(duration) < 0) {
      throw new IllegalArgumentException(name + " reaches past " + limit + ": " + duration);
    }
    return micros(now.plus(duration));
  }
}
