package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.testing.ScriptedImapServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Odd and broken server answers that real servers do not give on demand. */
class ScriptedServerTest {
  private static final String META =
      "UID FETCH %s \\(UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK\\[HEADER.FIELDS \\(MESSAGE-ID\\)\\]\\)";

  /** FETCH response lines for one message, its Message-ID header as a literal. */
  static List<String> fetch(int seq, long uid, String messageId, int size) {
    String header = "Message-ID: " + messageId;
    int literal = header.length() + 2 + 2;
    return List.of(
        "* "
            + seq
            + " FETCH (UID "
            + uid
            + " FLAGS () RFC822.SIZE "
            + size
            + " INTERNALDATE \"02-Mar-2026 10:00:00 +0000\" BODY[HEADER.FIELDS (MESSAGE-ID)] {"
            + literal
            + "}",
        header,
        "",
        ")");
  }

  static String[] lines(List<String> first, List<String> second, String last) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    all.add(last);
    return all.toArray(String[]::new);
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static ImapAccount account(ScriptedImapServer server) {
    return ImapAccount.builder(server.host(), "user", CredentialsProvider.password("pw"))
        .tlsMode(TlsMode.NONE)
        .port(server.port())
        .readTimeout(java.time.Duration.ofSeconds(5))
        .build();
  }

  private static ScriptedImapServer.Builder movingTwo() {
    return ScriptedImapServer.builder()
        .mailbox(7, 3, 2)
        .expect("UID SEARCH UID 1:2", "* SEARCH 1 2", "{tag} OK SEARCH done")
        .expect(
            String.format(META, "1:2"),
            lines(fetch(1, 1, "<a@x>", 100), fetch(2, 2, "<b@x>", 200), "{tag} OK FETCH done"))
        .expect(
            "STATUS Archive \\(UIDVALIDITY UIDNEXT\\)",
            "* STATUS Archive (UIDVALIDITY 7 UIDNEXT 20)",
            "{tag} OK STATUS done");
  }

