package io.github.ferrymail.queue.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A completed copy on {@link io.github.ferrymail.core.spi.PendingOperationStore#record}: the copy's
 * location is kept on its row and handed out by the feed as a move's is, but the original stays
 * where it is, so nothing is re-pointed at the copy and nothing queued for the original is
 * forwarded to it ({@link io.github.ferrymail.core.OperationKind#movesMessage()} is false).
 */
abstract class CopyContract {
  private final PendingOperationStoreContract t;

  CopyContract(PendingOperationStoreContract suite) {
    this.t = suite;
  }

  private final MessageRef original = PendingOperationStoreContract.msg("acct", 1);
  private final MessageRef theCopy = new MessageRef("acct", "Archive", 555, 42, null);

  /** Queues a copy of the original and completes it with {@code relocation}. */
  private PendingOperation copyCompleted(Relocation relocation, PendingOperation... alsoClaimed) {
    PendingOperation copy = t.queue(Operation.copy(original, "Archive"));
    Claim claim = t.claim("acct", "w1");
    int repointed =
        t.store().record(claim.lease(), List.of(Outcome.relocated(copy.id(), relocation)));
    assertThat(repointed).as("operations re-pointed at the copy").isZero();
    t.store().release(claim.lease());
    return copy;
  }

  @Test
  void aCompletedCopyKeepsTheCopysLocationOnItsRowAndInTheFeed() {
    PendingOperation copy = copyCompleted(Relocation.to(theCopy));

    List<FinishedOperation> feed = t.store().finishedSince("acct", 0, 10);

    assertThat(feed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.operation().id()).isEqualTo(copy.id());
              assertThat(f.operation().status()).isEqualTo(OperationStatus.COMPLETED);
              assertThat(f.operation().message())
                  .as("the row names the original")
                  .isEqualTo(original);
              assertThat(f.relocation()).isNotNull();
              assertThat(f.relocation().location())
                  .as("the copy has the original's Message-ID")
                  .isEqualTo(theCopy.withMessageId(original.messageId()));
            });
    assertThat(t.reload(copy).message()).isEqualTo(original);
  }

  @Test
  void operationsOnTheOriginalQueuedBeforeTheCopyCompletedStayOnTheOriginal() {
    PendingOperation flag = t.queue(Operation.flag(original));
    PendingOperation copy = t.queue(Operation.copy(original, "Archive"));
    PendingOperation delete = t.queue(Operation.permanentDelete(original));
    Claim claim = t.claim("acct", "w1");

    int repointed =
        t.store()
            .record(claim.lease(), List.of(Outcome.relocated(copy.id(), Relocation.to(theCopy))));
    t.store().release(claim.lease());

    assertThat(repointed).isZero();
    assertThat(t.reload(flag).message()).isEqualTo(original);
    assertThat(t.reload(delete).message()).isEqualTo(original);
    Claim next = t.claim("acct", "w2");
    assertThat(next.operations())
        .extracting(PendingOperation::message)
        .containsExactly(original, original);
    assertThat(next.movedUidUnknown()).isEmpty();
  }

  @Test
  void anOperationQueuedForTheOriginalAfterTheCopyCompletedIsNotForwarded() {
    copyCompleted(Relocation.to(theCopy));
    PendingOperation read = t.queue(Operation.markRead(original));

    Claim claim = t.claim("acct", "w2");

    assertThat(claim.operations())
        .singleElement()
        .satisfies(
            op -> {
              assertThat(op.id()).isEqualTo(read.id());
              assertThat(op.message()).isEqualTo(original);
            });
    assertThat(t.reload(read).message()).isEqualTo(original);
  }

  @Test
  void aCopyWhoseUidIsUnknownIsFedAsSuchAndLeavesTheOriginalReachable() {
    copyCompleted(Relocation.uidUnknown("Archive"));
    PendingOperation read = t.queue(Operation.markRead(original));

    Claim claim = t.claim("acct", "w2");

    assertThat(claim.operations()).extracting(PendingOperation::id).containsExactly(read.id());
    assertThat(claim.movedUidUnknown()).as("the original did not move").isEmpty();
    FinishedOperation copied = t.store().finishedSince("acct", 0, 10).get(0);
    assertThat(copied.relocation()).isEqualTo(Relocation.uidUnknown("Archive"));
  }

  @Test
  void aMoveAfterACopyStillForwards() {
    copyCompleted(Relocation.to(theCopy));
    PendingOperation move = t.queue(Operation.move(original, "Done"));
    Claim claim = t.claim("acct", "w2");
    MessageRef done = new MessageRef("acct", "Done", 777, 5, null);
    t.store().record(claim.lease(), List.of(Outcome.relocated(move.id(), Relocation.to(done))));
    t.store().release(claim.lease());
    t.queue(Operation.flag(original));

    PendingOperation flag = t.claim("acct", "w3").operations().get(0);

    assertThat(flag.message().sameMessage(done)).as("forwarded by the move, not the copy").isTrue();
  }
}
