package io.github.ferrymail.core;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.jspecify.annotations.Nullable;

/**
 * Text an application, a database row or a server might hand Ferry: SQL and IMAP metacharacters,
 * NUL, emoji, right-to-left marks, lone surrogates, whitespace, names of 1,000 characters and more;
 * and the rule the model applies to it, as an oracle for the properties.
 */
public final class HostileText {
  private HostileText() {}

  /** Pieces glued together by {@link #any()}. */
  public static final List<String> FRAGMENTS =
      List.of(
          "INBOX",
          "Archive/2026",
          "'",
          "''",
          "\"",
          "\\",
          "x'; DROP TABLE ferry_operations; --",
          "\"; DELETE FROM ferry_accounts; --",
          "%",
          "_",
          "&",
          "=",
          "+",
          "%00",
          "%zz",
          "{5}",
          "*",
          "(",
          ")",
          " ",
          "\t",
          "\r\n",
          "\0",
          "é",
          "日本語",
          "😀",
          "📬",
          "\u202Eevil\u202C",
          "שלום",
          "مرحبا",
          "\uFEFF",
          "\uD83D",
          "\uDE00",
          "<a b@c>",
          "<\"quoted\"@x>");

  /** Any text: glued fragments, random UTF-16 (lone surrogates included), long names, null. */
  public static Arbitrary<String> any() {
    Arbitrary<String> glued =
        Arbitraries.of(FRAGMENTS).list().ofMaxSize(6).map(parts -> String.join("", parts));
    Arbitrary<String> random =
        Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(30);
    Arbitrary<String> longNames =
        Arbitraries.integers()
            .between(995, 1005)
            .flatMap(n -> Arbitraries.of("F", "é", "日").map(c -> c.repeat(n)));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, glued),
            net.jqwik.api.Tuple.of(3, random),
            net.jqwik.api.Tuple.of(1, longNames))
        .injectNull(0.05);
  }

  /** Text that every model field accepts (no NUL, no lone surrogate, not blank). */
  public static Arbitrary<String> acceptable() {
    return any().filter(s -> problem(s, true) == null);
  }

  /**
   * Why the model refuses a text field, or null when it accepts it.
   *
   * @param value the text
   * @param required whether null and blank are refused (optional fields accept both)
   * @return a short reason, or null
   */
  public static @Nullable String problem(@Nullable String value, boolean required) {
    if (value == null) {
      return required ? "null" : null;
    }
    if (value.isBlank()) {
      return required ? "blank" : null;
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
    return null;
  }
}
