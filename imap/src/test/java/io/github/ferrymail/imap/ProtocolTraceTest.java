package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.TraceCapture;
import io.github.ferrymail.imap.testing.ScriptedImapServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ImapAccount.Builder#protocolTrace}: a real trace (the commands are there) on the trace
 * logger, in which no secret appears in any form it may take on the wire.
 */
class ProtocolTraceTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  private static final String TOKEN = "ya29.trace-token-secret";

  @Test
  void aPasswordLoginIsTracedWithoutThePassword() throws Exception {
    GreenMailServer.deliver(greenMail, "<a@x>", "a");
    List<String> trace;
    try (TraceCapture capture = TraceCapture.start();
        AtomicImapSession session =
            AtomicImapSession.open(
                GreenMailServer.account(greenMail).protocolTrace(true).build())) {
      long uv = session.select("INBOX").uidValidity();
      session.addFlags("INBOX", uv, List.of(1L), MessageFlags.SEEN);
      trace = capture.lines();
      assertThat(capture.events()).allMatch(e -> e.getLevel() == Level.DEBUG);
    }
    assertThat(trace)
        .anyMatch(l -> l.contains("CAPABILITY"))
        .anyMatch(l -> l.contains("SELECT INBOX"))
        .anyMatch(l -> l.contains("UID STORE 1 +FLAGS (\\Seen)"))
        .allMatch(l -> l.startsWith("[" + GreenMailServer.USER + "@127.0.0.1:"));
    assertNoSecret(trace, GreenMailServer.USER, GreenMailServer.PASSWORD);
  }

  @Test
  void aWrongPasswordIsTracedWithoutIt() {
    GreenMailServer.user(greenMail);
    ImapAccount account =
        ImapAccount.builder(
                "127.0.0.1", GreenMailServer.USER, CredentialsProvider.password("wrong-Pa55"))
            .tlsMode(TlsMode.NONE)
            .port(GreenMailServer.port(greenMail))
            .protocolTrace(true)
            .build();
    List<String> trace;
    try (TraceCapture capture = TraceCapture.start()) {
      assertThatThrownBy(() -> AtomicImapSession.open(account))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED));
      trace = capture.lines();
    }
    // The server's refusal is in the trace; what was refused is not.
    assertThat(trace).anyMatch(l -> l.contains("CAPABILITY")).anyMatch(l -> l.contains(" NO "));
    assertNoSecret(trace, GreenMailServer.USER, "wrong-Pa55");
  }

  @Test
  void anOAuth2LoginIsTracedWithoutTheToken() throws Exception {
    for (String capabilities :
        List.of(
            "IMAP4rev1 UIDPLUS MOVE AUTH=XOAUTH2", "IMAP4rev1 UIDPLUS MOVE SASL-IR AUTH=XOAUTH2")) {
      List<String> trace;
      try (ScriptedImapServer server =
              ScriptedImapServer.builder().capabilities(capabilities).start();
          TraceCapture capture = TraceCapture.start()) {
        ImapAccount account =
            ImapAccount.builder(
                    server.host(), "bob@example.com", CredentialsProvider.oauth2(() -> TOKEN))
                .tlsMode(TlsMode.NONE)
                .port(server.port())
                .readTimeout(Duration.ofSeconds(5))
                .protocolTrace(true)
                .build();
        try (AtomicImapSession session = AtomicImapSession.open(account)) {
          session.select("INBOX");
        }
        // The token did go over the wire, with XOAUTH2: the trace had something to hide.
        assertThat(server.linesReceived())
            .anyMatch(
                l ->
                    l.contains(
                        base64("user=bob@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001")));
        trace = capture.lines();
      }
      assertThat(trace).as(capabilities).anyMatch(l -> l.contains("SELECT INBOX"));
      assertNoSecret(trace, "bob@example.com", TOKEN);
    }
  }

  @Test
  void theTraceIsOffByDefault() throws Exception {
    GreenMailServer.deliver(greenMail, "<a@x>", "a");
    ImapAccount account = GreenMailServer.account(greenMail).build();
    assertThat(account.protocolTrace()).isEqualTo(ImapAccount.DEFAULT_PROTOCOL_TRACE).isFalse();
    try (TraceCapture capture = TraceCapture.start()) {
      try (AtomicImapSession session = AtomicImapSession.open(account)) {
        session.select("INBOX");
      }
      assertThat(capture.lines()).isEmpty();
    }
  }

  /** The secret raw, base64-encoded alone, and in the PLAIN and XOAUTH2 payloads. */
  static void assertNoSecret(List<String> trace, String user, String secret) {
    List<String> forms =
        List.of(
            secret,
            base64(secret),
            base64("\0" + user + "\0" + secret),
            base64(user + "\0" + user + "\0" + secret),
            base64("user=" + user + "\u0001auth=Bearer " + secret + "\u0001\u0001"));
    for (String form : forms) {
      assertThat(trace).as("trace must not contain %s", form).noneMatch(l -> l.contains(form));
    }
  }

  static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
