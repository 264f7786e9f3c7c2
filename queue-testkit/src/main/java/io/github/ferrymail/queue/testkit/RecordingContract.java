package io.github.ferrymail.queue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link io.github.ferrymail.core.spi.PendingOperationStore#record} and group checkpoints: a
 * batch's outcomes in one fenced step, all or nothing. Run as a nested group of {@link
 * PendingOperationStoreContract}.
 */
abstract class RecordingContract {
  private final PendingOperationStoreContract t;

  RecordingContract(PendingOperationStoreContract suite) {
    this.t = suite;
  }

  private static final MessageRef ARCHIVED =
      new MessageRef("acct", "Archive", 555, 42, "<1.acct@example.com>");

  @Test
  void everyKindOfOutcomeOfABatchIsWrittenAtOnce() {
    PendingOperation done = t.read("acct", 1);
    PendingOperation retry = t.read("acct", 2);
    PendingOperation broken = t.read("acct", 3);
    PendingOperation superseded = t.read("acct", 4);
    PendingOperation move =
        t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 5), "Archive"));
    Claim claim = t.claim("acct", "w1");
    Instant later = PendingOperationStoreContract.START.plusSeconds(30);
    MessageRef to = new MessageRef("acct", "Archive", 555, 9, null);

    int repointed =
        t.store()
            .record(
                claim.lease(),
                List.of(
                    Outcome.completed(done.id()),
                    Outcome.rescheduled(retry.id(), later, "busy"),
                    Outcome.failed(broken.id(), FailureReason.MESSAGE_NOT_FOUND, "gone"),
                    Outcome.cancelled(superseded.id(), "superseded"),
                    Outcome.relocated(move.id(), Relocation.to(to))));

    assertThat(repointed).isZero();
    assertThat(t.reload(done).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(t.reload(done).finishedAt()).isEqualTo(PendingOperationStoreContract.START);
    PendingOperation r = t.reload(retry);
    assertThat(r.status()).isEqualTo(OperationStatus.PENDING);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.nextAttemptAt()).isEqualTo(later);
    assertThat(r.lastError()).isEqualTo("busy");
    PendingOperation b = t.reload(broken);
    assertThat(b.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(b.attempts()).isEqualTo(1);
    assertThat(b.lastError()).isEqualTo("gone");
    assertThat(t.reload(superseded).status()).isEqualTo(OperationStatus.CANCELLED);
    assertThat(t.reload(superseded).lastError()).isEqualTo("superseded");
    assertThat(t.reload(move).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(t.reload(move).message())
        .as("a completed move keeps where it was")
        .isEqualTo(move.message());
  }

  @Test
  void anEmptyListRecordsNothing() {
    t.read("acct", 1);
    Claim claim = t.claim("acct", "w1");
    assertThat(t.store().record(claim.lease(), List.of())).isZero();
    assertThat(t.store().countByStatus("acct").get(OperationStatus.IN_FLIGHT)).isEqualTo(1);
  }

  @Test
  void aBatchUnderALostLeaseWritesNothing() {
    PendingOperation a = t.read("acct", 1);
    PendingOperation b = t.read("acct", 2);
    Claim stale = t.claim("acct", "w1");
    t.clock().advance(PendingOperationStoreContract.LEASE.plusSeconds(1));
    t.claim("acct", "w2");
    PendingOperation aBefore = t.reload(a);
    PendingOperation bBefore = t.reload(b);

    assertThatThrownBy(
            () ->
                t.store()
                    .record(
                        stale.lease(),
                        List.of(Outcome.completed(a.id()), Outcome.failed(b.id(), null, "x"))))
        .isInstanceOf(LeaseLostException.class);

    assertThat(t.reload(a)).isEqualTo(aBefore);
    assertThat(t.reload(b)).isEqualTo(bBefore);
  }

  @Test
  void anOperationNotInFlightHalfwayThroughTheBatchMakesTheWholeBatchFail() {
    MessageRef from = PendingOperationStoreContract.msg("acct", 1);
    PendingOperation move = t.queue(Operation.move(from, "Archive"));
    PendingOperation later = t.queue(Operation.markRead(from));
    PendingOperation first = t.read("acct", 2);
    Claim claim = t.claim(t.store(), "acct", "w1", 3);
    t.store().complete(claim.lease(), first.id());
    PendingOperation notClaimed = t.read("acct", 3);

    assertThatThrownBy(
            () ->
                t.store()
                    .record(
                        claim.lease(),
                        List.of(
                            Outcome.relocated(move.id(), Relocation.to(ARCHIVED)),
                            Outcome.completed(first.id()),
                            Outcome.completed(notClaimed.id()))))
        .isInstanceOf(LeaseLostException.class);

    assertThat(t.reload(move).status()).isEqualTo(OperationStatus.IN_FLIGHT);
    assertThat(t.reload(later).message()).as("nothing re-pointed").isEqualTo(from);
    assertThat(t.reload(notClaimed).status()).isEqualTo(OperationStatus.PENDING);
    assertThat(t.store().finishedSince("acct", 0, 10)).hasSize(1);
  }

  @Test
  void anIdTwiceIsRejectedBeforeAnythingIsWritten() {
    PendingOperation a = t.read("acct", 1);
    Claim claim = t.claim("acct", "w1");
    assertThatThrownBy(
            () ->
                t.store()
                    .record(
                        claim.lease(),
                        List.of(Outcome.completed(a.id()), Outcome.cancelled(a.id(), "twice"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Long.toString(a.id()));
    assertThat(t.reload(a).status()).isEqualTo(OperationStatus.IN_FLIGHT);
  }

  @Test
  void aRelocationIntoAnotherAccountIsRejectedBeforeAnythingIsWritten() {
    PendingOperation a = t.read("acct", 1);
    PendingOperation move =
        t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 2), "Archive"));
    Claim claim = t.claim("acct", "w1");
    MessageRef elsewhere = new MessageRef("other", "Archive", 555, 1, null);
    assertThatThrownBy(
            () ->
                t.store()
                    .record(
                        claim.lease(),
                        List.of(
                            Outcome.completed(a.id()),
                            Outcome.relocated(move.id(), Relocation.to(elsewhere)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other");
    assertThat(t.reload(a).status()).isEqualTo(OperationStatus.IN_FLIGHT);
  }

  @Test
  void aCompletedMoveRepointsTheMessagesOtherOperationsInTheSameStep() {
    MessageRef from = PendingOperationStoreContract.msg("acct", 1);
    PendingOperation move = t.queue(Operation.move(from, "Archive"));
    PendingOperation inFlightLater = t.queue(Operation.flag(from));
    Claim claim = t.claim("acct", "w1");
    PendingOperation pendingLater = t.queue(Operation.markRead(from));
    PendingOperation otherMessage = t.read("acct", 2);

    int repointed =
        t.store()
            .record(claim.lease(), List.of(Outcome.relocated(move.id(), Relocation.to(ARCHIVED))));

    assertThat(repointed).isEqualTo(2);
    assertThat(t.reload(inFlightLater).message()).isEqualTo(ARCHIVED);
    assertThat(t.reload(pendingLater).message()).isEqualTo(ARCHIVED);
    assertThat(t.reload(otherMessage)).isEqualTo(otherMessage);
  }

  @Test
  void aMoveWhoseUidIsUnknownRepointsNothing() {
    MessageRef from = PendingOperationStoreContract.msg("acct", 1);
    PendingOperation move = t.queue(Operation.move(from, "Archive"));
    Claim claim = t.claim("acct", "w1");
    PendingOperation later = t.queue(Operation.markRead(from));

    int repointed =
        t.store()
            .record(
                claim.lease(),
                List.of(Outcome.relocated(move.id(), Relocation.uidUnknown("Archive"))));

    assertThat(repointed).isZero();
    assertThat(t.reload(move).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(t.reload(later).message()).isEqualTo(from);
  }

  @Test
  void aRetryAfterAPartwayMoveStartsWhereTheMessageIsNow() {
    MessageRef from = PendingOperationStoreContract.msg("acct", 1);
    PendingOperation move = t.queue(Operation.move(from, "Elsewhere"));
    Claim claim = t.claim("acct", "w1");
    PendingOperation later = t.queue(Operation.markRead(from));
    Instant at = PendingOperationStoreContract.START.plusSeconds(5);

    int repointed =
        t.store()
            .record(
                claim.lease(),
                List.of(
                    new Outcome.Rescheduled(move.id(), at, "cut after the first leg", ARCHIVED)));

    assertThat(repointed).isEqualTo(1);
    PendingOperation retried = t.reload(move);
    assertThat(retried.status()).isEqualTo(OperationStatus.PENDING);
    assertThat(retried.message()).isEqualTo(ARCHIVED);
    assertThat(retried.operation().destination()).isEqualTo("Elsewhere");
    assertThat(t.reload(later).message()).isEqualTo(ARCHIVED);
  }

  @Test
  void aGroupCheckpointIsWrittenOnItsOperationsOnly() {
    PendingOperation a = t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 1), "A"));
    PendingOperation b = t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 2), "A"));
    PendingOperation c = t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 3), "B"));
    Claim claim = t.claim("acct", "w1");
    Checkpoint toA =
        new Checkpoint("INBOX", PendingOperationStoreContract.UIDV, "A", 7, 100, Map.of(1L, "<1>"));
    Checkpoint toB =
        new Checkpoint("INBOX", PendingOperationStoreContract.UIDV, "B", 8, 200, Map.of());

    t.store().saveCheckpoint(claim.lease(), List.of(a.id(), b.id()), toA);
    t.store().saveCheckpoint(claim.lease(), List.of(c.id()), toB);

    assertThat(t.reload(a).checkpoint()).isEqualTo(toA);
    assertThat(t.reload(b).checkpoint()).isEqualTo(toA);
    assertThat(t.reload(c).checkpoint()).isEqualTo(toB);
  }

  @Test
  void eachOperationKeepsItsOwnCheckpointFromOneCall() {
    PendingOperation a = t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 1), "A"));
    PendingOperation b = t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 2), "A"));
    Claim claim = t.claim("acct", "w1");
    Checkpoint forA =
        new Checkpoint("INBOX", PendingOperationStoreContract.UIDV, "A", 7, 100, Map.of(1L, "<1>"));
    Checkpoint forB =
        new Checkpoint("INBOX", PendingOperationStoreContract.UIDV, "A", 7, 100, Map.of(2L, "<2>"));

    t.store().saveCheckpoints(claim.lease(), Map.of(a.id(), forA, b.id(), forB));

    assertThat(t.reload(a).checkpoint()).isEqualTo(forA);
    assertThat(t.reload(b).checkpoint()).isEqualTo(forB);
  }

  @Test
  void checkpointsOfOwnWithOneOperationNotInFlightWriteNothing() {
    PendingOperation a = t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 1), "A"));
    Claim claim = t.claim("acct", "w1");
    PendingOperation notClaimed =
        t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 2), "A"));
    Checkpoint forA =
        new Checkpoint("INBOX", PendingOperationStoreContract.UIDV, "A", 7, 100, Map.of(1L, "<1>"));
    Checkpoint forOther =
        new Checkpoint("INBOX", PendingOperationStoreContract.UIDV, "A", 7, 100, Map.of(2L, "<2>"));

    assertThatThrownBy(
            () ->
                t.store()
                    .saveCheckpoints(
                        claim.lease(), Map.of(a.id(), forA, notClaimed.id(), forOther)))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> t.store().saveCheckpoints(claim.lease(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoints");

    assertThat(t.reload(a).checkpoint()).isNull();
    assertThat(t.reload(notClaimed).checkpoint()).isNull();
  }

  @Test
  void fiveHundredCheckpointsOfTheirOwnAreOneCallAndEveryRowIsWritten() {
    List<PendingOperation> ops = new ArrayList<>();
    for (int uid = 1; uid <= 500; uid++) {
      ops.add(t.queue(Operation.move(PendingOperationStoreContract.msg("acct", uid), "A")));
    }
    Claim claim = t.claim(t.store(), "acct", "w1", 1000);
    Map<Long, Checkpoint> each = new java.util.LinkedHashMap<>();
    for (PendingOperation op : ops) {
      long uid = op.message().uid();
      each.put(
          op.id(),
          new Checkpoint(
              "INBOX",
              PendingOperationStoreContract.UIDV,
              "A",
              7,
              900,
              Map.of(uid, "<" + uid + ">")));
    }

    t.store().saveCheckpoints(claim.lease(), each);

    for (PendingOperation op : ops) {
      assertThat(t.reload(op).checkpoint()).isEqualTo(each.get(op.id()));
    }
  }

  @Test
  void aGroupCheckpointWithOneOperationNotInFlightWritesNothing() {
    PendingOperation a = t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 1), "A"));
    Claim claim = t.claim("acct", "w1");
    PendingOperation notClaimed =
        t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 2), "A"));
    Checkpoint cp =
        new Checkpoint("INBOX", PendingOperationStoreContract.UIDV, "A", 7, 100, Map.of());

    assertThatThrownBy(
            () -> t.store().saveCheckpoint(claim.lease(), List.of(a.id(), notClaimed.id()), cp))
        .isInstanceOf(LeaseLostException.class);

    assertThat(t.reload(a).checkpoint()).isNull();
    assertThat(t.reload(notClaimed).checkpoint()).isNull();
  }

  @Test
  void aBatchOfFiveHundredIsOneCallAndEveryRowIsWritten() {
    List<PendingOperation> ops = new ArrayList<>();
    for (int uid = 1; uid <= 500; uid++) {
      ops.add(t.read("acct", uid));
    }
    Claim claim = t.claim(t.store(), "acct", "w1", 1000);
    List<Outcome> outcomes = new ArrayList<>();
    for (PendingOperation op : ops) {
      outcomes.add(Outcome.completed(op.id()));
    }

    t.store().record(claim.lease(), outcomes);

    assertThat(t.store().countByStatus("acct").get(OperationStatus.COMPLETED)).isEqualTo(500);
    assertThat(t.store().finishedSince("acct", 0, 1000)).hasSize(500);
  }
}
