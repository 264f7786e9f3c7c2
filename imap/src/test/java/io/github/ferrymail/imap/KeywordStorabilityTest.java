package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.imap.support.Batches;
import io.github.ferrymail.imap.testing.ScriptedImapServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A keyword the folder cannot store is a classified permanent failure, decided from the folder's
 * {@code PERMANENTFLAGS} before anything is sent. Real servers that allow no new keywords (Exchange
 * lists a fixed set without {@code \*}) are stood in for by scripted SELECT answers; GreenMail and
 * Dovecot allow {@code \*} (see {@link AbstractFlagCommandsTest}).
 */
class KeywordStorabilityTest {
  private static final long UIDVALIDITY = 7;

  private final Batches batches = new Batches();

  /** A SELECT answer with the given PERMANENTFLAGS line, or none when null. */
  private static String[] select(@Nullable String permanentFlags) {
    List<String> lines = new ArrayList<>();
    lines.add("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
    if (permanentFlags != null) {
      lines.add("* OK [PERMANENTFLAGS " + permanentFlags + "] Flags permitted");
    }
    lines.add("* 3 EXISTS");
    lines.add("* 0 RECENT");
    lines.add("* OK [UIDVALIDITY " + UIDVALIDITY + "] UIDs valid");
    lines.add("* OK [UIDNEXT 4] Predicted next UID");
    lines.add("{tag} OK [READ-WRITE] SELECT completed");
    return lines.toArray(String[]::new);
  }

  private static ImapAccount account(ScriptedImapServer server) {
    return ImapAccount.builder(server.host(), "user", CredentialsProvider.password("pw"))
        .tlsMode(TlsMode.NONE)
        .port(server.port())
        .readTimeout(Duration.ofSeconds(5))
        .build();
  }

  private BatchResult junk(ScriptedImapServer server, List<PendingOperation> ops) {
    try (ImapOperationExecutor executor = ImapOperationExecutor.create(key -> account(server))) {
      return executor.execute(Batches.batch(ops), CheckpointSink.NONE);
    }
  }

  private List<PendingOperation> junkOps() {
    return batches.pending(
        Operation::markJunk,
        List.of(
            MessageRef.of("acct", "INBOX", UIDVALIDITY, 1),
            MessageRef.of("acct", "INBOX", UIDVALIDITY, 2)));
  }

  @Test
  void aKeywordTheFolderNeitherListsNorAllowsFailsEveryOperationAndNothingIsStored() {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .expect("SELECT INBOX", select("(\\Answered \\Flagged \\Deleted \\Seen \\Draft)"))
            .start()) {
      List<PendingOperation> ops = junkOps();

      BatchResult result = junk(server, ops);

      for (PendingOperation op : ops) {
        assertThat(result.outcome(op.id()))
            .get()
            .isInstanceOfSatisfying(
                OperationOutcome.Failed.class,
                failed -> {
                  assertThat(failed.error().reason()).isEqualTo(FailureReason.KEYWORD_NOT_STORABLE);
                  assertThat(failed.error().category()).isEqualTo(FailureCategory.PERMANENT);
                  assertThat(failed.error().getMessage())
                      .contains("'$Junk'")
                      .contains("'INBOX'")
                      .contains("PERMANENTFLAGS");
                });
      }
      assertThat(server.commandsSeen()).noneMatch(c -> c.contains("STORE"));
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void aListedKeywordIsStoredWhateverItsCaseAndAnUnlistedOneMayStillBeRemoved() {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .expect("SELECT INBOX", select("(\\Seen \\Flagged $junk)"))
            .expect(
                "UID STORE 1:2 \\+FLAGS \\(\\$Junk\\)",
                "* 1 FETCH (UID 1 FLAGS ($junk))",
                "* 2 FETCH (UID 2 FLAGS ($junk))",
                "{tag} OK STORE completed")
            .expect("UID STORE 1:2 -FLAGS \\(\\$NotJunk\\)", "{tag} OK STORE completed")
            .start()) {
      List<PendingOperation> ops = junkOps();

      BatchResult result = junk(server, ops);

      assertThat(ops)
          .allSatisfy(
              op -> assertThat(result.outcome(op.id())).contains(OperationOutcome.succeeded(null)));
      assertThat(server.remainingExpectations()).isEmpty();
      assertThat(server.unexpectedCommands()).isEmpty();
    }
  }

  @Test
  void withoutPermanentFlagsEveryKeywordIsTakenToBeStoredAsRfc9051Says() {
    // Angus would put the FLAGS list in PERMANENTFLAGS' place and refuse $label1.
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .expect("SELECT INBOX", select(null))
                .expect(
                    "UID STORE 1 \\+FLAGS \\(\\$label1\\)",
                    "* 1 FETCH (UID 1 FLAGS ($label1))",
                    "{tag} OK STORE completed")
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      FlagResult result =
          session.changeFlags("INBOX", UIDVALIDITY, List.of(1L), FlagDelta.adding("$label1"));

      assertThat(result.applied()).containsExactly(1L);
      assertThat(session.selectedFolder().orElseThrow().permanentFlags()).isNull();
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void theSelectedFolderReportsItsPermanentFlags() {
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .expect("SELECT INBOX", select("(\\Seen \\Flagged $MDNSent)"))
                .expect("SELECT Work", select("(\\Seen \\*)"))
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      SelectedFolder inbox = session.select("INBOX");

      assertThat(inbox.permanentFlags())
          .containsExactlyInAnyOrder("\\Seen", "\\Flagged", "$MDNSent");
      assertThat(inbox.storesKeyword("$mdnsent")).isTrue();
      assertThat(inbox.storesKeyword("$Junk")).isFalse();

      SelectedFolder work = session.select("Work");
      assertThat(work.permanentFlags()).contains(SelectedFolder.NEW_KEYWORDS);
      assertThat(work.storesKeyword("$Junk")).isTrue();
    }
  }

  @Test
  void theSessionRefusesBeforeSendingAndSaysSo() {
    try (ScriptedImapServer server =
            ScriptedImapServer.builder().expect("SELECT INBOX", select("(\\Seen)")).start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      assertThatThrownBy(
              () ->
                  session.changeFlags(
                      "INBOX", UIDVALIDITY, List.of(1L), FlagDelta.adding("\\Seen", "Work")))
          .isInstanceOfSatisfying(
              ImapOperationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.KEYWORD_NOT_STORABLE);
                assertThat(e.outcomeUnknown()).isFalse();
              })
          .hasMessageContaining("'Work'")
          .hasMessageContaining("nothing was changed");
      assertThat(server.commandsSeen()).noneMatch(c -> c.contains("STORE"));
    }
  }
}
