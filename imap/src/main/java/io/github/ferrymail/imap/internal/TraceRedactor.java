package io.github.ferrymail.imap.internal;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns the lines of one connection's Angus protocol trace into lines fit for a support log:
 * credentials redacted, literals and long lines cut short. Stateful, one per connection.
 *
 * <p>Angus's trace interleaves what the client sent and what the server said without telling which
 * is which, so the rules look at the shape of a line only:
 *
 * <ul>
 *   <li>A {@code LOGIN} command keeps only its tag and name; an {@code AUTHENTICATE} command its
 *       tag, name and mechanism. Until that command's tagged reply every other line is replaced by
 *       {@code [redacted]} (the SASL payloads, a password sent as a literal), except untagged
 *       {@code *} lines and the server's {@code +} continuation requests, whose text is dropped
 *       too. Angus with {@code mail.debug.auth=false} already leaves these lines out; this is the
 *       second line of defence.
 *   <li>Of a literal ({@code {n}} at the end of a line) at most {@link #LITERAL_SHOWN_BYTES} bytes
 *       are shown, then one line says how many were left out. Message bodies never appear whole.
 *   <li>No line is longer than {@link #MAX_LINE_CHARS} characters.
 * </ul>
 */
final class TraceRedactor {
  static final int MAX_LINE_CHARS = 500;
  static final int LITERAL_SHOWN_BYTES = 256;
  static final String REDACTED = "[redacted]";

  private static final Pattern LITERAL = Pattern.compile("~?\\{(\\d{1,18})(\\+?)\\}$");
  private static final Pattern AUTH_COMMAND =
      Pattern.compile(
          "^([^\\s*+]\\S*) (LOGIN|AUTHENTICATE)(?: (\\S+))?(.*)$", Pattern.CASE_INSENSITIVE);

  private final Charset charset;
  private @Nullable String authTag;
  private long literalLeft;
  private long literalShown;
  private long literalHidden;
  private boolean literalRedacted;
  private boolean awaitingContinuation;

  TraceRedactor(Charset charset) {
    this.charset = charset;
  }

  /**
   * Takes the next trace line.
   *
   * @param text the line without its line end (possibly already cut short)
   * @param bytes how many bytes the whole line had on the wire, without the line end
   * @param out receives the lines to log, none or more
   */
  void line(String text, long bytes, Consumer<String> out) {
    if (literalLeft > 0) {
      if (awaitingContinuation && (text.equals("+") || text.startsWith("+ "))) {
        // The server's go-ahead for a synchronizing literal, not its content.
        awaitingContinuation = false;
        protocolLine(text, bytes, out);
        return;
      }
      awaitingContinuation = false;
      long onWire = bytes + 2; // Angus's trace splits at CRLF
      if (onWire <= literalLeft) {
        literalLeft -= onWire;
        literalContent(text, bytes, onWire, out);
        if (literalLeft == 0) {
          endLiteral(out);
        }
        return;
      }
      // The literal ends inside this line; what follows it is protocol again.
      int split = (int) Math.min(literalLeft, text.length());
      String tail = text.substring(0, split);
      String rest = text.substring(split);
      long tailBytes = literalLeft;
      literalLeft = 0;
      literalContent(tail, tailBytes, tailBytes, out);
      endLiteral(out);
      if (!rest.isEmpty()) {
        protocolLine(rest, Math.max(0, bytes - tailBytes), out);
      }
      return;
    }
    protocolLine(text, bytes, out);
  }

  private void protocolLine(String text, long bytes, Consumer<String> out) {
    String tag = authTag;
    if (tag != null) {
      if (text.startsWith(tag + " ")) {
        authTag = null; // the tagged reply ends the exchange
        out.accept(bound(text, bytes));
      } else if (text.startsWith("* ")) {
        out.accept(bound(text, bytes));
      } else if (text.equals("+") || text.equals("+ ")) {
        out.accept("+");
      } else if (text.startsWith("+ ")) {
        out.accept("+ " + REDACTED);
      } else {
        out.accept(REDACTED);
        startLiteralIfAnnounced(text, true);
      }
      return;
    }
    Matcher auth = AUTH_COMMAND.matcher(text);
    if (auth.matches()) {
      authTag = auth.group(1);
      String name = auth.group(2).toUpperCase(Locale.ROOT);
      StringBuilder shown = new StringBuilder(auth.group(1)).append(' ').append(name);
      boolean more = auth.group(3) != null;
      if (name.equals("AUTHENTICATE") && auth.group(3) != null) {
        shown.append(' ').append(bound(auth.group(3), auth.group(3).length()));
        more = !auth.group(4).isEmpty();
      }
      if (more) {
        shown.append(' ').append(REDACTED);
      }
      out.accept(shown.toString());
      startLiteralIfAnnounced(text, true);
      return;
    }
    out.accept(bound(text, bytes));
    startLiteralIfAnnounced(text, false);
  }

  private void literalContent(String text, long bytes, long onWire, Consumer<String> out) {
    if (!literalRedacted
        && literalHidden == 0
        && literalShown + onWire <= LITERAL_SHOWN_BYTES + 2) {
      literalShown += onWire;
      out.accept(bound(text, bytes));
    } else {
      literalHidden += onWire;
    }
  }

  private void endLiteral(Consumer<String> out) {
    if (literalHidden > 0) {
      out.accept(
          literalRedacted
              ? REDACTED
              : "[" + literalHidden + " more bytes of the literal not logged]");
    }
    literalShown = 0;
    literalHidden = 0;
    literalRedacted = false;
    awaitingContinuation = false;
  }

  private void startLiteralIfAnnounced(String text, boolean redacted) {
    Matcher m = LITERAL.matcher(text);
    if (m.find()) {
      literalLeft = Long.parseLong(m.group(1));
      literalRedacted = redacted;
      awaitingContinuation = m.group(2).isEmpty();
      literalShown = 0;
      literalHidden = 0;
    }
  }

  private String bound(String text, long bytes) {
    if (text.length() <= MAX_LINE_CHARS && bytes <= text.getBytes(charset).length) {
      return text;
    }
    String head = text.length() > MAX_LINE_CHARS ? text.substring(0, MAX_LINE_CHARS) : text;
    long more = bytes - head.getBytes(charset).length;
    return more > 0 ? head + " ... [" + more + " more bytes not logged]" : head;
  }
}
