package io.github.ferrymail.examples.admin;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes compact JSON into a string, escaping every string as RFC 8259 requires, so that the
 * example needs no JSON library. Commas are placed by the writer; the caller only nests correctly.
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("retried").value(true).endObject().toString();
 * }</pre>
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder();

  /** The objects and arrays open now, innermost first. */
  private final Deque<Frame> open = new ArrayDeque<>();

  private boolean afterName;

  /**
   * Opens an object.
   *
   * @return this
   */
  public JsonWriter beginObject() {
    return open('{');
  }

  /**
   * Closes the innermost object.
   *
   * @return this
   */
  public JsonWriter endObject() {
    return close('}');
  }

  /**
   * Opens an array.
   *
   * @return this
   */
  public JsonWriter beginArray() {
    return open('[');
  }

  /**
   * Closes the innermost array.
   *
   * @return this
   */
  public JsonWriter endArray() {
    return close(']');
  }

  /**
   * Writes a member name; its value follows.
   *
   * @param name the name
   * @return this
   */
  public JsonWriter name(String name) {
    Frame frame = open.peek();
    if (afterName || frame == null || !frame.object) {
      throw new IllegalStateException("a name needs an open object and no pending name: " + name);
    }
    if (!frame.empty) {
      out.append(',');
    }
    frame.empty = false;
    quote(name);
    out.append(':');
    afterName = true;
    return this;
  }

  /**
   * Writes a string, or null.
   *
   * @param value the string, or null
   * @return this
   */
  public JsonWriter value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      quote(value);
    }
    return this;
  }

  /**
   * Writes a number.
   *
   * @param value the number
   * @return this
   */
  public JsonWriter value(long value) {
    separate();
    out.append(value);
    return this;
  }

  /**
   * Writes a number, or null.
   *
   * @param value the number, or null
   * @return this
   */
  public JsonWriter value(Long value) {
    return value == null ? nullValue() : value(value.longValue());
  }

  /**
   * Writes a boolean.
   *
   * @param value the boolean
   * @return this
   */
  public JsonWriter value(boolean value) {
    separate();
    out.append(value);
    return this;
  }

  /**
   * Writes {@code null}.
   *
   * @return this
   */
  public JsonWriter nullValue() {
    separate();
    out.append("null");
    return this;
  }

  /**
   * The JSON written so far.
   *
   * @return the text
   * @throws IllegalStateException when an object or array is still open
   */
  @Override
  public String toString() {
    if (!open.isEmpty() || afterName) {
      throw new IllegalStateException("unfinished JSON: " + out);
    }
    return out.toString();
  }

  private JsonWriter open(char bracket) {
    separate();
    out.append(bracket);
    open.push(new Frame(bracket == '{'));
    return this;
  }

  private JsonWriter close(char bracket) {
    if (open.isEmpty() || afterName || open.peek().object != (bracket == '}')) {
      throw new IllegalStateException("nothing to close with " + bracket);
    }
    open.pop();
    out.append(bracket);
    return this;
  }

  /** Checks that a value may come here and writes the comma before any but the first. */
  private void separate() {
    if (afterName) {
      afterName = false; // a value right after its name needs no comma
      return;
    }
    Frame frame = open.peek();
    if (frame == null) {
      if (out.length() > 0) {
        throw new IllegalStateException("only one top-level value: " + out);
      }
      return;
    }
    if (frame.object) {
      throw new IllegalStateException("a value in an object needs a name first");
    }
    if (!frame.empty) {
      out.append(',');
    }
    frame.empty = false;
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(s, i)) {
            // Control characters must be escaped; the line separators break JavaScript; a lone
            // surrogate would not survive UTF-8 encoding.
            unicodeEscape(c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private void unicodeEscape(char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  /** One open object or array. */
  private static final class Frame {
    final boolean object;
    boolean empty = true;

    Frame(boolean object) {
      this.object = object;
    }
  }
}
