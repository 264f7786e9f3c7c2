package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.support.TestMessages;
import jakarta.mail.Flags;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Moves, trash, restore and delete on GreenMail, with each strategy. */
class SessionMoveTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  /** The three strategies, forced on GreenMail (which has MOVE and UIDPLUS) by ignoring some. */
  enum Server {
    MOVE(b -> b),
    UIDPLUS_ONLY(b -> b.ignoreCapabilities("MOVE")),
    NEITHER_LEAVE_DELETED(b -> b.ignoreCapabilities("MOVE", "UIDPLUS")),
    NEITHER_SCOPED_EXPUNGE(
        b ->
            b.ignoreCapabilities("MOVE", "UIDPLUS")
                .noUidPlusPolicy(NoUidPlusPolicy.SCOPED_EXPUNGE));

    final UnaryOperator<ImapAccount.Builder> config;

    Server(UnaryOperator<ImapAccount.Builder> config) {
      this.config = config;
    }

    boolean leavesOriginals() {
      return this == NEITHER_LEAVE_DELETED;
    }
  }

  private final RecordingSink sink = new RecordingSink();
  private MailboxProbe probe;
  private AtomicImapSession session;

  @BeforeEach
  void setUp() {
    for (int i = 1; i <= 4; i++) {
      GreenMailServer.deliver(greenMail, "<m" + i + "@example.com>", "message " + i);
    }
    GreenMailServer.createFolder(greenMail, "Archive");
    probe = GreenMailServer.probe(greenMail);
  }

  @AfterEach
  void tearDown() {
    if (session != null) {
      session.close();
    }
    probe.close();
  }

  private AtomicImapSession open(Server server) {
    session =
        AtomicImapSession.open(server.config.apply(GreenMailServer.account(greenMail)).build());
    return session;
  }

  /** Messages in a folder that a user would see (not flagged \Deleted). */
  private List<String> visible(String folder) {
    return probe.list(folder).stream()
        .filter(m -> !m.has(Flags.Flag.DELETED))
        .map(MailboxProbe.Seen::messageId)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void movesAUidSetAndReportsEveryNewUid(Server server) {
    open(server);
    // Another client's message flagged \Deleted in the source must survive our move.
    probe.setFlag("INBOX", 4, Flags.Flag.DELETED, true);
    long uv = session.select("INBOX").uidValidity();
    long archiveUidNext = session.select("Archive").uidNext();

    MoveResult result = session.move("INBOX", uv, List.of(1L, 3L), "Archive", sink);

    assertThat(result.newUids()).containsOnlyKeys(1L, 3L);
    assertThat(result.destinationUidValidity()).isEqualTo(probe.uidValidity("Archive"));
    Map<Long, String> archive = new java.util.TreeMap<>();
    probe.list("Archive").forEach(m -> archive.put(m.uid(), m.messageId()));
    assertThat(archive.get(result.newUids().get(1L))).isEqualTo("<m1@example.com>");
    assertThat(archive.get(result.newUids().get(3L))).isEqualTo("<m3@example.com>");
    assertThat(archive).hasSize(2);
    assertThat(visible("INBOX")).containsExactly("<m2@example.com>");
    // The other client's \Deleted message is still there, still flagged.
    assertThat(probe.list("INBOX"))
        .anySatisfy(
            m -> {
              assertThat(m.messageId()).isEqualTo("<m4@example.com>");
              assertThat(m.has(Flags.Flag.DELETED)).isTrue();
            });
    if (server.leavesOriginals()) {
      assertThat(result.leftDeletedInSource()).containsExactly(1L, 3L);
      assertThat(probe.list("INBOX")).hasSize(4);
    } else {
      assertThat(result.leftDeletedInSource()).isEmpty();
      assertThat(probe.messageIds("INBOX")).containsExactly("<m2@example.com>", "<m4@example.com>");
    }
    // The checkpoint came first, with what a retry needs.
    Checkpoint cp = sink.last();
    assertThat(cp.sourceFolder()).isEqualTo("INBOX");
    assertThat(cp.destinationFolder()).isEqualTo("Archive");
    assertThat(cp.destinationUidNext()).isEqualTo(archiveUidNext);
    assertThat(cp.messageIds())
        .containsExactly(Map.entry(1L, "<m1@example.com>"), Map.entry(3L, "<m3@example.com>"));
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void findsCopiesWithoutMessageIdOrWithDuplicatedMessageIds(Server server) {
    GreenMailServer.user(greenMail).deliver(TestMessages.message(null, "no id", "first body"));
    GreenMailServer.user(greenMail).deliver(TestMessages.message("<dup@x>", "dup", "same"));
    GreenMailServer.user(greenMail).deliver(TestMessages.message("<dup@x>", "dup", "same"));
    open(server);
    long uv = session.select("INBOX").uidValidity();

    MoveResult result = session.move("INBOX", uv, List.of(5L, 6L, 7L), "Archive", sink);

    assertThat(result.moved(5)).isTrue();
    assertThat(result.moved(6)).isTrue();
    assertThat(result.moved(7)).isTrue();
    assertThat(result.newUids().values()).doesNotHaveDuplicates();
    assertThat(probe.messageIds("Archive")).containsExactlyInAnyOrder("", "<dup@x>", "<dup@x>");
    assertThat(visible("INBOX")).hasSize(4);
  }

  @Test
  void reportsMissingMessagesAndMovesTheRest() {
    open(Server.MOVE);
    long uv = session.select("INBOX").uidValidity();
    MoveResult result = session.move("INBOX", uv, List.of(2L, 77L), "Archive", sink);
    assertThat(result.newUids()).containsOnlyKeys(2L);
    assertThat(result.missing()).containsExactly(77L);
  }

  @Test
  void nothingToMoveSavesNoCheckpoint() {
    open(Server.MOVE);
    long uv = session.select("INBOX").uidValidity();
    MoveResult result = session.move("INBOX", uv, List.of(50L), "Archive", sink);
    assertThat(result.missing()).containsExactly(50L);
    assertThat(sink.saved()).isEmpty();
  }

  @Test
  void aMissingDestinationIsClassifiedAndNothingMoves() {
    open(Server.MOVE);
    long uv = session.select("INBOX").uidValidity();
    assertThatThrownBy(() -> session.move("INBOX", uv, List.of(1L), "Nowhere", sink))
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.FOLDER_NOT_FOUND));
    assertThat(probe.list("INBOX")).hasSize(4);
  }

  @Test
  void createsAMissingDestinationWhenConfigured() {
    session =
        AtomicImapSession.open(
            GreenMailServer.account(greenMail).createMissingFolders(true).build());
    long uv = session.select("INBOX").uidValidity();
    MoveResult result = session.move("INBOX", uv, List.of(1L), "New/Sub", sink);
    assertThat(result.newUids()).containsOnlyKeys(1L);
    assertThat(probe.messageIds("New/Sub")).containsExactly("<m1@example.com>");
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void movesToTrashAndRestores(Server server) {
    GreenMailServer.createFolder(greenMail, "Trash");
    open(server);
    assertThat(session.trashFolder()).isEqualTo("Trash");
    long uv = session.select("INBOX").uidValidity();

    MoveResult trashed = session.moveToTrash("INBOX", uv, List.of(2L), sink);
    assertThat(visible("Trash")).containsExactly("<m2@example.com>");
    assertThat(trashed.destinationFolder()).isEqualTo("Trash");

    long trashUid = trashed.newUid(2).orElseThrow();
    MoveResult restored =
        session.restore(
            "Trash", trashed.destinationUidValidity(), List.of(trashUid), "INBOX", sink);
    assertThat(visible("Trash")).isEmpty();
    assertThat(visible("INBOX"))
        .containsExactlyInAnyOrder(
            "<m1@example.com>", "<m2@example.com>", "<m3@example.com>", "<m4@example.com>");
    assertThat(restored.newUid(trashUid)).isPresent();
  }

  @Test
  void usesTheConfiguredTrashName() {
    GreenMailServer.createFolder(greenMail, "Deleted Items");
    session =
        AtomicImapSession.open(
            GreenMailServer.account(greenMail).trashFolder("Deleted Items").build());
    assertThat(session.trashFolder()).isEqualTo("Deleted Items");
    long uv = session.select("INBOX").uidValidity();
    session.moveToTrash("INBOX", uv, List.of(1L), sink);
    assertThat(probe.messageIds("Deleted Items")).containsExactly("<m1@example.com>");
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void deletesForGoodOnlyTheGivenUids(Server server) {
    open(server);
    probe.setFlag("INBOX", 4, Flags.Flag.DELETED, true);
    long uv = session.select("INBOX").uidValidity();

    DeleteResult result = session.permanentDelete("INBOX", uv, List.of(1L, 2L, 99L));

    assertThat(result.missing()).containsExactly(99L);
    assertThat(visible("INBOX")).containsExactly("<m3@example.com>");
    assertThat(probe.list("INBOX"))
        .anySatisfy(
            m -> {
              assertThat(m.messageId()).isEqualTo("<m4@example.com>");
              assertThat(m.has(Flags.Flag.DELETED)).isTrue();
            });
    if (server.leavesOriginals()) {
      assertThat(result.flaggedOnly()).containsExactly(1L, 2L);
    } else {
      assertThat(result.deleted()).containsExactly(1L, 2L);
      assertThat(probe.list("INBOX")).hasSize(2);
    }
    // Again: already gone (or already flagged) is the wished state, not an error.
    DeleteResult again = session.permanentDelete("INBOX", uv, List.of(1L, 2L));
    assertThat(again.deleted().size() + again.flaggedOnly().size() + again.missing().size())
        .isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void folderNamesWithSpacesQuotesAndNonAscii(Server server) {
    String odd = "Über \"Ordner\" mit Leerzeichen";
    probe.create(odd);
    open(server);
    long uv = session.select("INBOX").uidValidity();
    MoveResult result = session.move("INBOX", uv, List.of(1L, 2L), odd, sink);
    assertThat(result.newUids()).containsOnlyKeys(1L, 2L);
    assertThat(probe.messageIds(odd)).containsExactly("<m1@example.com>", "<m2@example.com>");
    long oddUv = session.select(odd).uidValidity();
    session.move(odd, oddUv, result.newUids().values(), "INBOX", sink);
    assertThat(visible(odd)).isEmpty();
    assertThat(visible("INBOX")).hasSize(4);
  }

  @Test
  void rejectsBadInput() {
    open(Server.MOVE);
    CheckpointSink none = CheckpointSink.NONE;
    assertThatThrownBy(() -> session.move("INBOX", 1, List.of(1L), "INBOX", none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> session.move("INBOX", 1, List.of(1L), "inbox", none))
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> session.move("INBOX", 1, List.of(1L), " ", none))
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> session.move("INBOX", 1, List.of(0L), "Archive", none))
        .hasMessageContaining("uids");
    assertThatThrownBy(() -> session.move("INBOX", 1, List.of(1L), "Archive", null))
        .hasMessageContaining("checkpoints");
    assertThatThrownBy(() -> session.permanentDelete("INBOX", 1, java.util.Arrays.asList(1L, null)))
        .hasMessageContaining("uids");
    assertThat(probe.list("INBOX")).hasSize(4);
  }
}
