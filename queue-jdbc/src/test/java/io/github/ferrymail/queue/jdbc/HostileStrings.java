package io.github.ferrymail.queue.jdbc;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Text an application might queue: SQL metacharacters, quotes, NUL, emoji, right-to-left text, lone
 * surrogates, names around the columns' lengths; and whether the store must keep it or refuse it.
 */
final class HostileStrings {
  private HostileStrings() {}

  static final List<String> FRAGMENTS =
      List.of(
          "INBOX",
          "'",
          "''",
          "\"",
          "\\",
          "x'; DROP TABLE ferry_operations; --",
          "'); DELETE FROM ferry_accounts; --",
          "%",
          "_",
          "?",
          "$1",
          "`",
          " ",
          "\t",
          "\r\n",
          "\0",
          "é",
          "日本語",
          "😀",
          "📬",
          "\u202Eevil\u202C",
          "שלום עולם",
          "\uFEFF",
          "\uD83D",
          "\uDE00",
          "<a b@c>",
          "<\"quoted\\\"\"@x>");

  /** Glued fragments, random UTF-16, and names of 250 to 260 or 995 to 1005 characters. */
  static Arbitrary<String> any() {
    Arbitrary<String> glued =
        Arbitraries.of(FRAGMENTS).list().ofMaxSize(5).map(parts -> String.join("", parts));
    Arbitrary<String> random =
        Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(20);
    Arbitrary<String> nearLimits =
        Arbitraries.oneOf(
                Arbitraries.integers().between(250, 260), Arbitraries.integers().between(995, 1005))
            .flatMap(n -> Arbitraries.of("f", "é", "'", "\"").map(c -> c.repeat(n)));
    return Arbitraries.frequencyOf(
        Tuple.of(5, glued), Tuple.of(2, random), Tuple.of(2, nearLimits));
  }

  /**
   * Why a text field is refused, or null when it must be kept: the model's rules (not blank when
   * required, no NUL, no unpaired surrogate) and the column's length.
   */
  static @Nullable String problem(@Nullable String value, boolean required, int maxLength) {
    if (value == null || value.isBlank()) {
      return required ? "missing" : null;
    }
    if (value.indexOf('\0') >= 0) {
      return "NUL";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "unpaired surrogate";
      }
    }
    return value.length() > maxLength ? "too long" : null;
  }
}
