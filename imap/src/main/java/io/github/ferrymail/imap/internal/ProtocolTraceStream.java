package io.github.ferrymail.imap.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;

/**
 * The stream Angus writes its debug output and protocol trace to ({@code Session.setDebugOut}):
 * splits it into lines, replaces the connection's own secret wherever it appears (raw, or in any of
 * the base64 forms it takes on the wire), passes the lines through a {@link TraceRedactor} and logs
 * each at DEBUG, prefixed by the connection's label. Only the first bytes of a very long line are
 * kept.
 */
final class ProtocolTraceStream extends OutputStream {
  private static final int KEPT_LINE_BYTES = 4 * TraceRedactor.MAX_LINE_CHARS;

  private final String label;
  private final Logger log;
  private final Charset charset;
  private final TraceRedactor redactor;
  private final List<String> secretForms;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
  private long lineBytes;

  ProtocolTraceStream(String label, Logger log, Charset charset, List<String> secretForms) {
    this.label = label;
    this.secretForms = List.copyOf(secretForms);
    this.log = log;
    this.charset = charset;
    this.redactor = new TraceRedactor(charset);
  }

  /**
   * A print stream for {@code Session.setDebugOut} that logs through a new trace stream.
   *
   * @param label names the account and connection in every line
   * @param log the trace logger
   * @param secretForms texts never to log, see {@link #secretForms}
   */
  static PrintStream printStream(String label, Logger log, List<String> secretForms) {
    // Angus decodes the wire with the default charset; encode back with it, count its bytes.
    Charset charset = Charset.defaultCharset();
    return new PrintStream(
        new ProtocolTraceStream(label, log, charset, secretForms), true, charset);
  }

  /**
   * The forms a secret takes in a trace: itself, quoted, its base64, and the base64 SASL payloads
   * of PLAIN ({@code authzid NUL user NUL secret}, with and without authzid) and XOAUTH2 ({@code
   * user=u^Aauth=Bearer t^A^A}).
   *
   * @param user the login name
   * @param secret the password or token
   * @return the forms, longest first
   */
  static List<String> secretForms(String user, String secret) {
    Base64.Encoder b64 = Base64.getEncoder();
    List<String> forms = new ArrayList<>();
    for (String s :
        List.of(
            "user=" + user + "\u0001auth=Bearer " + secret + "\u0001\u0001",
            user + "\0" + user + "\0" + secret,
            "\0" + user + "\0" + secret,
            secret)) {
      forms.add(b64.encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }
    forms.add(secret);
    forms.add(secret.replace("\\", "\\\\").replace("\"", "\\\"")); // as a quoted string
    forms.sort(Comparator.comparingInt(String::length).reversed());
    return forms;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      endLine();
      return;
    }
    lineBytes++;
    if (line.size() < KEPT_LINE_BYTES) {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void close() {
    if (lineBytes > 0) {
      endLine();
    }
  }

  private void endLine() {
    byte[] bytes = line.toByteArray();
    int length = bytes.length;
    long total = lineBytes;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
      if (total == bytes.length) {
        total--;
      }
    }
    String text = new String(bytes, 0, length, charset);
    for (String form : secretForms) {
      text = text.replace(form, TraceRedactor.REDACTED);
    }
    line.reset();
    lineBytes = 0;
    redactor.line(text, total, shown -> log.debug("{} {}", label, shown));
  }
}
