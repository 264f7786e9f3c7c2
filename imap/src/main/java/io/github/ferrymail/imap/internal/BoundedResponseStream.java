package io.github.ferrymail.imap.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts the connection when one server response grows past a limit. Angus Mail reads a whole
 * response, literals included, into one growing buffer without any bound, and allocates an
 * announced literal ({@code {n}}) in full before reading it: a server sending one line without end,
 * or announcing {@code {2000000000}}, would fill the heap. This stream follows Angus's framing byte
 * by byte (a response ends at CRLF unless the line ends with {@code {n}}, whose n bytes are read
 * without looking at them; see {@code org.eclipse.angus.mail.iap.ResponseInputStream}) and fails
 * with an {@link IOException} before handing Angus the byte that would pass the limit, or the line
 * end of a literal that would. Angus turns the exception into a {@code BYE}, which Ferry reports as
 * a lost connection with unknown outcome.
 */
final class BoundedResponseStream extends FilterInputStream {
  private final long limit;

  // Where the current response stands.
  private long responseBytes;
  private long literalLeft;
  // The last three bytes of the response (-1: none), the oldest first, for "{n}" CR LF.
  private int back3 = -1;
  private int back2 = -1;
  private int back1 = -1;

  // The number after the response's last '{', over the bytes up to three before the current one,
  // as Angus's ASCIIUtility.parseInt reads it: an optional '-', then decimal digits, in int range.
  private boolean braceSeen;
  private int numberChars;
  private boolean negative;
  private long number;
  private boolean numberValid;

  private @org.jspecify.annotations.Nullable IOException failure;

  BoundedResponseStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    int n = super.read(b, off, len);
    if (n <= 0) {
      return n;
    }
    for (int i = off; i < off + n; i++) {
      String problem = accept(b[i] & 0xff);
      if (problem != null) {
        failure = new IOException(problem);
        if (i == off) {
          throw failure;
        }
        return i - off; // what came before is delivered; the next read fails
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Angus never skips; skipping would bypass the count, so read instead.
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    int read = read(sink, 0, sink.length);
    return Math.max(read, 0);
  }

  /** Takes one byte of the stream; returns why it must not be delivered, or null. */
  private String accept(int c) {
    responseBytes++;
    if (responseBytes > limit) {
      return tooLong();
    }
    if (back3 >= 0) {
      parse(back3);
    }
    if (literalLeft > 0) {
      literalLeft--;
    } else if (c == '\n' && back1 == '\r') {
      Long literal = literalAnnounced();
      if (literal == null) {
        startResponse();
        return null;
      }
      if (literal > 0) {
        if (responseBytes + literal > limit) {
          return "IMAP server announced a literal of "
              + literal
              + " bytes, more than Ferry reads in one response ("
              + limit
              + " bytes); the connection is closed";
        }
        literalLeft = literal;
      }
    }
    back3 = back2;
    back2 = back1;
    back1 = c;
    return null;
  }

  /** At a line end: the literal the line announces, or null when the response ends here. */
  private Long literalAnnounced() {
    if (responseBytes < 5 || back2 != '}' || !braceSeen || !numberValid) {
      return null;
    }
    return negative ? -number : number;
  }

  private void parse(int c) {
    if (c == '{') {
      braceSeen = true;
      numberChars = 0;
      negative = false;
      number = 0;
      numberValid = false;
      return;
    }
    if (!braceSeen) {
      return;
    }
    boolean first = numberChars == 0;
    numberChars++;
    if (first && c == '-') {
      negative = true;
      return;
    }
    if (c >= '0'
        && c <= '9'
        && (numberValid || numberChars == 1 || (negative && numberChars == 2))) {
      number = number * 10 + (c - '0');
      numberValid = number <= (negative ? 2_147_483_648L : Integer.MAX_VALUE);
      if (!numberValid) {
        number = 0;
        braceSeen = false; // out of int range: Angus's parse fails, whatever follows
      }
      return;
    }
    numberValid = false;
    braceSeen = false; // not a number: no later byte makes it one until the next '{'
  }

  private void startResponse() {
    responseBytes = 0;
    back3 = -1;
    back2 = -1;
    back1 = -1;
    braceSeen = false;
    numberValid = false;
  }

  private String tooLong() {
    return "IMAP server response longer than "
        + limit
        + " bytes without its end; the connection is closed";
  }
}
