package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.imap.support.Batches;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.testing.ScriptedImapServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A secret only ever goes out with the mechanism it is meant for: an OAuth2 token never as a
 * password, a password never before TLS when TLS is required. Each test records every line the
 * client put on the wire.
 */
class LoginMechanismTest {
  private static final String USER = "alice@example.com";
  private static final String TOKEN = "ya29.token-never-a-password";
  private static final String PASSWORD = "pw-never-in-clear";

  @Test
  void anOAuth2TokenIsNotSentWhenTheServerOffersNoXoauth2() {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder().capabilities("IMAP4rev1 AUTH=PLAIN AUTH=LOGIN").start()) {
      assertRefusedWithoutSendingTheToken(server, "does not offer AUTH=XOAUTH2");
    }
  }

  @Test
  void anOAuth2TokenIsNotSentWithLoginWhenTheServerOffersNoSaslAtAll() {
    // Angus falls back to the LOGIN command when no configured mechanism is offered.
    try (ScriptedImapServer server =
        ScriptedImapServer.builder().capabilities("IMAP4rev1 UIDPLUS MOVE").start()) {
      assertRefusedWithoutSendingTheToken(server, "does not offer AUTH=XOAUTH2");
    }
  }

  @Test
  void aServerWithOnlyOauthBearerIsRefusedNamingIt() {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder().capabilities("IMAP4rev1 AUTH=OAUTHBEARER SASL-IR").start()) {
      assertRefusedWithoutSendingTheToken(server, "OAUTHBEARER");
    }
  }

  @Test
  void theExecutorPausesTheAccountRatherThanRetryingEachOperation() {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder().capabilities("IMAP4rev1 AUTH=PLAIN").start()) {
      MessageRef ref = new MessageRef("acct", "INBOX", 1, 1, "<m1@example.com>");
      OperationBatch batch =
          Batches.batch(List.of(new Batches().pending(Operation.markRead(ref), null)));
      try (ImapOperationExecutor executor = ImapOperationExecutor.create(key -> oauth2(server))) {
        assertThatThrownBy(() -> executor.execute(batch, new RecordingSink()))
            .isInstanceOfSatisfying(
                OperationFailedException.class,
                e -> {
                  assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED);
                  assertThat(e.reason().category()).isEqualTo(FailureCategory.ACCOUNT);
                });
      }
      assertNothingSecretSent(server.linesReceived(), TOKEN);
    }
  }

  @Test
  void xoauth2IsUsedWhereOfferedWithTheTokenInItsSaslForm() throws Exception {
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .capabilities("IMAP4rev1 UIDPLUS MOVE AUTH=PLAIN AUTH=XOAUTH2")
                .start();
        AtomicImapSession session = AtomicImapSession.open(oauth2(server))) {
      assertThat(session.select("INBOX").uidValidity()).isEqualTo(1);
      List<String> sent = server.linesReceived();
      assertThat(sent).anyMatch(l -> l.matches("\\S+ AUTHENTICATE XOAUTH2"));
      // Without SASL-IR the response follows the server's "+" on a line of its own.
      assertThat(sent).contains(xoauth2Response());
      assertThat(sent).noneMatch(l -> l.matches("(?i)\\S+ (LOGIN|AUTHENTICATE PLAIN).*"));
      assertThat(sent).noneMatch(l -> l.contains(TOKEN));
    }
  }

  @Test
  void xoauth2WithAnInitialResponseWhereSaslIrIsOffered() throws Exception {
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .capabilities("IMAP4rev1 UIDPLUS MOVE SASL-IR AUTH=XOAUTH2")
                .start();
        AtomicImapSession session = AtomicImapSession.open(oauth2(server))) {
      session.select("INBOX");
      assertThat(server.linesReceived())
          .anyMatch(l -> l.matches("\\S+ AUTHENTICATE XOAUTH2 " + xoauth2Response()))
          .noneMatch(l -> l.matches("(?i)\\S+ LOGIN .*"));
    }
  }

  @Test
  void aPasswordIsNotSentWhenStarttlsIsRequiredButNotOffered() {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder().capabilities("IMAP4rev1 AUTH=PLAIN AUTH=LOGIN").start()) {
      ImapAccount account =
          ImapAccount.builder(server.host(), USER, CredentialsProvider.password(PASSWORD))
              .tlsMode(TlsMode.STARTTLS_REQUIRED)
              .port(server.port())
              .readTimeout(Duration.ofSeconds(5))
              .build();
      assertThatThrownBy(() -> AtomicImapSession.open(account))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.TLS_FAILED));
      assertThat(server.connectionsAccepted()).isEqualTo(1);
      assertNothingSecretSent(server.linesReceived(), PASSWORD);
    }
  }

  @Test
  void aPasswordAccountThatCannotLogInOnThisServerFailsAsAnAccountProblem() {
    // LOGINDISABLED and no password mechanism: nothing can be sent, so nothing is tried.
    try (ScriptedImapServer server =
        ScriptedImapServer.builder().capabilities("IMAP4rev1 LOGINDISABLED AUTH=GSSAPI").start()) {
      ImapAccount account =
          ImapAccount.builder(server.host(), USER, CredentialsProvider.password(PASSWORD))
              .tlsMode(TlsMode.NONE)
              .port(server.port())
              .readTimeout(Duration.ofSeconds(5))
              .build();
      assertThatThrownBy(() -> AtomicImapSession.open(account))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED);
                assertThat(e.getMessage()).contains("LOGINDISABLED");
              });
      assertNothingSecretSent(server.linesReceived(), PASSWORD);
    }
  }

  private static void assertRefusedWithoutSendingTheToken(
      ScriptedImapServer server, String expectedMessage) {
    assertThatThrownBy(() -> AtomicImapSession.open(oauth2(server)))
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED);
              assertThat(e.reason().category()).isEqualTo(FailureCategory.ACCOUNT);
              assertThat(e.getMessage()).contains(expectedMessage).doesNotContain(TOKEN);
            });
    assertThat(server.connectionsAccepted()).isEqualTo(1);
    assertNothingSecretSent(server.linesReceived(), TOKEN);
  }

  private static void assertNothingSecretSent(List<String> sent, String secret) {
    // Often nothing at all was sent (the greeting lists the capabilities); that the recording
    // sees logins is shown by the xoauth2* tests.
    assertThat(sent)
        .noneMatch(l -> l.contains(secret))
        .noneMatch(l -> l.contains(base64(secret)))
        .noneMatch(l -> l.contains(base64("\0" + USER + "\0" + secret)))
        .noneMatch(l -> l.contains(xoauth2Response()))
        .noneMatch(l -> l.matches("(?i)\\S+ (LOGIN|AUTHENTICATE)( .*)?"));
  }

  private static ImapAccount oauth2(ScriptedImapServer server) {
    return ImapAccount.builder(server.host(), USER, CredentialsProvider.oauth2(() -> TOKEN))
        .tlsMode(TlsMode.NONE)
        .port(server.port())
        .readTimeout(Duration.ofSeconds(5))
        .build();
  }

  static String xoauth2Response() {
    return base64("user=" + USER + "\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
