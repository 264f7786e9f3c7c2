package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import jakarta.mail.Flags;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionFlagsTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  private AtomicImapSession session;
  private MailboxProbe probe;

  @BeforeEach
  void setUp() {
    for (int i = 1; i <= 5; i++) {
      GreenMailServer.deliver(greenMail, "<m" + i + "@example.com>", "message " + i);
    }
    session = AtomicImapSession.open(GreenMailServer.account(greenMail).build());
    probe = GreenMailServer.probe(greenMail);
  }

  @AfterEach
  void tearDown() {
    session.close();
    probe.close();
  }

  private long inboxUidValidity() {
    return session.select("INBOX").uidValidity();
  }

  @Test
  void knowsCapabilitiesAfterLogin() {
    ServerCapabilities caps = session.capabilities();
    assertThat(caps.move()).isTrue();
    assertThat(caps.uidPlus()).isTrue();
    assertThat(caps.moveStrategy()).isEqualTo(ServerCapabilities.MoveStrategy.UID_MOVE);
  }

  @Test
  void setsAndClearsSeenOnAUidSetAndIsIdempotent() {
    long uv = inboxUidValidity();
    FlagResult first = session.addFlags("INBOX", uv, List.of(1L, 2L, 3L), MessageFlags.SEEN);
    FlagResult again = session.addFlags("INBOX", uv, List.of(1L, 2L, 3L), MessageFlags.SEEN);

    assertThat(first.applied()).containsExactly(1L, 2L, 3L);
    assertThat(again.applied()).containsExactly(1L, 2L, 3L);
    assertThat(probe.list("INBOX"))
        .allSatisfy(m -> assertThat(m.has(Flags.Flag.SEEN)).isEqualTo(m.uid() <= 3));

    session.removeFlags("INBOX", uv, List.of(2L), MessageFlags.SEEN);
    assertThat(probe.list("INBOX"))
        .allSatisfy(
            m -> assertThat(m.has(Flags.Flag.SEEN)).isEqualTo(m.uid() == 1 || m.uid() == 3));
  }

  @Test
  void setsFlaggedAndKeywords() {
    long uv = inboxUidValidity();
    session.addFlags("INBOX", uv, List.of(4L), MessageFlags.FLAGGED);
    session.addFlags("INBOX", uv, List.of(4L, 5L), MessageFlags.keywords("$Important"));
    session.removeFlags("INBOX", uv, List.of(5L), MessageFlags.keywords("$Important"));

    MailboxProbe.Seen four = probe.list("INBOX").get(3);
    MailboxProbe.Seen five = probe.list("INBOX").get(4);
    assertThat(four.has(Flags.Flag.FLAGGED)).isTrue();
    assertThat(four.hasKeyword("$Important")).isTrue();
    assertThat(five.hasKeyword("$Important")).isFalse();
    assertThat(five.has(Flags.Flag.FLAGGED)).isFalse();
  }

  @Test
  void reportsMissingUidsWithoutFailingTheOthers() {
    long uv = inboxUidValidity();
    FlagResult result = session.addFlags("INBOX", uv, List.of(2L, 99L, 100L), MessageFlags.SEEN);
    assertThat(result.applied()).containsExactly(2L);
    assertThat(result.missing()).containsExactly(99L, 100L);
  }

  @Test
  void refusesAStaleUidValidity() {
    long uv = inboxUidValidity();
    assertThatThrownBy(() -> session.addFlags("INBOX", uv + 1, List.of(1L), MessageFlags.SEEN))
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.STALE_UIDVALIDITY));
    assertThat(probe.list("INBOX")).noneMatch(m -> m.has(Flags.Flag.SEEN));
  }

  @Test
  void tracksTheSelectedFolder() {
    GreenMailServer.createFolder(greenMail, "Archive");
    assertThat(session.selectedFolder()).isEmpty();
    SelectedFolder inbox = session.select("INBOX");
    assertThat(session.selectedFolder()).contains(inbox);
    assertThat(inbox.readWrite()).isTrue();
    assertThat(inbox.uidNext()).isEqualTo(6);
    session.select("Archive");
    assertThat(session.selectedFolder().orElseThrow().name()).isEqualTo("Archive");
    session.addFlags("INBOX", inbox.uidValidity(), List.of(1L), MessageFlags.SEEN);
    assertThat(session.selectedFolder().orElseThrow().name()).isEqualTo("INBOX");
  }

  @Test
  void unknownFolderIsClassified() {
    assertThatThrownBy(() -> session.addFlags("Nope", 1, List.of(1L), MessageFlags.SEEN))
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.FOLDER_NOT_FOUND));
  }

  @Test
  void largeUidSetsAreCompressedAndChunked() {
    // 3,000 odd UIDs cannot be compressed into ranges: with a 200-byte limit they need many
    // commands, and every existing one must still get the flag.
    long uv = inboxUidValidity();
    AtomicImapSession small =
        AtomicImapSession.open(GreenMailServer.account(greenMail).maxUidSetLength(200).build());
    try {
      List<Long> uids = LongStream.rangeClosed(1, 3000).map(i -> 2 * i - 1).boxed().toList();
      FlagResult result = small.addFlags("INBOX", uv, uids, MessageFlags.FLAGGED);
      assertThat(result.applied()).containsExactly(1L, 3L, 5L);
      assertThat(result.missing()).hasSize(2997);
    } finally {
      small.close();
    }
    assertThat(probe.list("INBOX"))
        .allSatisfy(m -> assertThat(m.has(Flags.Flag.FLAGGED)).isEqualTo(m.uid() % 2 == 1));
  }

  @Test
  void badInputIsRejectedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> session.addFlags(null, 1, List.of(1L), MessageFlags.SEEN))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("folder");
    assertThatThrownBy(() -> session.addFlags(" ", 1, List.of(1L), MessageFlags.SEEN))
        .hasMessageContaining("folder");
    assertThatThrownBy(() -> session.addFlags("INBOX", 1, List.of(), MessageFlags.SEEN))
        .hasMessageContaining("uids");
    assertThatThrownBy(() -> session.addFlags("INBOX", 1, List.of(-3L), MessageFlags.SEEN))
        .hasMessageContaining("uids");
    assertThatThrownBy(() -> session.addFlags("INBOX", 0, List.of(1L), MessageFlags.SEEN))
        .hasMessageContaining("uidValidity");
    assertThatThrownBy(() -> MessageFlags.keywords("bad keyword")).hasMessageContaining("keyword");
    assertThatThrownBy(() -> new MessageFlags(false, false, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
