package io.github.ferrymail.queue.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forwarding on {@link io.github.ferrymail.core.spi.PendingOperationStore#claim}: an operation
 * queued for the location a completed move left is handed out re-pointed at where the message is.
 */
abstract class ForwardingContract {
  private final PendingOperationStoreContract t;

  ForwardingContract(PendingOperationStoreContract suite) {
    this.t = suite;
  }

  private final MessageRef inbox = PendingOperationStoreContract.msg("acct", 1);
  private final MessageRef archived = new MessageRef("acct", "Archive", 555, 42, null);

  private void moveCompleted(MessageRef from, String folder, Relocation relocation) {
    PendingOperation move = t.queue(Operation.move(from, folder));
    Claim claim = t.claim("acct", "w1");
    t.store().record(claim.lease(), List.of(Outcome.relocated(move.id(), relocation)));
    t.store().release(claim.lease());
  }

  @Test
  void aFlagQueuedForTheOldLocationAfterTheMoveCompletedRunsOnTheNewOne() {
    moveCompleted(inbox, "Archive", Relocation.to(archived));
    PendingOperation flag = t.queue(Operation.flag(inbox));

    Claim claim = t.claim("acct", "w2");

    MessageRef expected = archived.withMessageId(inbox.messageId());
    assertThat(claim.operations())
        .singleElement()
        .satisfies(
            op -> {
              assertThat(op.id()).isEqualTo(flag.id());
              assertThat(op.message()).isEqualTo(expected);
            });
    assertThat(claim.movedUidUnknown()).isEmpty();
    assertThat(t.reload(flag).message()).as("the forwarding is stored").isEqualTo(expected);
  }

  @Test
  void aMoveBackQueuedForTheOldLocationIsAMoveFromWhereTheMessageIsNow() {
    moveCompleted(inbox, "Archive", Relocation.to(archived));
    t.queue(Operation.move(inbox, "INBOX"));

    PendingOperation back = t.claim("acct", "w2").operations().get(0);

    assertThat(back.kind()).isEqualTo(OperationKind.MOVE);
    assertThat(back.message().folder()).isEqualTo("Archive");
    assertThat(back.message().uid()).isEqualTo(42);
    assertThat(back.operation().destination()).isEqualTo("INBOX");
  }

  @Test
  void forwardingFollowsEveryLaterMove() {
    moveCompleted(inbox, "Archive", Relocation.to(archived));
    MessageRef old = new MessageRef("acct", "Old", 777, 3, null);
    moveCompleted(archived, "Old", Relocation.to(old));
    t.queue(Operation.markRead(inbox));

    PendingOperation read = t.claim("acct", "w3").operations().get(0);

    assertThat(read.message().sameMessage(old)).isTrue();
  }

  @Test
  void anOperationForAMessageMovedToAnUnknownUidIsListedAsSuch() {
    moveCompleted(inbox, "Archive", Relocation.uidUnknown("Archive"));
    PendingOperation flag = t.queue(Operation.flag(inbox));
    PendingOperation other = t.read("acct", 2);

    Claim claim = t.claim("acct", "w2");

    assertThat(claim.operations())
        .extracting(PendingOperation::id)
        .containsExactly(flag.id(), other.id());
    assertThat(claim.movedUidUnknown()).containsOnlyKeys(flag.id());
    assertThat(claim.movedUidUnknown().get(flag.id()).folder()).isEqualTo("Archive");
  }

  @Test
  void otherMessagesAndOtherFoldersAreNotForwarded() {
    moveCompleted(inbox, "Archive", Relocation.to(archived));
    PendingOperation sameUidElsewhere =
        t.queue(
            Operation.flag(
                new MessageRef("acct", "Sent", PendingOperationStoreContract.UIDV, 1, null)));
    PendingOperation otherUid = t.read("acct", 2);

    Claim claim = t.claim("acct", "w2");

    assertThat(claim.operations()).containsExactly(t.reload(sameUidElsewhere), t.reload(otherUid));
    assertThat(t.reload(sameUidElsewhere).message().folder()).isEqualTo("Sent");
    assertThat(t.reload(otherUid).message().folder()).isEqualTo("INBOX");
  }

  @Test
  void anotherAccountsMovesAreNotFollowed() {
    PendingOperation move =
        t.queue(Operation.move(PendingOperationStoreContract.msg("other", 1), "Archive"));
    Claim claim = t.claim("other", "w1");
    t.store()
        .record(
            claim.lease(),
            List.of(
                Outcome.relocated(
                    move.id(), Relocation.to(new MessageRef("other", "Archive", 555, 42, null)))));
    t.queue(Operation.flag(inbox));

    assertThat(t.claim("acct", "w2").operations().get(0).message()).isEqualTo(inbox);
  }
}
