package io.github.ferrymail.imap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the IMAP wire format just well enough for the fixtures: CRLF lines, and the literals
 * ({@code {n}}, {@code {n+}}, {@code ~{n}}) announced at the end of a line, whose bytes follow it.
 */
final class ImapWire {

  /** Longer lines than this are a broken peer, not IMAP; Dovecot's own limit is far below. */
  static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

  private static final Pattern LITERAL = Pattern.compile("~?\\{(\\d+)(\\+?)\\}$");

  private ImapWire() {}

  /**
   * Reads one line including its line end.
   *
   * @return the line's bytes, or {@code null} when the stream ended before any byte
   * @throws IOException when the stream ends inside a line or the line is absurdly long
   */
  static byte @Nullable [] readLine(InputStream in) throws IOException {
    var line = new java.io.ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') {
        return line.toByteArray();
      }
      if (line.size() > MAX_LINE_BYTES) {
        throw new IOException("IMAP line longer than " + MAX_LINE_BYTES + " bytes");
      }
    }
    if (line.size() == 0) {
      return null;
    }
    throw new IOException("stream ended inside a line: " + text(line.toByteArray()));
  }

  /** The literal announced at the end of {@code line}, or {@code null} when there is none. */
  static @Nullable Literal literalAtEnd(byte[] line) {
    Matcher m = LITERAL.matcher(text(line));
    if (!m.find()) {
      return null;
    }
    return new Literal(Long.parseLong(m.group(1)), m.group(2).isEmpty());
  }

  /** Copies exactly {@code size} bytes, failing when the stream ends first. */
  static void copy(InputStream in, @Nullable OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[8192];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n == -1) {
        throw new IOException("stream ended inside a literal, " + left + " bytes short");
      }
      if (out != null) {
        out.write(buffer, 0, n);
      }
      left -= n;
    }
  }

  /** The line as text without its line end (IMAP lines are ASCII; others pass as Latin-1). */
  static String text(byte[] line) {
    String s = new String(line, StandardCharsets.ISO_8859_1);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  /** The bytes of {@code text} plus CRLF. */
  static byte[] line(String text) {
    return (text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A literal announced by a line: its size and whether the sender waits for "+" first. */
  record Literal(long size, boolean synchronizing) {}

  /**
   * The start of a client command: its tag and its name, upper case, after an optional {@code UID}
   * (so {@code a12 UID MOVE 1:3 Archive} has the name {@code MOVE}). A line without a second word
   * has an empty name.
   */
  record Command(String tag, String name) {

    static Command parse(String line) {
      String[] words = line.split(" ", 4);
      String tag = words[0];
      String name = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
      if (name.equals("UID") && words.length > 2) {
        name = words[2].toUpperCase(Locale.ROOT);
      }
      return new Command(tag, name);
    }

    /** True when the name equals {@code keyword}, ignoring case. */
    boolean is(String keyword) {
      return name.equalsIgnoreCase(keyword);
    }
  }
}
