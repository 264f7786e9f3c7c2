package io.github.ferrymail.benchmarks;

import io.github.ferrymail.imap.AtomicImapSession;
import io.github.ferrymail.imap.MessageFlags;
import java.time.Duration;
import java.util.List;

/**
 * Ferry's {@link AtomicImapSession}, called once per message: what batching saves, with Ferry's own
 * per-call work (UIDVALIDITY check, result per UID, checkpoint before a move) included.
 */
final class SessionPerUid implements ImapVariant {

  @Override
  public String name() {
    return "AtomicImapSession, one call per UID";
  }

  @Override
  public Duration run(Endpoint endpoint, ImapJob job, Runnable loggedIn) throws Exception {
    try (AtomicImapSession session = AtomicImapSession.open(endpoint.account())) {
      loggedIn.run();
      return Measurements.time(
          () -> {
            for (long uid : job.uids()) {
              if (job.kind() == ImapJob.Kind.MARK_READ) {
                SessionUidSet.expectFlagged(
                    session.addFlags(
                        job.folder(), job.uidValidity(), List.of(uid), MessageFlags.SEEN),
                    1);
              } else {
                SessionUidSet.expectMoved(
                    session.move(
                        job.folder(),
                        job.uidValidity(),
                        List.of(uid),
                        job.requireDestination(),
                        checkpoint -> {}),
                    1);
              }
            }
          });
    }
  }
}
