package io.github.ferrymail.imap;

import static io.github.ferrymail.imap.ScriptedServerTest.fetch;
import static io.github.ferrymail.imap.ScriptedServerTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.testing.ScriptedImapServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that lies or misbehaves on purpose, beyond {@link ScriptedServerTest}: a COPYUID naming
 * fewer, impossible or four billion UIDs, or carried by a tag never sent; a literal longer than
 * announced, or announced at 2 GB; a response line without end; BYE in mid-batch; silence. Each
 * ends in a classified failure or a correct result, within the read timeout (2 s here; every test
 * is bounded by {@code @Timeout}), with no message but the asked ones mapped or touched.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileServerTest {
  /** Ferry's bound on one server response (BoundedSockets.MAX_RESPONSE_BYTES). */
  private static final long RESPONSE_LIMIT = 64L * 1024 * 1024;

  private static final String META =
      "UID FETCH %s \\(UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK\\[HEADER.FIELDS \\(MESSAGE-ID\\)\\]\\)";

  private static ImapAccount account(ScriptedImapServer server) {
    return ImapAccount.builder(server.host(), "user", CredentialsProvider.password("pw"))
        .tlsMode(TlsMode.NONE)
        .port(server.port())
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** INBOX (UIDVALIDITY 7) holds UIDs 1 to 3; Archive (UIDVALIDITY 7) has UIDNEXT 20. */
  private static ScriptedImapServer.Builder movingThree() {
    return ScriptedImapServer.builder()
        .mailbox(7, 4, 3)
        .expect("UID SEARCH UID 1:3", "* SEARCH 1 2 3", "{tag} OK SEARCH done")
        .expect(
            String.format(META, "1:3"),
            lines(
                fetch(1, 1, "<a@x>", 100),
                ScriptedServerTest.concat(fetch(2, 2, "<b@x>", 200), fetch(3, 3, "<c@x>", 300)),
                "{tag} OK FETCH done"))
        .expect(
            "STATUS Archive \\(UIDVALIDITY UIDNEXT\\)",
            "* STATUS Archive (UIDVALIDITY 7 UIDNEXT 20)",
            "{tag} OK STATUS done");
  }

  /** Archive after the move, by Message-ID: 20 holds c, 21 a, 22 b. */
  private static ScriptedImapServer.Builder copiesFoundAt(ScriptedImapServer.Builder b) {
    return b.expect(
        String.format(META, "20:\\*"),
        lines(
            fetch(1, 20, "<c@x>", 300),
            ScriptedServerTest.concat(fetch(2, 21, "<a@x>", 100), fetch(3, 22, "<b@x>", 200)),
            "{tag} OK done"));
  }

  private static MoveResult moveThree(ScriptedImapServer server) {
    try (AtomicImapSession session = AtomicImapSession.open(account(server))) {
      return session.move("INBOX", 7, List.of(1L, 2L, 3L), "Archive", new RecordingSink());
    }
  }

  private static void assertFails(
      Runnable call, FailureReason reason, boolean outcomeUnknown, Consumer<String> message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ImapOperationException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.outcomeUnknown()).isEqualTo(outcomeUnknown);
              message.accept(e.getMessage());
            });
  }

  @Test
  void aCopyUidNamingFewerUidsThanAskedMapsThoseAndFindsTheRestByMessageId() {
    try (ScriptedImapServer server =
        movingThree()
            .expect("UID MOVE 1:3 Archive", "{tag} OK [COPYUID 7 1:2 30:31] Moved")
            .expect(
                String.format(META, "20:\\*"),
                lines(
                    fetch(1, 30, "<a@x>", 100),
                    ScriptedServerTest.concat(
                        fetch(2, 31, "<b@x>", 200), fetch(3, 32, "<c@x>", 300)),
                    "{tag} OK done"))
            .start()) {
      MoveResult result = moveThree(server);

      assertThat(result.newUids()).containsOnly(entry(1, 30), entry(2, 31), entry(3, 32));
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void aCopyUidBelowTheUidNextSeenBeforeIsNotBelieved() {
    // UIDs 5 to 7 existed before the move: believing them would point later flags at other mail.
    try (ScriptedImapServer server =
        copiesFoundAt(
                movingThree().expect("UID MOVE 1:3 Archive", "{tag} OK [COPYUID 7 1:3 5:7] Moved"))
            .start()) {
      assertThat(moveThree(server).newUids())
          .containsOnly(entry(1, 21), entry(2, 22), entry(3, 20));
    }
  }

  @Test
  void aCopyUidGivingOneDestinationTwiceIsNotBelieved() {
    try (ScriptedImapServer server =
        copiesFoundAt(
                movingThree()
                    .expect("UID MOVE 1:3 Archive", "{tag} OK [COPYUID 7 1:3 20,20,21] Moved"))
            .start()) {
      assertThat(moveThree(server).newUids())
          .containsOnly(entry(1, 21), entry(2, 22), entry(3, 20));
    }
  }

  @Test
  void aCopyUidOfFourBillionUidsIsNotExpanded() {
    try (ScriptedImapServer server =
        copiesFoundAt(
                movingThree()
                    .expect(
                        "UID MOVE 1:3 Archive",
                        "{tag} OK [COPYUID 7 1:4294967295 1:4294967295] Moved"))
            .start()) {
      assertThat(moveThree(server).newUids())
          .containsOnly(entry(1, 21), entry(2, 22), entry(3, 20));
    }
  }

  @Test
  void aCopyUidCarriedByATagNeverSentIsNotRead() {
    try (ScriptedImapServer server =
        copiesFoundAt(
                movingThree()
                    .expect(
                        "UID MOVE 1:3 Archive",
                        "ZZZ9 OK [COPYUID 7 1:3 50:52] not your command",
                        "{tag} OK Moved"))
            .start()) {
      assertThat(moveThree(server).newUids())
          .containsOnly(entry(1, 21), entry(2, 22), entry(3, 20));
    }
  }

  @Test
  void aTaggedNoForATagNeverSentDoesNotFailOurCommand() {
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .mailbox(7, 3, 2)
                .expect(
                    "UID STORE 1:2 \\+FLAGS \\(\\\\Seen\\)",
                    "* 1 FETCH (UID 1 FLAGS (\\Seen))",
                    "ZZZ1 NO [OVERQUOTA] not your command",
                    "* 2 FETCH (UID 2 FLAGS (\\Seen))",
                    "{tag} OK STORE done")
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      FlagResult result = session.addFlags("INBOX", 7, List.of(1L, 2L), MessageFlags.SEEN);

      assertThat(result.applied()).containsExactly(1L, 2L);
      assertThat(result.missing()).isEmpty();
    }
  }

  @Test
  void onlyATaggedAnswerForATagNeverSentEndsInATimeoutNotAHang() {
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .mailbox(7, 3, 2)
                .expectThenStall("UID STORE 1:2 \\+FLAGS \\(\\\\Seen\\)", "ZZZ1 OK done\r\n")
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      assertFails(
          () -> session.addFlags("INBOX", 7, List.of(1L, 2L), MessageFlags.SEEN),
          FailureReason.TIMEOUT,
          true,
          m -> {});
    }
  }

  @Test
  void aLiteralLongerThanAnnouncedFailsTheMoveBeforeAnythingChanges() {
    // {10} announced, 17 bytes sent: Angus reads "Message-ID", takes the rest of the line as more
    // of the response, cannot parse it and drops UID 2's answer without a word.
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .mailbox(7, 4, 3)
            .expect("UID SEARCH UID 1:3", "* SEARCH 1 2 3", "{tag} OK SEARCH done")
            .expect(
                String.format(META, "1:3"),
                lines(
                    fetch(1, 1, "<a@x>", 100),
                    ScriptedServerTest.concat(
                        List.of(
                            "* 2 FETCH (UID 2 FLAGS () RFC822.SIZE 200 INTERNALDATE"
                                + " \"02-Mar-2026 10:00:00 +0000\" BODY[HEADER.FIELDS (MESSAGE-ID)]"
                                + " {10}",
                            "Message-ID: <b@x>",
                            "",
                            ")"),
                        fetch(3, 3, "<c@x>", 300)),
                    "{tag} OK FETCH done"))
            .start()) {
      assertFails(
          () -> moveThree(server),
          FailureReason.UNKNOWN,
          false,
          m -> assertThat(m).contains("left out UIDs [2]"));
      assertThat(server.commandsSeen())
          .noneMatch(c -> c.contains("MOVE") || c.contains("COPY") || c.contains("STORE"));
    }
  }

  @Test
  void aLiteralAnnouncedAtTwoGigabytesIsRefusedBeforeAngusAllocatesIt() {
    try (ScriptedImapServer server =
        movingThree()
            .expectThenStall("UID MOVE 1:3 Archive", "* 1 FETCH (UID 1 BODY[] {2000000000}\r\nxyz")
            .start()) {
      assertFails(
          () -> moveThree(server),
          FailureReason.CONNECTION_LOST,
          true,
          m -> assertThat(m).contains("announced a literal of 2000000000 bytes"));
    }
  }

  @Test
  void aResponseLineWithoutEndIsCutAtTheBoundNotAtTheHeap() {
    try (ScriptedImapServer server =
        movingThree()
            .expectThenFlood("UID MOVE 1:3 Archive", "* OK [COPYUID 7 1:3 20:22 ", 1L << 30)
            .start()) {
      assertFails(
          () -> moveThree(server),
          FailureReason.CONNECTION_LOST,
          true,
          m -> assertThat(m).contains("response longer than " + RESPONSE_LIMIT + " bytes"));
      // The server got the bound plus what the sockets' buffers hold onto the wire, not 1 GiB.
      assertThat(server.floodedBytes())
          .isGreaterThan(RESPONSE_LIMIT - (1 << 20))
          .isLessThan(RESPONSE_LIMIT + (32L << 20));
      System.out.printf(
          "HostileServerTest: flood cut after %,d bytes (bound %,d)%n",
          server.floodedBytes(), RESPONSE_LIMIT);
    }
  }

  @Test
  void byeInTheMiddleOfABatchIsAConnectionLossWithUnknownOutcomeAndNothingMoreIsSent() {
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .mailbox(7, 4, 3)
                .expectThenDisconnect(
                    "UID STORE 1:3 \\+FLAGS \\(\\\\Seen\\)",
                    "* 1 FETCH (UID 1 FLAGS (\\Seen))",
                    "* BYE Server shutting down")
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      assertFails(
          () -> session.addFlags("INBOX", 7, List.of(1L, 2L, 3L), MessageFlags.SEEN),
          FailureReason.CONNECTION_LOST,
          true,
          m -> {});
      assertThat(server.commandsSeen().get(server.commandsSeen().size() - 1))
          .contains("UID STORE 1:3");
    }
  }

  @Test
  void byeInTheMiddleOfAMoveLeavesTheRestToTheCheckpoint() {
    try (ScriptedImapServer server =
        movingThree()
            .expectThenDisconnect(
                "UID MOVE 1:3 Archive",
                "* OK [COPYUID 7 1 20] Moved one",
                "* 1 EXPUNGE",
                "* BYE Server shutting down")
            .start()) {
      RecordingSink sink = new RecordingSink();
      try (AtomicImapSession session = AtomicImapSession.open(account(server))) {
        assertFails(
            () -> session.move("INBOX", 7, List.of(1L, 2L, 3L), "Archive", sink),
            FailureReason.CONNECTION_LOST,
            true,
            m -> {});
      }
      // The checkpoint saved before the MOVE is what the retry reconciles from.
      assertThat(sink.saved())
          .singleElement()
          .satisfies(cp -> assertThat(cp.destinationUidNext()).isEqualTo(20));
    }
  }

  @Test
  void aSilentServerIsATimeoutAtConnectNotAHang() {
    try (ScriptedImapServer server = ScriptedImapServer.builder().silent().start()) {
      assertFails(
          () -> AtomicImapSession.open(account(server)).close(),
          FailureReason.TIMEOUT,
          true,
          m -> {});
    }
  }

  @Test
  void halfAResponseLineThenSilenceIsATimeout() {
    try (ScriptedImapServer server =
            ScriptedImapServer.builder()
                .mailbox(7, 3, 2)
                .expectThenStall("UID STORE 1:2 \\+FLAGS \\(\\\\Seen\\)", "* 1 FETCH (UID 1 FL")
                .start();
        AtomicImapSession session = AtomicImapSession.open(account(server))) {
      assertFails(
          () -> session.addFlags("INBOX", 7, List.of(1L, 2L), MessageFlags.SEEN),
          FailureReason.TIMEOUT,
          true,
          m -> {});
    }
  }

  @Test
  void aTimeoutBelowOneMillisecondIsRefusedSinceZeroMeansNone() {
    ImapAccount.Builder b = ImapAccount.builder("h", "u", CredentialsProvider.password("p"));
    assertThatThrownBy(() -> b.readTimeout(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("readTimeout must be at least 1 ms");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ofNanos(999_999)))
        .hasMessageStartingWith("connectTimeout");
    assertThatThrownBy(() -> b.writeTimeout(Duration.ZERO)).hasMessageStartingWith("writeTimeout");
  }

  private static java.util.Map.Entry<Long, Long> entry(long from, long to) {
    return java.util.Map.entry(from, to);
  }
}
