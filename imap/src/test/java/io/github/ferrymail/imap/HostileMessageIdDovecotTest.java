package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a Dovecot without MOVE and UIDPLUS, a move learns its new UIDs by the Message-ID fallback:
 * Ferry fetches the Message-ID headers of the destination's new messages and compares them exactly
 * (no {@code SEARCH HEADER} string is sent, so nothing needs quoting). With Message-IDs holding
 * quotes, backslashes, spaces, SQL, a literal-like {@code {5}} and a folded header, and look-alike
 * pairs of equal length, every message maps to its own copy, once, fresh and when resumed.
 */
@Tag("dovecot")
class HostileMessageIdDovecotTest {
  @RegisterExtension
  static final DovecotExtension DOVECOT =
      new DovecotExtension(DovecotServer.Profile.OLD_NO_MOVE_NO_UIDPLUS);

  private static final List<String> IDS =
      List.of(
          "<\"quoted local\"@example.com>",
          "<back\\slash\\\\@example.com>",
          "<x'; DROP TABLE m; --@example.com>",
          "<with space@example.com>",
          "<with  space@example.com>",
          "\r\n <folded@example.com>",
          "<{5}@example.com>",
          "<\"q\"@x>",
          "<\\q\\@x>");

  @Test
  void everyMessageMapsToItsOwnCopyFreshAndResumed() {
    Endpoint endpoint =
        new Endpoint(
            DOVECOT.server().host(),
            DOVECOT.server().port(),
            "u-" + UUID.randomUUID().toString().substring(0, 8),
            DOVECOT.server().password());
    try (MailboxProbe probe = endpoint.probe();
        AtomicImapSession session = AtomicImapSession.open(endpoint.account().build())) {
      probe.create("Work");
      probe.create("Done");
      for (String id : IDS) {
        probe.append("Work", TestMessages.message(id, "same subject"));
      }
      Map<Long, String> sourceIds = new HashMap<>();
      probe.list("Work").forEach(m -> sourceIds.put(m.uid(), m.messageId()));
      assertThat(sourceIds).hasSize(IDS.size());
      assertThat(session.capabilities().moveStrategy())
          .isEqualTo(ServerCapabilities.MoveStrategy.COPY_FLAG_DELETED);
      long uv = session.select("Work").uidValidity();
      RecordingSink sink = new RecordingSink();

      MoveResult moved = session.move("Work", uv, sourceIds.keySet(), "Done", sink);

      Map<Long, String> doneIds = new HashMap<>();
      probe.list("Done").forEach(m -> doneIds.put(m.uid(), m.messageId()));
      assertThat(doneIds).hasSize(IDS.size());
      assertThat(moved.newUids()).hasSize(IDS.size());
      assertThat(moved.movedUnknownUid()).isEmpty();
      moved
          .newUids()
          .forEach((from, to) -> assertThat(doneIds.get(to)).isEqualTo(sourceIds.get(from)));
      assertThat(moved.newUids().values()).doesNotHaveDuplicates();

      // Resumed from the checkpoint (as after a lost reply): the copies are found again by the
      // Message-IDs it recorded, and nothing is copied twice.
      MoveResult resumed =
          session.resumeMove(sink.saved().get(0), sourceIds.keySet(), new RecordingSink());

      assertThat(resumed.newUids()).isEqualTo(moved.newUids());
      assertThat(probe.list("Done")).hasSize(IDS.size());
    }
  }
}
