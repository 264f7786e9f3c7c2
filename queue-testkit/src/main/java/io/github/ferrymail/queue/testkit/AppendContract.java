package io.github.ferrymail.queue.testkit;

import static io.github.ferrymail.queue.testkit.PendingOperationStoreContract.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewMessage;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Appends and replaces: stored and read back with their message (key, flags, date), their
 * checkpoint kept for the retry, the new message's location kept and fed; a rename re-points an
 * append queued into the old folder and a delete of the folder cancels it.
 */
abstract class AppendContract {
  private final PendingOperationStoreContract t;

  AppendContract(PendingOperationStoreContract suite) {
    this.t = suite;
  }

  private final NewMessage draft =
      NewMessage.of("drafts/42 v2 (edited)")
          .withFlags(FlagDelta.DRAFT, "$label1")
          .withInternalDate(Instant.parse("2026-11-30T08:15:30Z"));

  @Test
  void anAppendAndAReplaceAreStoredAndReadBackAsQueued() {
    Operation append = Operation.append("acct", "Drafts", draft);
    Operation replace = Operation.replace(msg("acct", 3), "Drafts", draft);

    PendingOperation a = t.reload(t.queue(append));
    PendingOperation r = t.reload(t.queue(replace));

    assertThat(a.operation()).isEqualTo(append);
    assertThat(a.kind()).isEqualTo(OperationKind.APPEND);
    assertThat(a.message().isFolderOnly()).isTrue();
    assertThat(r.operation()).isEqualTo(replace);
    assertThat(r.message()).isEqualTo(msg("acct", 3));
  }

  @Test
  void aCompletedAppendKeepsTheNewMessagesLocationAndItsCheckpointSurvivesARetry() {
    PendingOperation append = t.queue(Operation.append("acct", "Drafts", draft));
    Claim first = t.claim("acct", "w1");
    Checkpoint cp = new Checkpoint("Drafts", 9, "Drafts", 9, 17, Map.of(1L, "4d1f8c1e-token"));
    t.store().saveCheckpoint(first.lease(), List.of(append.id()), cp);
    t.store().release(first.lease());

    Claim retry = t.claim("acct", "w2");
    assertThat(retry.operations())
        .singleElement()
        .satisfies(
            op -> {
              assertThat(op.checkpoint()).isEqualTo(cp);
              assertThat(op.operation()).isEqualTo(append.operation());
            });
    MessageRef stored = MessageRef.of("acct", "Drafts", 9, 17);
    t.store().record(retry.lease(), List.of(Outcome.relocated(append.id(), Relocation.to(stored))));
    t.store().release(retry.lease());

    List<FinishedOperation> feed = t.store().finishedSince("acct", 0, 10);
    assertThat(feed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.operation().status()).isEqualTo(OperationStatus.COMPLETED);
              assertThat(f.relocation()).isEqualTo(Relocation.to(stored));
            });
  }

  @Test
  void aRenameRepointsAnAppendIntoTheOldFolderAndADeleteCancelsOne() {
    PendingOperation rename = t.queue(Operation.renameFolder("acct", "Outbox", "Sent"));
    PendingOperation append = t.queue(Operation.append("acct", "Outbox", draft));
    complete(rename);
    assertThat(t.reload(append).operation()).isEqualTo(Operation.append("acct", "Sent", draft));
    complete(append);

    PendingOperation delete = t.queue(Operation.deleteFolder("acct", "Gone"));
    PendingOperation intoGone = t.queue(Operation.append("acct", "Gone", draft));
    complete(delete);
    assertThat(t.reload(intoGone).status()).isEqualTo(OperationStatus.CANCELLED);
  }

  private void complete(PendingOperation op) {
    Claim claim = t.claim("acct", "w1");
    assertThat(claim.operations()).extracting(PendingOperation::id).contains(op.id());
    t.store().record(claim.lease(), List.of(Outcome.completed(op.id())));
    t.store().release(claim.lease());
  }
}
