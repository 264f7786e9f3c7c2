package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a timed IMAP run must do: mark messages read, or move them to another folder.
 *
 * @param kind mark read or move
 * @param folder where the messages are
 * @param uidValidity the folder's UIDVALIDITY
 * @param uids the messages
 * @param destination the destination of a move, else null
 */
record ImapJob(
    Kind kind, String folder, long uidValidity, List<Long> uids, @Nullable String destination) {

  /** The two jobs the bench times. */
  enum Kind {
    MARK_READ,
    MOVE
  }

  ImapJob {
    uids = List.copyOf(uids);
    if ((kind == Kind.MOVE) != (destination != null)) {
      throw new IllegalArgumentException("destination: a move needs one, nothing else does");
    }
  }

  /** The destination of a move. */
  String requireDestination() {
    if (destination == null) {
      throw new IllegalStateException("not a move");
    }
    return destination;
  }

  /** The job as queued operations, one per message. */
  List<Operation> operations(String account) {
    List<Operation> ops = new ArrayList<>(uids.size());
    for (long uid : uids) {
      MessageRef ref = MessageRef.of(account, folder, uidValidity, uid);
      ops.add(
          kind == Kind.MARK_READ
              ? Operation.markRead(ref)
              : Operation.move(ref, requireDestination()));
    }
    return ops;
  }
}
