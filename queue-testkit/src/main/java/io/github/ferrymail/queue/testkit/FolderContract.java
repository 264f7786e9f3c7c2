package io.github.ferrymail.queue.testkit;

import static io.github.ferrymail.queue.testkit.PendingOperationStoreContract.ids;
import static io.github.ferrymail.queue.testkit.PendingOperationStoreContract.msg;
import static io.github.ferrymail.queue.testkit.PendingOperationStoreContract.msgIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FolderAction;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Folder operations: stored and read back, a barrier in their account's order, and what a completed
 * rename or delete does to the operations queued after it.
 */
abstract class FolderContract {
  private final PendingOperationStoreContract t;

  FolderContract(PendingOperationStoreContract suite) {
    this.t = suite;
  }

  private void complete(PendingOperation op) {
    Claim claim = t.claim("acct", "w1");
    assertThat(ids(claim.operations())).containsExactly(op.id());
    t.store().record(claim.lease(), List.of(Outcome.completed(op.id())));
    t.store().release(claim.lease());
  }

  @Test
  void everyFolderOperationIsStoredAndReadBackAsQueued() {
    List<Operation> all =
        List.of(
            Operation.createFolder("acct", "Projekte/Ärger & \"Sorgen\""),
            Operation.renameFolder("acct", "Old", "New/Name"),
            Operation.deleteFolder("acct", "Gone"),
            Operation.subscribe("acct", "INBOX"),
            Operation.unsubscribe("acct", "Lists.ferry"));
    for (Operation op : all) {
      PendingOperation queued = t.queue(op);
      PendingOperation back = t.reload(queued);
      assertThat(back.operation()).isEqualTo(op);
      assertThat(back.kind()).isEqualTo(OperationKind.FOLDER);
      assertThat(back.message().isFolderOnly()).isTrue();
    }
  }

  @Test
  void operationsQueuedAfterAFolderOperationWaitForIt() {
    PendingOperation before = t.read("acct", 1);
    PendingOperation create = t.queue(Operation.createFolder("acct", "Projects"));
    PendingOperation after = t.queue(Operation.move(msg("acct", 2), "Projects"));
    PendingOperation other = t.read("other", 1);

    Claim first = t.claim("acct", "w1");
    assertThat(ids(first.operations())).containsExactly(before.id());
    t.store().record(first.lease(), List.of(Outcome.completed(before.id())));
    t.store().release(first.lease());

    Claim second = t.claim("acct", "w1");
    assertThat(ids(second.operations()))
        .as("alone, once it is the oldest")
        .containsExactly(create.id());
    t.store().record(second.lease(), List.of(Outcome.completed(create.id())));
    t.store().release(second.lease());

    assertThat(ids(t.claim("acct", "w1").operations())).containsExactly(after.id());
    assertThat(ids(t.claim("other", "w1").operations())).containsExactly(other.id());
  }

  @Test
  void aFolderOperationWaitsForAnOlderOperationThatWaitsForARetry() {
    PendingOperation moveOut = t.queue(Operation.move(msgIn("acct", "Old", 1), "INBOX"));
    PendingOperation delete = t.queue(Operation.deleteFolder("acct", "Old"));
    Claim claim = t.claim("acct", "w1");
    Instant retryAt = PendingOperationStoreContract.START.plusSeconds(30);
    t.store().record(claim.lease(), List.of(Outcome.rescheduled(moveOut.id(), retryAt, "timeout")));
    t.store().release(claim.lease());

    Claim empty = t.claim("acct", "w1");
    assertThat(empty.operations()).as("the delete must not overtake it").isEmpty();
    t.store().release(empty.lease());
    assertThat(t.store().accountsWithDueOperations(10)).doesNotContain("acct");

    t.clock().advance(Duration.ofSeconds(30));
    assertThat(ids(t.claim("acct", "w2").operations())).containsExactly(moveOut.id());
    assertThat(t.reload(delete).status()).isEqualTo(OperationStatus.PENDING);
  }

