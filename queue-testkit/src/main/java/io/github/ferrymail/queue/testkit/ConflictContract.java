package io.github.ferrymail.queue.testkit;

import static io.github.ferrymail.queue.testkit.PendingOperationStoreContract.ids;
import static io.github.ferrymail.queue.testkit.PendingOperationStoreContract.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.Outcome;
import io.github.ferrymail.core.spi.PageRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Conflicts: a checked flag change keeps its MODSEQ through the store, a conflict is its own
 * status, listed until resolved either way.
 */
abstract class ConflictContract {
  private final PendingOperationStoreContract t;

  ConflictContract(PendingOperationStoreContract suite) {
    this.t = suite;
  }

  private PendingOperation inConflict() {
    PendingOperation op =
        t.queue(Operation.changeFlags(msg("acct", 1), FlagDelta.adding("$label1"), 4711));
    Claim claim = t.claim("acct", "w1");
    t.store()
        .record(
            claim.lease(),
            List.of(Outcome.conflicted(op.id(), "[MODIFIED 1] changed since MODSEQ 4711")));
    t.store().release(claim.lease());
    return op;
  }

  @Test
  void aCheckedFlagChangeKeepsItsModSeq() {
    Operation checked = Operation.changeFlags(msg("acct", 1), FlagDelta.adding("$label1"), 4711);
    PendingOperation back = t.reload(t.queue(checked));

    assertThat(back.operation()).isEqualTo(checked);
    assertThat(((Operation.FlagChange) back.operation()).unchangedSince()).isEqualTo(4711L);
    assertThat(back.operation().payload()).isEqualTo("+$label1 (UNCHANGEDSINCE 4711)");
  }

  @Test
  void aConflictIsItsOwnStatusListedAndInTheFeed() {
    PendingOperation op = inConflict();
    PendingOperation back = t.reload(op);

    assertThat(back.status()).isEqualTo(OperationStatus.CONFLICT);
    assertThat(back.attempts()).isEqualTo(1);
    assertThat(back.lastError()).isEqualTo("[MODIFIED 1] changed since MODSEQ 4711");
    assertThat(ids(t.store().getConflicts("acct", PageRequest.first(10)).items()))
        .containsExactly(op.id());
    assertThat(t.store().getFailed("acct", PageRequest.first(10)).items()).isEmpty();
    assertThat(t.store().countByStatus("acct")).containsEntry(OperationStatus.CONFLICT, 1L);
    assertThat(t.store().finishedSince("acct", 0, 10))
        .extracting(f -> f.operation().status())
        .containsExactly(OperationStatus.CONFLICT);
    Claim claim = t.claim("acct", "w2");
    assertThat(claim.operations()).as("it waits for the application").isEmpty();
  }

  @Test
  void keepingTheLocalChangeSendsItAgainWithoutTheCheck() {
    PendingOperation op = inConflict();

    assertThat(t.store().resolveConflict(op.id(), true)).isTrue();

    PendingOperation back = t.reload(op);
    assertThat(back.status()).isEqualTo(OperationStatus.PENDING);
    assertThat(back.attempts()).isZero();
    assertThat(back.operation())
        .isEqualTo(Operation.changeFlags(msg("acct", 1), FlagDelta.adding("$label1")));
    assertThat(ids(t.claim("acct", "w2").operations())).containsExactly(op.id());
    assertThat(t.store().resolveConflict(op.id(), true)).as("only once").isFalse();
  }

  @Test
  void keepingTheServerStateCancelsItSayingWhy() {
    PendingOperation op = inConflict();

    assertThat(t.store().resolveConflict(op.id(), false)).isTrue();

    PendingOperation back = t.reload(op);
    assertThat(back.status()).isEqualTo(OperationStatus.CANCELLED);
    assertThat(back.lastError()).startsWith("conflict, the server's state kept: [MODIFIED 1]");
    List<FinishedOperation> feed = t.store().finishedSince("acct", 0, 10);
    assertThat(feed).extracting(f -> f.operation().status()).contains(OperationStatus.CANCELLED);
    assertThat(t.store().getConflicts("acct", PageRequest.first(10)).items()).isEmpty();
    assertThat(t.store().resolveConflict(op.id(), false)).isFalse();
  }

  @Test
  void aConflictCanBeDiscardedAndOnlyAConflictCanBeResolved() {
    PendingOperation pending = t.read("acct", 2);
    assertThat(t.store().resolveConflict(pending.id(), true)).isFalse();
    assertThat(t.store().resolveConflict(999_999, true)).isFalse();
    assertThat(t.reload(pending).status()).isEqualTo(OperationStatus.PENDING);

    PendingOperation op = inConflict();
    assertThat(t.store().discard(op.id())).isTrue();
    assertThat(t.reload(op).status()).isEqualTo(OperationStatus.CANCELLED);
  }
}
