package io.github.ferrymail.testing;

import java.time.Duration;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks whose messages name the argument, as core's internal {@code Args} words them. A
 * copy, not an import: this module may be on the class path while core is on the module path (a
 * modular application's tests under Maven), where core's exports to named modules do not reach it.
 */
final class Args {
  private Args() {}

  /**
   * Rejects null.
   *
   * @param <T> the value's type
   * @param value the argument
   * @param name its name, used in the message
   * @return the value
   */
  static <T> T notNull(@Nullable T value, String name) {
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
  static String notBlank(@Nullable String value, String name) {
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
  static long notNegative(long value, String name) {
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
  static long positive(long value, String name) {
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
  static int positive(int value, String name) {
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
  static Duration positive(@Nullable Duration value, String name) {
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
  static <C extends Collection<?>> C notEmpty(@Nullable C value, String name) {
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
   * Rejects text longer than {@code max} characters.
   *
   * @param value the argument, already checked not to be null
   * @param max the most characters
   * @param name its name
   * @return the value
   */
  static String maxLength(String value, int max, String name) {
    if (value.length() > max) {
      throw new IllegalArgumentException(
          name + " must be at most " + max + " characters: " + value.length());
    }
    return value;
  }
}
