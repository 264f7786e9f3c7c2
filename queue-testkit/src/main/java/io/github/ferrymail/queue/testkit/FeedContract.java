package io.github.ferrymail.queue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureReason;
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
 * {@link io.github.ferrymail.core.spi.PendingOperationStore#finishedSince}: the durable feed an
 * application reads new locations from without racing the listener.
 */
abstract class FeedContract {
  private final PendingOperationStoreContract t;

  FeedContract(PendingOperationStoreContract suite) {
    this.t = suite;
  }

  @Test
  void theFeedHandsOutFinishedOperationsInTheOrderTheyWereRecordedWithTheirRelocations() {
    PendingOperation read = t.read("acct", 1);
    PendingOperation move =
        t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 2), "Archive"));
    PendingOperation gone = t.read("acct", 3);
    PendingOperation retry = t.read("acct", 4);
    Claim claim = t.claim("acct", "w1");
    MessageRef to = new MessageRef("acct", "Archive", 555, 77, null);

    t.store().record(claim.lease(), List.of(Outcome.relocated(move.id(), Relocation.to(to))));
    t.store()
        .record(
            claim.lease(),
            List.of(
                Outcome.completed(read.id()),
                Outcome.failed(gone.id(), FailureReason.MESSAGE_NOT_FOUND, "gone"),
                Outcome.rescheduled(retry.id(), PendingOperationStoreContract.START, "busy")));

    List<FinishedOperation> feed = t.store().finishedSince("acct", 0, 10);
    assertThat(feed)
        .extracting(f -> f.operation().id())
        .containsExactly(move.id(), read.id(), gone.id());
    assertThat(feed).extracting(FinishedOperation::sequence).isSorted().doesNotHaveDuplicates();
    FinishedOperation moved = feed.get(0);
    assertThat(moved.relocation()).isNotNull();
    assertThat(moved.relocation().location())
        .as("the Message-ID travels with the message")
        .isEqualTo(to.withMessageId(move.message().messageId()));
    assertThat(moved.operation().status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(feed.get(1).relocation()).isNull();
    assertThat(feed.get(2).failureReason()).isEqualTo(FailureReason.MESSAGE_NOT_FOUND);
    assertThat(feed.get(2).operation().lastError()).isEqualTo("gone");
  }

  @Test
  void theCursorPagesThroughTheFeedAndSeesOnlyWhatCameAfterIt() {
    PendingOperation a = t.read("acct", 1);
    PendingOperation b = t.read("acct", 2);
    PendingOperation c = t.read("acct", 3);
    Claim claim = t.claim("acct", "w1");
    t.store().record(claim.lease(), List.of(Outcome.completed(a.id()), Outcome.completed(b.id())));

    List<FinishedOperation> first = t.store().finishedSince("acct", 0, 1);
    assertThat(first).extracting(f -> f.operation().id()).containsExactly(a.id());
    List<FinishedOperation> second = t.store().finishedSince("acct", first.get(0).sequence(), 10);
    assertThat(second).extracting(f -> f.operation().id()).containsExactly(b.id());
    long cursor = second.get(0).sequence();
    assertThat(t.store().finishedSince("acct", cursor, 10)).isEmpty();

    t.store().record(claim.lease(), List.of(Outcome.cancelled(c.id(), "superseded")));
    assertThat(t.store().finishedSince("acct", cursor, 10))
        .extracting(f -> f.operation().id())
        .containsExactly(c.id());
  }

  @Test
  void aMoveWhoseUidIsUnknownSaysSoInTheFeed() {
    PendingOperation move =
        t.queue(Operation.move(PendingOperationStoreContract.msg("acct", 1), "Archive"));
    Claim claim = t.claim("acct", "w1");
    t.store()
        .record(
            claim.lease(), List.of(Outcome.relocated(move.id(), Relocation.uidUnknown("Archive"))));

    FinishedOperation f = t.store().finishedSince("acct", 0, 10).get(0);
    assertThat(f.relocation()).isEqualTo(Relocation.uidUnknown("Archive"));
    assertThat(f.relocation().uidKnown()).isFalse();
  }

  @Test
  void eachAccountHasItsOwnFeed() {
    PendingOperation mine = t.read("acct", 1);
    PendingOperation theirs = t.read("other", 1);
    t.store().complete(t.claim("acct", "w1").lease(), mine.id());
    t.store().complete(t.claim("other", "w1").lease(), theirs.id());

    assertThat(t.store().finishedSince("acct", 0, 10))
        .extracting(f -> f.operation().id())
        .containsExactly(mine.id());
    assertThat(t.store().finishedSince("other", 0, 10))
        .extracting(f -> f.operation().id())
        .containsExactly(theirs.id());
  }

  @Test
  void aDiscardEntersTheFeedAndARetriedFailureLeavesItUntilItFinishesAgain() {
    PendingOperation failed = t.read("acct", 1);
    PendingOperation dropped = t.read("acct", 2);
    Claim claim = t.claim(t.store(), "acct", "w1", 1);
    t.store().fail(claim.lease(), failed.id(), "broken");
    t.store().release(claim.lease());
    long afterFailure = t.store().finishedSince("acct", 0, 10).get(0).sequence();

    assertThat(t.store().discard(dropped.id())).isTrue();
    assertThat(t.store().finishedSince("acct", afterFailure, 10))
        .extracting(f -> f.operation().id())
        .containsExactly(dropped.id());

    assertThat(t.store().retry(failed.id())).isTrue();
    assertThat(t.store().finishedSince("acct", 0, 10))
        .extracting(f -> f.operation().id())
        .containsExactly(dropped.id());
    Claim again = t.claim("acct", "w2");
    t.store().complete(again.lease(), failed.id());
    List<FinishedOperation> feed = t.store().finishedSince("acct", 0, 10);
    assertThat(feed).extracting(f -> f.operation().id()).containsExactly(dropped.id(), failed.id());
    assertThat(feed.get(1).failureReason()).isNull();
  }

  @Test
  void theFeedIsReadAcrossStoreInstances() {
    PendingOperation a = t.read("acct", 1);
    t.store().complete(t.claim("acct", "w1").lease(), a.id());
    assertThat(t.otherInstance().finishedSince("acct", 0, 10))
        .extracting(f -> f.operation().id())
        .containsExactly(a.id());
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> t.store().finishedSince(" ", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account");
    assertThatThrownBy(() -> t.store().finishedSince("acct", -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("afterSequence");
    assertThatThrownBy(() -> t.store().finishedSince("acct", 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }
}
