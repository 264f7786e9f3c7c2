package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For each move strategy and each command of it, the server executes the command but the client
 * never hears so (the connection is cut after the reply, or the reply is swallowed until the read
 * timeout). After reconnecting and resuming from the checkpoint, every message must be exactly once
 * in the destination with its flags, none left visible in the source, and another client's {@code
 * \Deleted} message in the source must still be there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractFaultInjectionTest {

  enum Cut {
    CUT_AFTER,
    SWALLOW_REPLY
  }

  /** The server to put the proxy in front of. */
  protected abstract Endpoint endpoint();

  /** The strategies this server can be driven into. */
  protected abstract List<SessionMoveTest.Server> strategies();

  static List<String> commandsOf(SessionMoveTest.Server server) {
    switch (server) {
      case MOVE:
        return List.of("MOVE");
      case UIDPLUS_ONLY:
      case NEITHER_SCOPED_EXPUNGE:
        return List.of("COPY", "STORE", "EXPUNGE");
      case NEITHER_LEAVE_DELETED:
        return List.of("COPY", "STORE");
    }
    throw new IllegalArgumentException(server.name());
  }

  Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (SessionMoveTest.Server server : strategies()) {
      for (String command : commandsOf(server)) {
        for (Cut cut : Cut.values()) {
          cases.add(Arguments.of(server, command, cut));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {2} {1}")
  @MethodSource("cases")
  void resumesToExactlyOneCopyAfterALostReply(
      SessionMoveTest.Server server, String command, Cut cut) {
    Endpoint endpoint = endpoint();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String source = "src-" + tag;
    String destination = "dst " + tag;
    RecordingSink sink = new RecordingSink();
    try (MailboxProbe probe = endpoint.probe();
        FaultInjectingProxy proxy =
            FaultInjectingProxy.start(endpoint.host(), endpoint.port(), Duration.ofSeconds(10))) {
      probe.create(source);
      probe.create(destination);
      List<jakarta.mail.internet.MimeMessage> messages = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        messages.add(TestMessages.message("<" + tag + "-" + i + "@example.com>", "m" + i));
      }
      probe.append(source, messages.toArray(jakarta.mail.internet.MimeMessage[]::new));
      List<MailboxProbe.Seen> before = probe.list(source);
      long[] uid = before.stream().mapToLong(MailboxProbe.Seen::uid).toArray();
      // Message 1 flagged, 2 read, and 4 another client's, flagged \Deleted, not yet expunged.
      probe.setFlags(
          source,
          Map.of(uid[0], Flags.Flag.FLAGGED, uid[1], Flags.Flag.SEEN, uid[3], Flags.Flag.DELETED));
      List<Long> moving = List.of(uid[0], uid[1], uid[2]);

      ImapAccount account =
          server
              .config
              .apply(endpoint.account(proxy.port()).readTimeout(Duration.ofSeconds(2)))
              .build();
      try (AtomicImapSession session = AtomicImapSession.open(account)) {
        long uv = session.select(source).uidValidity();
        FaultInjectingProxy.Fault fault =
            cut == Cut.CUT_AFTER ? proxy.cutAfter(command) : proxy.swallowReplyAfter(command);

        assertThatThrownBy(() -> session.move(source, uv, moving, destination, sink))
            .isInstanceOfSatisfying(
                ImapOperationException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
        assertThat(fault.triggered()).isEqualTo(1);

        MoveResult result = session.resumeMove(sink.last(), moving, sink);

        Map<String, MailboxProbe.Seen> arrived = new TreeMap<>();
        for (MailboxProbe.Seen m : probe.list(destination)) {
          assertThat(arrived.put(m.messageId(), m)).as("duplicate of " + m.messageId()).isNull();
          assertThat(m.has(Flags.Flag.DELETED)).isFalse();
        }
        assertThat(arrived)
            .containsOnlyKeys(
                "<" + tag + "-1@example.com>",
                "<" + tag + "-2@example.com>",
                "<" + tag + "-3@example.com>");
        assertThat(arrived.get("<" + tag + "-1@example.com>").has(Flags.Flag.FLAGGED)).isTrue();
        assertThat(arrived.get("<" + tag + "-2@example.com>").has(Flags.Flag.SEEN)).isTrue();
        for (long u : moving) {
          assertThat(result.moved(u)).as("moved " + u).isTrue();
        }
        result
            .newUids()
            .forEach((from, to) -> assertThat(arrived.values()).anyMatch(m -> m.uid() == to));

        List<MailboxProbe.Seen> left = probe.list(source);
        // None of ours is visible in the source any more.
        assertThat(left)
            .filteredOn(m -> !m.messageId().equals("<" + tag + "-4@example.com>"))
            .allMatch(m -> m.has(Flags.Flag.DELETED));
        MailboxProbe.Seen theirs =
            left.stream()
                .filter(m -> m.messageId().equals("<" + tag + "-4@example.com>"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("another client's message was expunged"));
        boolean flagMayBeCleared =
            server == SessionMoveTest.Server.NEITHER_SCOPED_EXPUNGE && command.equals("EXPUNGE");
        if (!flagMayBeCleared) {
          assertThat(theirs.has(Flags.Flag.DELETED)).isTrue();
        }
        if (server != SessionMoveTest.Server.NEITHER_LEAVE_DELETED) {
          assertThat(left).hasSize(1);
        }
      }
    }
  }
}