  @Test
  void withoutCopyUidTheNewUidsAreFoundByMessageId() {
    try (ScriptedImapServer server =
            movingTwo()
                .expect("UID MOVE 1:2 Archive", "{tag} OK Moved, but no COPYUID")
                .expect(
                    String.format(META, "20:\\*"),
                    lines(fetch(1, 21, "<b@x>", 200), fetch(2, 20, "<a@x>", 100), "{tag} OK done"))
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      MoveResult result = session.move("INBOX", 7, List.of(1L, 2L), "Archive", new RecordingSink());
      assertThat(result.newUids()).containsEntry(1L, 20L).containsEntry(2L, 21L);
      assertThat(server.unexpectedCommands()).isEmpty();
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void aMalformedCopyUidIsIgnoredAndTheSearchUsed() {
    try (ScriptedImapServer server =
            movingTwo()
                .expect("UID MOVE 1:2 Archive", "{tag} OK [COPYUID 7 1:2 20] Moved")
                .expect(
                    String.format(META, "20:\\*"),
                    lines(fetch(1, 20, "<a@x>", 100), fetch(2, 22, "<b@x>", 200), "{tag} OK done"))
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      MoveResult result = session.move("INBOX", 7, List.of(1L, 2L), "Archive", new RecordingSink());
      assertThat(result.newUids()).containsEntry(1L, 20L).containsEntry(2L, 22L);
    }
  }

  @Test
  void everyCopyUidOfAMoveIsRead() {
    try (ScriptedImapServer server =
            movingTwo()
                .expect(
                    "UID MOVE 1:2 Archive",
                    "* OK [COPYUID 7 1 30] Moved one",
                    "* 1 EXPUNGE",
                    "* OK [COPYUID 7 2 35] Moved another",
                    "* 1 EXPUNGE",
                    "{tag} OK Done")
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      MoveResult result = session.move("INBOX", 7, List.of(1L, 2L), "Archive", new RecordingSink());
      assertThat(result.newUids()).containsEntry(1L, 30L).containsEntry(2L, 35L);
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void ambiguousCopiesAreReportedMovedWithUnknownUid() {
    // Someone else delivered another copy of <a@x> after our UIDNEXT: which one is ours?
    try (ScriptedImapServer server =
            movingTwo()
                .expect("UID MOVE 1:2 Archive", "{tag} OK no COPYUID")
                .expect(
                    String.format(META, "20:\\*"),
                    lines(
                        fetch(1, 20, "<a@x>", 100),
                        concat(fetch(2, 21, "<a@x>", 100), fetch(3, 22, "<b@x>", 200)),
                        "{tag} OK done"))
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      MoveResult result = session.move("INBOX", 7, List.of(1L, 2L), "Archive", new RecordingSink());
      assertThat(result.newUids()).containsOnlyKeys(2L).containsEntry(2L, 22L);
      assertThat(result.movedUnknownUid()).containsExactly(1L);
    }
  }

  @Test
  void serverAnswersAreClassified() {
    assertClassified("{tag} NO [OVERQUOTA] Quota exceeded", FailureReason.QUOTA_EXCEEDED);
    assertClassified("{tag} NO [TRYCREATE] No such mailbox", FailureReason.FOLDER_NOT_FOUND);
    assertClassified("{tag} BAD Too long argument", FailureReason.SERVER_REJECTED);
    assertClassified("{tag} NO [INUSE] Mailbox in use", FailureReason.SERVER_BUSY);
    assertClassified("{tag} NO [NOPERM] Not allowed", FailureReason.NOT_PERMITTED);
  }

  private static void assertClassified(String answer, FailureReason reason) {
    try (ScriptedImapServer server = movingTwo().expect("UID MOVE 1:2 Archive", answer).start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      assertThatThrownBy(
              () -> session.move("INBOX", 7, List.of(1L, 2L), "Archive", new RecordingSink()))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> {
                assertThat(e.reason()).as(answer).isEqualTo(reason);
                assertThat(e.outcomeUnknown()).isFalse();
              });
    }
  }

  @Test
  void aHangUpMidCommandIsAConnectionLossWithUnknownOutcome() {
    try (ScriptedImapServer server =
            movingTwo().expectThenDisconnect("UID MOVE 1:2 Archive", "* 1 EXPUNGE").start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      assertThatThrownBy(
              () -> session.move("INBOX", 7, List.of(1L, 2L), "Archive", new RecordingSink()))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.CONNECTION_LOST);
                assertThat(e.outcomeUnknown()).isTrue();
              });
      assertThat(session.selectedFolder()).isEmpty();
    }
  }

  @Test
  void aStaleUidValidityIsNeverActedOn() {
    try (ScriptedImapServer server = ScriptedImapServer.builder().mailbox(9, 3, 2).start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      assertThatThrownBy(() -> session.addFlags("INBOX", 7, List.of(1L), MessageFlags.SEEN))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.STALE_UIDVALIDITY));
      assertThat(server.commandsSeen()).noneMatch(c -> c.contains("STORE"));
    }
  }

  @Test
  void uidsAStoreReplyDoesNotNameAreSearchedForOnce() {
    // A FETCH without UID (allowed for unsolicited ones) proves nothing; UID 4 was not asked for.
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .mailbox(7, 5, 4)
                .expect(
                    "UID STORE 1:3 \\+FLAGS \\(\\\\Seen\\)",
                    "* 1 FETCH (FLAGS (\\Seen))",
                    "* 3 FETCH (UID 3 FLAGS (\\Seen))",
                    "* 4 FETCH (UID 4 FLAGS ())",
                    "{tag} OK STORE done")
                .expect("UID SEARCH UID 1:2", "* SEARCH 1", "{tag} OK SEARCH done")
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      FlagResult result = session.addFlags("INBOX", 7, List.of(1L, 2L, 3L), MessageFlags.SEEN);

      assertThat(result.applied()).containsExactly(1L, 3L);
      assertThat(result.missing()).containsExactly(2L);
      assertThat(server.remainingExpectations()).isEmpty();
      assertThat(server.unexpectedCommands()).isEmpty();
    }
  }
}
