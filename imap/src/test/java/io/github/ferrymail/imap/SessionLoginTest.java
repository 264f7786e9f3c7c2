package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import jakarta.mail.Flags;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logging in, security defaults, and reconnecting after a drop. */
class SessionLoginTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  @Test
  void logsInWithAnOAuth2TokenAskedForAtEveryConnect() throws Exception {
    GreenMailServer.deliver(greenMail, "<a@x>", "a");
    AtomicInteger asked = new AtomicInteger();
    try (FaultInjectingProxy proxy =
        FaultInjectingProxy.start("127.0.0.1", GreenMailServer.port(greenMail))) {
      ImapAccount account =
          ImapAccount.builder(
                  "127.0.0.1",
                  GreenMailServer.USER,
                  CredentialsProvider.oauth2(
                      () -> {
                        asked.incrementAndGet();
                        return GreenMailServer.PASSWORD;
                      }))
              .tlsMode(TlsMode.NONE)
              .port(proxy.port())
              .build();
      try (AtomicImapSession session = AtomicImapSession.open(account)) {
        // The proxy elides the mechanism with the token; XOAUTH2 is the only one configured.
        assertThat(proxy.commandsSeen())
            .anyMatch(c -> c.contains("AUTHENTICATE"))
            .noneMatch(c -> c.contains("LOGIN"));
        long uv = session.select("INBOX").uidValidity();
        proxy.dropConnections();
        // The next call reconnects, logs in with a fresh token and selects again.
        session.addFlags("INBOX", uv, List.of(1L), MessageFlags.SEEN);
        assertThat(asked).hasValue(2);
        assertThat(proxy.connectionsAccepted()).isEqualTo(2);
        assertThat(session.selectedFolder().orElseThrow().name()).isEqualTo("INBOX");
      }
    }
    try (MailboxProbe probe = GreenMailServer.probe(greenMail)) {
      assertThat(probe.list("INBOX").get(0).has(Flags.Flag.SEEN)).isTrue();
    }
  }

  @Test
  void aWrongPasswordIsAnAuthenticationFailure() {
    GreenMailServer.user(greenMail);
    ImapAccount account =
        ImapAccount.builder(
                "127.0.0.1", GreenMailServer.USER, CredentialsProvider.password("wrong-pw"))
            .tlsMode(TlsMode.NONE)
            .port(GreenMailServer.port(greenMail))
            .build();
    assertThatThrownBy(() -> AtomicImapSession.open(account))
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED);
              assertThat(e.getMessage()).doesNotContain("wrong-pw");
            });
  }

  @Test
  void starttlsRequiredRefusesAServerWithoutIt() {
    ImapAccount account =
        GreenMailServer.account(greenMail).tlsMode(TlsMode.STARTTLS_REQUIRED).build();
    assertThatThrownBy(() -> AtomicImapSession.open(account))
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.TLS_FAILED));
  }

  @Test
  void implicitTlsAgainstAPlainServerFailsInsteadOfFallingBack() {
    ImapAccount account =
        GreenMailServer.account(greenMail)
            .tlsMode(TlsMode.IMPLICIT)
            .readTimeout(Duration.ofSeconds(3))
            .build();
    assertThatThrownBy(() -> AtomicImapSession.open(account))
        .isInstanceOf(ImapOperationException.class);
  }

  @Test
  void nobodyListeningIsAConnectionFailure() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    ImapAccount account =
        ImapAccount.builder("127.0.0.1", "u", CredentialsProvider.password("p"))
            .tlsMode(TlsMode.NONE)
            .port(port)
            .build();
    assertThatThrownBy(() -> AtomicImapSession.open(account))
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.CONNECTION_LOST));
  }
}
