package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session against real Dovecot 2.3: modern, old (no MOVE, no UIDPLUS) and over TLS. */
@Tag("dovecot")
class DovecotInteropTest {

  static Endpoint freshUser(DovecotServer server) {
    return new Endpoint(
        server.host(),
        server.port(),
        "u-" + UUID.randomUUID().toString().substring(0, 8),
        server.password());
  }

  static List<Long> fill(MailboxProbe probe, String folder, int count) {
    probe.create(folder);
    for (int i = 1; i <= count; i++) {
      probe.append(folder, TestMessages.message("<" + folder + "-" + i + "@example.com>", "m" + i));
    }
    return probe.list(folder).stream().map(MailboxProbe.Seen::uid).toList();
  }

  @Nested
  class Modern {
    @RegisterExtension
    static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

    @Test
    void capabilitiesTrashAndMoveWithCopyUid() {
      Endpoint endpoint = freshUser(DOVECOT.server());
      try (MailboxProbe probe = endpoint.probe();
          AtomicImapSession session = AtomicImapSession.open(endpoint.account().build())) {
        List<Long> uids = fill(probe, "Work", 3);
        ServerCapabilities caps = session.capabilities();
        assertThat(caps.move()).isTrue();
        assertThat(caps.uidPlus()).isTrue();
        assertThat(caps.specialUse()).isTrue();
        // Configured elsewhere, found through SPECIAL-USE.
        assertThat(session.trashFolder()).isEqualTo("Trash");

        long uv = session.select("Work").uidValidity();
        MoveResult result =
            session.moveToTrash("Work", uv, uids.subList(0, 2), new RecordingSink());
        assertThat(result.newUids()).containsOnlyKeys(uids.get(0), uids.get(1));
        assertThat(probe.messageIds("Trash"))
            .containsExactly("<Work-1@example.com>", "<Work-2@example.com>");
        assertThat(probe.messageIds("Work")).containsExactly("<Work-3@example.com>");
      }
    }