  @Test
  void nothingAfterAFolderOperationWaitingForARetryRuns() {
    PendingOperation create = t.queue(Operation.createFolder("acct", "Projects"));
    PendingOperation move = t.queue(Operation.move(msg("acct", 1), "Projects"));
    Claim claim = t.claim("acct", "w1");
    assertThat(ids(claim.operations())).containsExactly(create.id());
    t.store()
        .record(
            claim.lease(),
            List.of(Outcome.rescheduled(create.id(), t.clock().instant().plusSeconds(5), "busy")));
    t.store().release(claim.lease());

    Claim empty = t.claim("acct", "w1");
    assertThat(empty.operations()).isEmpty();
    t.store().release(empty.lease());
    assertThat(t.store().accountsWithDueOperations(10)).doesNotContain("acct");
    t.clock().advance(Duration.ofSeconds(5));
    assertThat(t.store().accountsWithDueOperations(10)).contains("acct");
    assertThat(ids(t.claim("acct", "w2").operations())).containsExactly(create.id());
    assertThat(t.reload(move).status()).isEqualTo(OperationStatus.PENDING);
  }

  @Test
  void aCompletedRenameRepointsTheLaterOperationsThatNameTheOldFolder() {
    PendingOperation rename = t.queue(Operation.renameFolder("acct", "Old", "New"));
    PendingOperation inOld = t.queue(Operation.markRead(msgIn("acct", "Old", 7)));
    PendingOperation intoOld = t.queue(Operation.move(msg("acct", 2), "Old"));
    PendingOperation elsewhere = t.queue(Operation.markRead(msgIn("acct", "Other", 7)));
    PendingOperation below = t.queue(Operation.markRead(msgIn("acct", "Old/Child", 7)));

    complete(rename);

    assertThat(t.reload(inOld).message().folder()).isEqualTo("New");
    assertThat(t.reload(inOld).message().uid()).isEqualTo(7);
    assertThat(t.reload(intoOld).operation().destination()).isEqualTo("New");
    assertThat(t.reload(intoOld).message()).isEqualTo(msg("acct", 2));
    assertThat(t.reload(elsewhere).message().folder()).isEqualTo("Other");
    assertThat(t.reload(below).message().folder()).isEqualTo("Old/Child");
  }

  @Test
  void aRenameStopsRepointingAtTheNextFolderOperationOnTheOldName() {
    PendingOperation rename = t.queue(Operation.renameFolder("acct", "Old", "New"));
    PendingOperation recreate = t.queue(Operation.createFolder("acct", "Old"));
    PendingOperation inNewOld = t.queue(Operation.markRead(msgIn("acct", "Old", 7)));

    complete(rename);

    assertThat(t.reload(recreate).operation()).isEqualTo(Operation.createFolder("acct", "Old"));
    assertThat(t.reload(inNewOld).message().folder()).isEqualTo("Old");
  }

  @Test
  void aCompletedDeleteCancelsTheLaterOperationsOnItsFolderSayingWhy() {
    PendingOperation delete = t.queue(Operation.deleteFolder("acct", "Gone"));
    PendingOperation inGone = t.queue(Operation.markRead(msgIn("acct", "Gone", 3)));
    PendingOperation intoGone = t.queue(Operation.move(msg("acct", 2), "Gone"));
    PendingOperation elsewhere = t.read("acct", 4);

    complete(delete);

    for (PendingOperation op : List.of(inGone, intoGone)) {
      PendingOperation back = t.reload(op);
      assertThat(back.status()).isEqualTo(OperationStatus.CANCELLED);
      assertThat(back.lastError())
          .isEqualTo("folder 'Gone' was deleted by operation " + delete.id());
    }
    assertThat(t.reload(elsewhere).status()).isEqualTo(OperationStatus.PENDING);
    List<FinishedOperation> feed = t.store().finishedSince("acct", 0, 10);
    assertThat(feed.stream().map(f -> f.operation().id()).toList())
        .containsExactly(delete.id(), inGone.id(), intoGone.id());
    assertThat(ids(t.claim("acct", "w2").operations())).containsExactly(elsewhere.id());
  }

  @Test
  void aFolderOperationThatFailedLetsTheQueueGoOn() {
    PendingOperation create = t.queue(Operation.createFolder("acct", "Bad"));
    PendingOperation after = t.read("acct", 1);
    Claim claim = t.claim("acct", "w1");
    t.store().record(claim.lease(), List.of(Outcome.failed(create.id(), null, "NO refused")));
    t.store().release(claim.lease());

    assertThat(ids(t.claim("acct", "w2").operations())).containsExactly(after.id());
    assertThat(((Operation.FolderChange) t.reload(create).operation()).action())
        .isEqualTo(FolderAction.CREATE);
  }
}
