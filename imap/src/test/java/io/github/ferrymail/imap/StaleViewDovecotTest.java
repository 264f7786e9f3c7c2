package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import jakarta.mail.Flags;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A session keeps its folder selected between calls, and Dovecot shows a session the folder as it
 * was at the end of the session's last command. A message another session put there since (here an
 * append; in the live load, a move by the processor that held the account before) must still be
 * found by the next call's flag change, move and delete, which once answered OK having touched
 * nothing.
 */
@Tag("dovecot")
class StaleViewDovecotTest {
  @RegisterExtension
  static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

  private MailboxProbe probe;
  private AtomicImapSession session;
  private String folder;
  private long uidValidity;

  @BeforeEach
  void setUp() {
    Endpoint endpoint = FaultInjectionDovecotTest.endpoint(DOVECOT.server());
    probe = endpoint.probe();
    folder = "view-" + UUID.randomUUID().toString().substring(0, 8);
    probe.create(folder);
    probe.create(folder + "-to");
    probe.append(folder, TestMessages.message("<first@example.com>", "first"));
    session = AtomicImapSession.open(endpoint.account().build());
    uidValidity = session.select(folder).uidValidity();
    probe.append(folder, TestMessages.message("<arrived@example.com>", "arrived"));
  }

  @AfterEach
  void tearDown() {
    session.close();
    probe.close();
  }

  private long arrived() {
    return probe.flagsByUid(folder).lastKey();
  }

  @Test
  void aFlagChangeReachesIt() {
    long uid = arrived();

    FlagResult result = session.addFlags(folder, uidValidity, List.of(uid), MessageFlags.SEEN);

    assertThat(result.applied()).containsExactly(uid);
    assertThat(probe.flagsByUid(folder).get(uid).contains(Flags.Flag.SEEN)).isTrue();
  }

  @Test
  void aMoveFindsIt() {
    long uid = arrived();

    MoveResult result =
        session.move(folder, uidValidity, List.of(uid), folder + "-to", CheckpointSink.NONE);

    assertThat(result.missing()).isEmpty();
    assertThat(result.moved(uid)).isTrue();
    assertThat(probe.messageIds(folder + "-to")).containsExactly("<arrived@example.com>");
    assertThat(probe.messageIds(folder)).containsExactly("<first@example.com>");
  }

  @Test
  void aDeleteFindsIt() {
    long uid = arrived();

    DeleteResult result = session.permanentDelete(folder, uidValidity, List.of(uid));

    assertThat(result.deleted()).containsExactly(uid);
    assertThat(probe.messageIds(folder)).containsExactly("<first@example.com>");
  }
}
