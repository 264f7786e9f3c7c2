package io.github.ferrymail.core.internal;

import java.time.Duration;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/** Argument checks whose messages name the argument. Shared by Ferry's modules; not API. */
public final class Args {
  private Args() {}

  /**
   * Rejects null.
   *
   * @param <T> the value's type
   * @param value the argument
   * @param name its name, used in the message
   * @return the value
   */
  public static <T> T notNull(@Nullable T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " == null");
    }
    return value;
  }

  /**
   * Rejects null, empty and all-whitespace strings.
   *
   * @param value the argument
   * @param name its name, used in the message
   * @return the value, unchanged
   */
  public static String notBlank(@Nullable String value, String name) {
    notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * Rejects negative numbers.
   *
   * @param value the argument
   * @param name its name
   * @return the value
   */
  public static long notNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  /**
   * Rejects zero and negative numbers.
   *
   * @param value the argument
   * @param name its name
   * @return the value
   */
  public static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /**
   * Rejects zero and negative ints.
   *
   * @param value the argument
   * @param name its name
   * @return the value
   */
  public static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /**
   * Rejects null, zero and negative durations.
   *
   * @param value the argument
   * @param name its name
   * @return the value
   */
  public static Duration positive(@Nullable Duration value, String name) {
    notNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /**
   * Rejects null and empty collections, and collections holding null.
   *
   * @param <C> the collection type
   * @param value the argument
   * @param name its name
   * @return the value
   */
  public static <C extends Collection<?>> C notEmpty(@Nullable C value, String name) {
    notNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    int i = 0;
    for (Object element : value) {
      if (element == null) {
        throw new NullPointerException(name + "[" + i + "] == null");
      }
      i++;
    }
    return value;
  }

  /**
   * Rejects text that no IMAP server or supported database can hold unchanged: NUL characters
   * (PostgreSQL refuses them, IMAP cannot carry them) and unpaired surrogates (UTF-8 has no
   * encoding for them, so a driver or Angus Mail would silently write {@code ?}: another folder).
   *
   * @param value the argument, or null
   * @param name its name, used in the message
   * @return the value, unchanged
   */
  public static @Nullable String storable(@Nullable String value, String name) {
    if (value == null) {
      return null;
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          name + " must not contain NUL characters (at index " + value.indexOf('\0') + ")");
    }
    return wellFormed(value, name);
  }

  /**
   * Rejects unpaired surrogates, which UTF-8 cannot encode.
   *
   * @param value the argument, or null
   * @param name its name, used in the message
   * @return the value, unchanged
   */
  public static @Nullable String wellFormed(@Nullable String value, String name) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            name + " must be well-formed Unicode: unpaired surrogate at index " + i);
      }
    }
    return value;
  }

  /**
   * A duration from zero to {@code maxDays} days (a hold, say).
   *
   * @param value the duration
   * @param maxDays the most days
   * @param name the argument's name, for the message
   * @return the duration
   */
  public static Duration withinDays(@Nullable Duration value, int maxDays, String name) {
    notNull(value, name);
    if (value.isNegative() || value.compareTo(Duration.ofDays(maxDays)) > 0) {
      throw new IllegalArgumentException(
          name + " must be between 0 and " + maxDays + " days: " + value);
    }
    return value;
  }

  /**
   * Rejects durations above a bound (below it, millisecond arithmetic cannot overflow).
   *
   * @param value the argument, already checked to be positive
   * @param max the bound
   * @param name its name
   * @return the value
   */
  public static Duration atMost(Duration value, Duration max, String name) {
    if (value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + max + ": " + value);
    }
    return value;
  }

  /**
   * Rejects ints above a bound.
   *
   * @param value the argument
   * @param max the bound
   * @param name its name
   * @return the value
   */
  public static int atMost(int value, int max, String name) {
    if (value > max) {
      throw new IllegalArgumentException(name + " must be at most " + max + ": " + value);
    }
    return value;
  }

  /**
   * Rejects text longer than {@code max} characters.
   *
   * @param value the argument, already checked not to be null
   * @param max the most characters
   * @param name its name
   * @return the value
   */
  public static String maxLength(String value, int max, String name) {
    if (value.length() > max) {
      throw new IllegalArgumentException(
          name + " must be at most " + max + " characters: " + value.length());
    }
    return value;
  }
}
