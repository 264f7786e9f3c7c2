package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingSink;
import jakarta.mail.Flags;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reconciliation from a checkpoint, each state an interrupted attempt can leave, made on purpose
 * with a second client. (The same states made by real dropped connections are in
 * FaultInjectionTest.)
 */
class SessionResumeTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  private final RecordingSink sink = new RecordingSink();
  private MailboxProbe probe;
  private AtomicImapSession session;
  private long uv;

  @BeforeEach
  void setUp() {
    for (int i = 1; i <= 3; i++) {
      GreenMailServer.deliver(greenMail, "<m" + i + "@example.com>", "message " + i);
    }
    GreenMailServer.createFolder(greenMail, "Archive");
    probe = GreenMailServer.probe(greenMail);
  }

  @AfterEach
  void tearDown() {
    session.close();
    probe.close();
  }

  private void open(SessionMoveTest.Server server) {
    session =
        AtomicImapSession.open(server.config.apply(GreenMailServer.account(greenMail)).build());
    uv = session.select("INBOX").uidValidity();
  }

  /** Starts a move and stops it right after the checkpoint, before anything is copied. */
  private Checkpoint checkpointOnly(List<Long> uids) {
    assertThatThrownBy(
            () ->
                session.move(
                    "INBOX",
                    uv,
                    uids,
                    "Archive",
                    cp -> {
                      sink.save(cp);
                      throw new LeaseLostException("test: lease lost after the checkpoint");
                    }))
        .isInstanceOf(LeaseLostException.class);
    return sink.last();
  }

  private List<String> visible(String folder) {
    return probe.list(folder).stream()
        .filter(m -> !m.has(Flags.Flag.DELETED))
        .map(MailboxProbe.Seen::messageId)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(SessionMoveTest.Server.class)
  void sourcePresentDestinationAbsentIsRedone(SessionMoveTest.Server server) {
    open(server);
    Checkpoint cp = checkpointOnly(List.of(1L, 2L));
    assertThat(probe.list("Archive")).isEmpty();

    MoveResult result = session.resumeMove(cp, List.of(1L, 2L), sink);

    assertThat(result.newUids()).containsOnlyKeys(1L, 2L);
    assertThat(probe.messageIds("Archive")).containsExactly("<m1@example.com>", "<m2@example.com>");
    assertThat(visible("INBOX")).containsExactly("<m3@example.com>");
  }

  @ParameterizedTest
  @EnumSource(SessionMoveTest.Server.class)
  void bothPresentMeansTheCopyHappenedAndOnlyTheDeleteIsFinished(SessionMoveTest.Server server) {
    open(server);
    Checkpoint cp = checkpointOnly(List.of(1L, 2L));
    // The earlier attempt's COPY reached the server; its reply was lost.
    probe.copy("INBOX", 1, "Archive");
    probe.copy("INBOX", 2, "Archive");

    MoveResult result = session.resumeMove(cp, List.of(1L, 2L), sink);

    assertThat(probe.messageIds("Archive")).containsExactly("<m1@example.com>", "<m2@example.com>");
    assertThat(visible("INBOX")).containsExactly("<m3@example.com>");
    List<MailboxProbe.Seen> archive = probe.list("Archive");
    assertThat(result.newUids()).containsEntry(1L, archive.get(0).uid());
    assertThat(result.newUids()).containsEntry(2L, archive.get(1).uid());
  }

  @ParameterizedTest
  @EnumSource(SessionMoveTest.Server.class)
  void sourceGoneDestinationPresentIsDone(SessionMoveTest.Server server) {
    open(server);
    Checkpoint cp = checkpointOnly(List.of(1L, 2L));
    probe.move("INBOX", 1, "Archive");
    probe.move("INBOX", 2, "Archive");

    MoveResult result = session.resumeMove(cp, List.of(1L, 2L), sink);

    assertThat(probe.messageIds("Archive")).containsExactly("<m1@example.com>", "<m2@example.com>");
    assertThat(result.newUids()).containsOnlyKeys(1L, 2L);
    assertThat(result.missing()).isEmpty();
  }

  @Test
  void mixedStatesAreEachReconciled() {
    open(SessionMoveTest.Server.UIDPLUS_ONLY);
    Checkpoint cp = checkpointOnly(List.of(1L, 2L, 3L));
    probe.move("INBOX", 1, "Archive"); // done
    probe.copy("INBOX", 2, "Archive"); // copied only
    // 3: nothing happened

    MoveResult result = session.resumeMove(cp, List.of(1L, 2L, 3L), sink);

    assertThat(probe.messageIds("Archive"))
        .containsExactly("<m1@example.com>", "<m2@example.com>", "<m3@example.com>");
    assertThat(probe.list("INBOX")).isEmpty();
    assertThat(result.newUids()).containsOnlyKeys(1L, 2L, 3L);
    // The redo saved a checkpoint that still covers the first attempt's copies.
    assertThat(sink.last().destinationUidNext()).isEqualTo(cp.destinationUidNext());
  }

  @Test
  void sourceGoneAndNotInDestinationIsMissing() {
    open(SessionMoveTest.Server.MOVE);
    Checkpoint cp = checkpointOnly(List.of(1L));
    probe.setFlag("INBOX", 1, Flags.Flag.DELETED, true);
    session.permanentDelete("INBOX", uv, List.of(1L));

    MoveResult result = session.resumeMove(cp, List.of(1L), sink);

    assertThat(result.missing()).containsExactly(1L);
    assertThat(probe.list("Archive")).isEmpty();
  }

  @Test
  void resumingTwiceChangesNothingMore() {
    open(SessionMoveTest.Server.MOVE);
    Checkpoint cp = checkpointOnly(List.of(1L, 2L));
    MoveResult first = session.resumeMove(cp, List.of(1L, 2L), sink);
    MoveResult second = session.resumeMove(cp, List.of(1L, 2L), sink);
    assertThat(second.newUids()).isEqualTo(first.newUids());
    assertThat(probe.messageIds("Archive")).hasSize(2);
  }

  @Test
  void aStaleSourceIsRefused() {
    open(SessionMoveTest.Server.MOVE);
    Checkpoint cp = checkpointOnly(List.of(1L));
    Checkpoint stale =
        new Checkpoint(
            cp.sourceFolder(),
            cp.sourceUidValidity() + 1,
            cp.destinationFolder(),
            cp.destinationUidValidity(),
            cp.destinationUidNext(),
            cp.messageIds());
    assertThatThrownBy(() -> session.resumeMove(stale, List.of(1L), sink))
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(io.github.ferrymail.core.FailureReason.STALE_UIDVALIDITY));
    assertThat(probe.list("INBOX")).hasSize(3);
  }
}