    @Test
    void longUidSetsAreChunkedBelowDovecotsLimits() {
      Endpoint endpoint = freshUser(DOVECOT.server());
      try (MailboxProbe probe = endpoint.probe();
          AtomicImapSession session =
              AtomicImapSession.open(endpoint.account().maxUidSetLength(64).build())) {
        List<Long> uids = fill(probe, "Bulk", 120);
        List<Long> odd = new ArrayList<>();
        for (int i = 0; i < uids.size(); i += 2) {
          odd.add(uids.get(i));
        }
        long uv = session.select("Bulk").uidValidity();
        FlagResult flagged = session.addFlags("Bulk", uv, odd, MessageFlags.FLAGGED);
        assertThat(flagged.applied()).hasSize(60);
        MoveResult moved = session.move("Bulk", uv, odd, "Archive", new RecordingSink());
        assertThat(moved.newUids()).hasSize(60);
        assertThat(probe.list("Archive")).hasSize(60).allMatch(m -> m.has(Flags.Flag.FLAGGED));
        assertThat(probe.list("Bulk")).hasSize(60).noneMatch(m -> m.has(Flags.Flag.FLAGGED));
      }
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() {
      Endpoint endpoint = freshUser(DOVECOT.server());
      Endpoint wrong = new Endpoint(endpoint.host(), endpoint.port(), endpoint.user(), "nope");
      assertThatThrownBy(() -> AtomicImapSession.open(wrong.account().build()))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED);
                assertThat(e.getMessage()).doesNotContain("nope");
              });
    }
  }

  @Nested
  class OldServer {
    @RegisterExtension
    static final DovecotExtension DOVECOT =
        new DovecotExtension(DovecotServer.Profile.OLD_NO_MOVE_NO_UIDPLUS);

    @Test
    void movesWithoutMoveOrUidPlusAndFindsTheNewUidsByMessageId() {
      Endpoint endpoint = freshUser(DOVECOT.server());
      try (MailboxProbe probe = endpoint.probe();
          AtomicImapSession session = AtomicImapSession.open(endpoint.account().build())) {
        List<Long> uids = fill(probe, "Work", 3);
        probe.create("Done");
        assertThat(session.capabilities().moveStrategy())
            .isEqualTo(ServerCapabilities.MoveStrategy.COPY_FLAG_DELETED);
        long uv = session.select("Work").uidValidity();

        MoveResult result =
            session.move("Work", uv, uids.subList(0, 2), "Done", new RecordingSink());

        List<MailboxProbe.Seen> done = probe.list("Done");
        assertThat(done)
            .extracting(MailboxProbe.Seen::messageId)
            .containsExactly("<Work-1@example.com>", "<Work-2@example.com>");
        assertThat(result.newUids())
            .containsEntry(uids.get(0), done.get(0).uid())
            .containsEntry(uids.get(1), done.get(1).uid());
        // Default policy: the originals stay, flagged \Deleted; nothing was expunged.
        assertThat(result.leftDeletedInSource()).containsExactly(uids.get(0), uids.get(1));
        assertThat(probe.list("Work")).hasSize(3);
      }
    }

    @Test
    void scopedExpungeKeepsAnotherClientsDeletedMessage() {
      Endpoint endpoint = freshUser(DOVECOT.server());
      try (MailboxProbe probe = endpoint.probe();
          AtomicImapSession session =
              AtomicImapSession.open(
                  endpoint.account().noUidPlusPolicy(NoUidPlusPolicy.SCOPED_EXPUNGE).build())) {
        List<Long> uids = fill(probe, "Work", 3);
        probe.setFlag("Work", uids.get(2), Flags.Flag.DELETED, true);
        long uv = session.select("Work").uidValidity();

        DeleteResult result = session.permanentDelete("Work", uv, List.of(uids.get(0)));

        assertThat(result.deleted()).containsExactly(uids.get(0));
        List<MailboxProbe.Seen> left = probe.list("Work");
        assertThat(left)
            .extracting(MailboxProbe.Seen::uid)
            .containsExactly(uids.get(1), uids.get(2));
        assertThat(left.get(1).has(Flags.Flag.DELETED)).isTrue();
      }
    }
  }

  @Nested
  class Tls {
    @RegisterExtension
    static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.TLS);

    private ImapAccount.Builder account(DovecotServer server) {
      return ImapAccount.builder(
              "127.0.0.1", "tls-user", CredentialsProvider.password(server.password()))
          .port(server.port());
    }

    private static java.security.cert.X509Certificate certificate(DovecotServer server) {
      try {
        java.security.KeyStore trust = server.trustStore();
        String alias = trust.aliases().nextElement();
        return (java.security.cert.X509Certificate) trust.getCertificate(alias);
      } catch (java.security.KeyStoreException e) {
        throw new IllegalStateException(e);
      }
    }

    @Test
    void implicitTlsIsTheDefaultAndChecksTheCertificate() {
      DovecotServer server = DOVECOT.server();
      try (AtomicImapSession session =
          AtomicImapSession.open(
              account(server).sslSocketFactory(server.sslSocketFactory()).build())) {
        assertThat(session.account().tlsMode()).isEqualTo(TlsMode.IMPLICIT);
        assertThat(session.select("INBOX").uidValidity()).isPositive();
      }
      // Trusting just the test certificate works as well.
      try (AtomicImapSession session =
          AtomicImapSession.open(
              account(server).trustedCertificates(certificate(server)).build())) {
        assertThat(session.capabilities().move()).isTrue();
      }
      // The JVM's trust store does not know the test CA: refused, classified as account-level.
      assertThatThrownBy(() -> AtomicImapSession.open(account(server).build()))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.TLS_FAILED));
    }
  }

  @Nested
  class WrongHostName {
    @RegisterExtension
    static final DovecotExtension DOVECOT =
        new DovecotExtension(DovecotServer.Profile.TLS_WRONG_HOST_NAME);

    @Test
    void aCertificateForAnotherHostIsRefused() {
      DovecotServer server = DOVECOT.server();
      ImapAccount account =
          ImapAccount.builder(
                  "127.0.0.1", "tls-user", CredentialsProvider.password(server.password()))
              .port(server.port())
              .sslSocketFactory(server.sslSocketFactory())
              .build();
      assertThatThrownBy(() -> AtomicImapSession.open(account))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.TLS_FAILED));
    }
  }
}
