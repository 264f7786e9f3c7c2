package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.support.TraceCapture;
import io.github.ferrymail.imap.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The second line of defence on its own: Angus with {@code mail.debug.auth=true}, which traces
 * every credential, through {@link ProtocolTraceStream}. Each test checks that Angus's raw trace
 * did contain the secret, and that the redacted trace does not, twice: with the line rules alone
 * (the stream not told the secret), and with {@code mail.debug.auth.password=true} as well, whose
 * {@code password=...} debug line only the known-secret scrubbing catches.
 */
class AngusTraceRedactionTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  @Test
  void aLoginCommandsArgumentsAreRedacted() throws Exception {
    for (Mode mode : Mode.values()) {
      for (String password : List.of("plain-pw", "pw with \"quotes\"")) {
        greenMail.getUserManager().deleteUser(GreenMailServer.user(greenMail));
        greenMail.setUser("alice@example.com", GreenMailServer.USER, password);
        Traces traces =
            trace(
                mode,
                GreenMailServer.USER,
                password,
                props -> {},
                store -> connect(store, GreenMailServer.port(greenMail), password));
        // On the wire a quoted password has its quotes escaped.
        String quoted = password.replace("\\", "\\\\").replace("\"", "\\\"");
        assertThat(traces.raw()).as(password).contains(" LOGIN ").contains(quoted);
        assertThat(traces.redacted()).anyMatch(l -> l.matches(".* LOGIN \\[redacted\\]"));
        assertNoForm(traces.redacted(), password);
      }
    }
  }

  @Test
  void aPasswordSentAsALiteralIsRedacted() throws Exception {
    // Angus sends a non-ASCII password as a literal: {n+} with LITERAL+, else {n} and a wait for
    // the server's "+". GreenMail misreads such a literal, so a scripted server accepts it.
    String password = "p\u00e4ssw\u00f6rter-Z9";
    for (Mode mode : Mode.values()) {
      for (String capabilities : List.of("IMAP4rev1 LITERAL+", "IMAP4rev1")) {
        try (ScriptedImapServer server =
            ScriptedImapServer.builder().capabilities(capabilities).start()) {
          Traces traces =
              trace(
                  mode,
                  "bob",
                  password,
                  props -> {},
                  store -> store.connect(server.host(), server.port(), "bob", password));
          assertThat(traces.raw()).as(capabilities).containsPattern("LOGIN bob \\{\\d+\\+?\\}");
          assertThat(traces.raw()).contains("rter-Z9");
          assertThat(traces.redacted())
              .as(capabilities)
              .anyMatch(l -> l.matches(".* LOGIN \\[redacted\\]"))
              .anyMatch(l -> l.matches(".* OK LOGIN completed"))
              .noneMatch(l -> l.contains("rter-Z9"));
          assertNoForm(traces.redacted(), password);
        }
      }
    }
  }

  @Test
  void xoauth2WithAnInitialResponseIsRedacted() throws Exception {
    GreenMailServer.user(greenMail); // GreenMail takes the password for a token
    String token = GreenMailServer.PASSWORD;
    for (Mode mode : Mode.values()) {
      Traces traces =
          trace(
              mode,
              GreenMailServer.USER,
              token,
              props -> props.setProperty("mail.imap.auth.mechanisms", "XOAUTH2"),
              store -> connect(store, GreenMailServer.port(greenMail), token));
      String payload = xoauth2(GreenMailServer.USER, token);
      assertThat(traces.raw()).contains("AUTHENTICATE XOAUTH2 " + payload);
      assertThat(traces.redacted())
          .anyMatch(l -> l.endsWith(" AUTHENTICATE XOAUTH2 [redacted]"))
          .anyMatch(l -> l.contains("OK AUTHENTICATE"));
      assertNoForm(traces.redacted(), token);
    }
  }

  @Test
  void xoauth2WithAContinuationIsRedacted() throws Exception {
    String token = "ya29.continuation-token";
    for (Mode mode : Mode.values()) {
      try (ScriptedImapServer server =
          ScriptedImapServer.builder().capabilities("IMAP4rev1 AUTH=XOAUTH2").start()) {
        Traces traces =
            trace(
                mode,
                "bob",
                token,
                props -> props.setProperty("mail.imap.auth.mechanisms", "XOAUTH2"),
                store -> store.connect(server.host(), server.port(), "bob", token));
        assertThat(traces.raw()).contains(xoauth2("bob", token));
        assertThat(traces.redacted())
            .anyMatch(l -> l.endsWith(" AUTHENTICATE XOAUTH2"))
            .anyMatch(l -> l.endsWith(" " + TraceRedactor.REDACTED))
            .anyMatch(l -> l.contains("OK AUTHENTICATE"))
            // after the exchange the trace is shown again
            .anyMatch(l -> l.contains("CAPABILITY IMAP4rev1"));
        assertNoForm(traces.redacted(), token);
      }
    }
  }

  @Test
  void aMessageBodyIsNotLoggedInFull() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      body.append("body line ").append(i).append(" of a private message\r\n");
    }
    GreenMailServer.user(greenMail)
        .deliver(TestMessages.message("<big@x>", "big", body.toString()));
    Traces traces =
        trace(
            Mode.LINE_RULES_ONLY,
            GreenMailServer.USER,
            GreenMailServer.PASSWORD,
            props -> {},
            store -> {
              connect(store, GreenMailServer.port(greenMail), GreenMailServer.PASSWORD);
              Folder inbox = store.getFolder("INBOX");
              inbox.open(Folder.READ_ONLY);
              Message m = inbox.getMessage(1);
              assertThat(m.getContent().toString()).contains("body line 2000 ");
              inbox.close(false);
            });
    assertThat(traces.raw()).contains("body line 1500 of a private message");
    assertThat(traces.redacted())
        .noneMatch(l -> l.contains("body line 1500 "))
        .anyMatch(l -> l.matches(".*\\[\\d+ more bytes of the literal not logged\\]"))
        .allMatch(l -> l.length() < TraceRedactor.MAX_LINE_CHARS + 100);
  }

  private interface StoreWork {
    void accept(Store store) throws Exception;
  }

  private record Traces(String raw, List<String> redacted) {}

  /** How much Angus gives away, and whether the stream knows the secret. */
  private enum Mode {
    LINE_RULES_ONLY,
    SECRET_KNOWN
  }

  private static Traces trace(
      Mode mode, String user, String secret, Consumer<Properties> extra, StoreWork work)
      throws Exception {
    Properties props = new Properties();
    props.setProperty("mail.debug.auth", "true");
    props.setProperty("mail.debug.auth.password", Boolean.toString(mode == Mode.SECRET_KNOWN));
    extra.accept(props);
    Session session = Session.getInstance(props);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (TraceCapture capture = TraceCapture.start()) {
      PrintStream redacting =
          ProtocolTraceStream.printStream(
              "[test]",
              LoggerFactory.getLogger(ImapAccount.PROTOCOL_TRACE_LOGGER),
              mode == Mode.SECRET_KNOWN
                  ? ProtocolTraceStream.secretForms(user, secret)
                  : List.of());
      session.setDebugOut(new PrintStream(new Tee(raw, redacting), true, StandardCharsets.UTF_8));
      session.setDebug(true);
      Store store = session.getStore("imap");
      try {
        work.accept(store);
      } finally {
        store.close();
      }
      return new Traces(raw.toString(StandardCharsets.UTF_8), capture.lines());
    }
  }

  private static void connect(Store store, int port, String secret) throws Exception {
    store.connect("127.0.0.1", port, GreenMailServer.USER, secret);
  }

  private static void assertNoForm(List<String> redacted, String secret) {
    assertThat(redacted).isNotEmpty();
    for (String form :
        List.of(
            secret,
            secret.replace("\\", "\\\\").replace("\"", "\\\""),
            base64(secret),
            base64("\0" + GreenMailServer.USER + "\0" + secret),
            xoauth2(GreenMailServer.USER, secret),
            xoauth2("bob", secret))) {
      assertThat(redacted).noneMatch(l -> l.contains(form));
    }
  }

  private static String xoauth2(String user, String token) {
    return base64("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001");
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
