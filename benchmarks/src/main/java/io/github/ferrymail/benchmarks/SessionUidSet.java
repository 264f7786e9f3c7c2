package io.github.ferrymail.benchmarks;

import io.github.ferrymail.imap.AtomicImapSession;
import io.github.ferrymail.imap.FlagResult;
import io.github.ferrymail.imap.MessageFlags;
import io.github.ferrymail.imap.MoveResult;
import java.time.Duration;

/**
 * Ferry's {@link AtomicImapSession}, one call for every message: one UID-set command (compressed
 * ranges, chunked only past the account's {@code maxUidSetLength}). The checkpoint is not saved
 * anywhere, as there is no queue here.
 */
final class SessionUidSet implements ImapVariant {

  @Override
  public String name() {
    return "AtomicImapSession, one call with the UID set";
  }

  @Override
  public Duration run(Endpoint endpoint, ImapJob job, Runnable loggedIn) throws Exception {
    try (AtomicImapSession session = AtomicImapSession.open(endpoint.account())) {
      loggedIn.run();
      return Measurements.time(
          () -> {
            if (job.kind() == ImapJob.Kind.MARK_READ) {
              expectFlagged(
                  session.addFlags(job.folder(), job.uidValidity(), job.uids(), MessageFlags.SEEN),
                  job.uids().size());
            } else {
              expectMoved(
                  session.move(
                      job.folder(),
                      job.uidValidity(),
                      job.uids(),
                      job.requireDestination(),
                      checkpoint -> {}),
                  job.uids().size());
            }
          });
    }
  }

  static void expectFlagged(FlagResult result, int expected) {
    if (result.applied().size() != expected || !result.missing().isEmpty()) {
      throw new IllegalStateException("flags not applied to every message: " + result.missing());
    }
  }

  static void expectMoved(MoveResult result, int expected) {
    int moved = result.newUids().size() + result.movedUnknownUid().size();
    if (moved != expected) {
      throw new IllegalStateException(
          moved + " of " + expected + " moved; missing " + result.missing());
    }
  }
}
