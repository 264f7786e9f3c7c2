package io.github.ferrymail.core.coalesce;

import static io.github.ferrymail.core.coalesce.Ops.INBOX_7;
import static io.github.ferrymail.core.coalesce.Ops.cancellations;
import static io.github.ferrymail.core.coalesce.Ops.ids;
import static io.github.ferrymail.core.coalesce.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sequences of operations through {@link Coalescer}: moves, undo, deletes, groups, inputs. */
class CoalescerTest {

  @Test
  void aMoveThenAnotherMoveBecomesOneMoveFromTheOriginalFolder() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(op(1, Operation.move(INBOX_7, "B")), op(2, Operation.move(INBOX_7, "C"))));

    assertThat(result.toRun())
        .extracting(PendingOperation::operation)
        .containsExactly(Operation.move(INBOX_7, "C"));
    assertThat(cancellations(result)).isEqualTo("1:2");
  }

  @Test
  void aChainOfMovesEndsAtTheLastDestination() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.move(INBOX_7, "B")),
                op(2, Operation.moveToTrash(INBOX_7)),
                op(3, Operation.move(INBOX_7, "D"))));

    assertThat(ids(result.toRun())).containsExactly(3L);
    assertThat(cancellations(result)).isEqualTo("1:3 2:3");
  }

  @Test
  void trashThenRestoreToTheOriginalFolderCancelsBoth() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.moveToTrash(INBOX_7)), op(2, Operation.restore(INBOX_7, "INBOX"))));

    assertThat(result.toRun()).isEmpty();
    assertThat(cancellations(result)).isEqualTo("1:2 2:2");
    assertThat(result.cancelled().get(0).reason()).contains("restored").contains("2");
  }

  @Test
  void trashThenRestoreKeepsTheFlagChangesInBetween() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.moveToTrash(INBOX_7)),
                op(2, Operation.markRead(INBOX_7)),
                op(3, Operation.restore(INBOX_7, "INBOX"))));

    assertThat(ids(result.toRun())).containsExactly(2L);
    assertThat(cancellations(result)).isEqualTo("1:3 3:3");
  }

  @Test
  void trashThenRestoreToAnotherFolderRunsOnlyTheRestore() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.moveToTrash(INBOX_7)),
                op(2, Operation.restore(INBOX_7, "Projects"))));

    assertThat(result.toRun())
        .extracting(PendingOperation::operation)
        .containsExactly(Operation.restore(INBOX_7, "Projects"));
    assertThat(cancellations(result)).isEqualTo("1:2");
  }

  @Test
  void aDeleteAfterAnAttemptedTrashMoveWaitsForTheMoveToFindTheMessage() {
    // The live load's case: the trash move's worker died after UID MOVE; the delete queued later
    // must not supersede the move, or it finds nothing in INBOX and the message stays in Trash.
    Checkpoint towardsTrash = new Checkpoint("INBOX", 100, "Trash", 5, 24, Map.of(7L, "<m7>"));
    PendingOperation attempted = op(1, Operation.moveToTrash(INBOX_7)).withCheckpoint(towardsTrash);
    PendingOperation flag = op(2, Operation.flag(INBOX_7));
    PendingOperation delete = op(3, Operation.permanentDelete(INBOX_7));

    CoalescingResult result = Coalescer.coalesce(List.of(attempted, flag, delete));

    // The flag runs too, where the move takes the message (the planner's last phase).
    assertThat(ids(result.toRun())).containsExactly(1L, 2L);
    assertThat(result.toRun().get(0).checkpoint()).isEqualTo(towardsTrash);
    assertThat(Ops.deferredIds(result)).containsExactly(3L);
    assertThat(result.cancelled()).isEmpty();
  }

  @Test
  void aDeleteWithoutAnAttemptedMoveStillSupersedesIt() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.moveToTrash(INBOX_7)), op(2, Operation.permanentDelete(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(2L);
    assertThat(cancellations(result)).isEqualTo("1:2");
  }

  @Test
  void aLaterMoveInheritsTheCheckpointOfTheAttemptItSupersedes() {
    Checkpoint towardsB = new Checkpoint("INBOX", 100, "B", 5, 40, Map.of(7L, "<m7>"));
    PendingOperation attempted = op(1, Operation.move(INBOX_7, "B")).withCheckpoint(towardsB);

    CoalescingResult result =
        Coalescer.coalesce(List.of(attempted, op(2, Operation.move(INBOX_7, "C"))));

    assertThat(result.toRun()).hasSize(1);
    assertThat(result.toRun().get(0).operation()).isEqualTo(Operation.move(INBOX_7, "C"));
    assertThat(result.toRun().get(0).checkpoint()).isEqualTo(towardsB);
    assertThat(result.inherited()).containsExactly(Map.entry(2L, towardsB));
    assertThat(cancellations(result)).isEqualTo("1:2");
  }

  @Test
  void aMoveBackAfterAnAttemptThatMayHaveMovedTheMessageRunsWithItsCheckpoint() {
    // The first move may have happened (its reply was lost): cancelling both would leave the
    // message in B while the application believes it is back in INBOX.
    Checkpoint towardsB = new Checkpoint("INBOX", 100, "B", 5, 40, Map.of(7L, "<m7>"));
    PendingOperation attempted = op(1, Operation.move(INBOX_7, "B")).withCheckpoint(towardsB);

    CoalescingResult result =
        Coalescer.coalesce(List.of(attempted, op(2, Operation.move(INBOX_7, "INBOX"))));

    assertThat(ids(result.toRun())).containsExactly(2L);
    assertThat(result.toRun().get(0).checkpoint()).isEqualTo(towardsB);
    assertThat(cancellations(result)).isEqualTo("1:2");
  }

  @Test
  void aSurvivorWithACheckpointOfItsOwnKeepsIt() {
    Checkpoint older = new Checkpoint("INBOX", 100, "B", 5, 40, Map.of(7L, "<m7>"));
    Checkpoint own = new Checkpoint("INBOX", 100, "C", 6, 90, Map.of(7L, "<m7>"));

    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.move(INBOX_7, "B")).withCheckpoint(older),
                op(2, Operation.move(INBOX_7, "C")).withCheckpoint(own)));

    assertThat(result.toRun().get(0).checkpoint()).isEqualTo(own);
    assertThat(result.inherited()).isEmpty();
  }

  @Test
  void aMoveThenAMoveBackCancelsBoth() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.move(INBOX_7, "Archive")),
                op(2, Operation.move(INBOX_7, "INBOX"))));

    assertThat(result.toRun()).isEmpty();
    assertThat(cancellations(result)).isEqualTo("1:2 2:2");
  }

  @Test
  void awayBackAndAwayAgainKeepsTheLastMove() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.move(INBOX_7, "Archive")),
                op(2, Operation.move(INBOX_7, "INBOX")),
                op(3, Operation.moveToTrash(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(3L);
    assertThat(cancellations(result)).isEqualTo("1:3 2:3");
  }

  @Test
  void aMoveToTheFolderTheMessageIsInCancelsItself() {
    CoalescingResult result = Coalescer.coalesce(List.of(op(4, Operation.move(INBOX_7, "INBOX"))));

    assertThat(result.toRun()).isEmpty();
    assertThat(cancellations(result)).isEqualTo("4:4");
  }

  @Test
  void flagChangesAndMovesBeforeAPermanentDeleteAreDropped() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markRead(INBOX_7)),
                op(2, Operation.flag(INBOX_7)),
                op(3, Operation.move(INBOX_7, "Archive")),
                op(4, Operation.permanentDelete(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(4L);
    assertThat(cancellations(result)).isEqualTo("1:4 2:4 3:4");
    assertThat(result.cancelled()).allSatisfy(c -> assertThat(c.reason()).contains("delete"));
  }

  @Test
  void operationsAfterAPermanentDeleteAreCancelled() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.permanentDelete(INBOX_7)),
                op(2, Operation.markUnread(INBOX_7)),
                op(3, Operation.restore(INBOX_7, "INBOX")),
                op(4, Operation.unflag(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(1L);
    assertThat(cancellations(result)).isEqualTo("2:1 3:1 4:1");
  }

  @Test
  void readUnreadReadCollapsesToTheLastWish() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markRead(INBOX_7)),
                op(2, Operation.markUnread(INBOX_7)),
                op(3, Operation.markRead(INBOX_7))));

    assertThat(result.toRun())
        .extracting(PendingOperation::operation)
        .containsExactly(Operation.markRead(INBOX_7));
    assertThat(ids(result.toRun())).containsExactly(3L);
    assertThat(cancellations(result)).isEqualTo("1:3 2:3");
  }

  @Test
  void seenAndFlaggedChangesCollapseSeparately() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markRead(INBOX_7)),
                op(2, Operation.flag(INBOX_7)),
                op(3, Operation.markUnread(INBOX_7)),
                op(4, Operation.unflag(INBOX_7)),
                op(5, Operation.flag(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(3L, 5L);
    assertThat(cancellations(result)).isEqualTo("1:3 2:5 4:5");
  }

  @Test
  void aFlagChangeIsSupersededByTheLastOfTheChangesThatWishForItsFlags() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.changeFlags(INBOX_7, FlagDelta.adding("\\Seen", "$label1"))),
                op(2, Operation.markUnread(INBOX_7)),
                op(3, Operation.changeFlags(INBOX_7, FlagDelta.removing("$label1"))),
                op(4, Operation.markRead(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(3L, 4L);
    assertThat(cancellations(result)).isEqualTo("1:4 2:4");
    assertThat(result.cancelled().get(0).reason()).contains("same flags").contains("4");
    assertThat(result.deferred()).isEmpty();
  }

  @Test
  void keywordsThatDifferInCaseOnlyAreOneFlag() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.changeFlags(INBOX_7, FlagDelta.adding("$Junk"))),
                op(2, Operation.changeFlags(INBOX_7, FlagDelta.removing("$junk")))));

    assertThat(ids(result.toRun())).containsExactly(2L);
    assertThat(cancellations(result)).isEqualTo("1:2");
  }

  @Test
  void junkThenNotJunkThenJunkIsJunk() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markJunk(INBOX_7)),
                op(2, Operation.markNotJunk(INBOX_7)),
                op(3, Operation.markJunk(INBOX_7))));

    assertThat(result.toRun())
        .extracting(PendingOperation::operation)
        .containsExactly(Operation.markJunk(INBOX_7));
    assertThat(cancellations(result)).isEqualTo("1:3 2:3");
  }

  @Test
  void aDisagreeingFlagChangeWaitsAndSoDoesEverythingAfterItOnTheMessage() {
    MessageRef other = MessageRef.of("acct", "INBOX", 100, 8);
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.changeFlags(INBOX_7, FlagDelta.adding("\\Seen", "\\Flagged"))),
                op(2, Operation.markUnread(INBOX_7)),
                op(3, Operation.markJunk(INBOX_7)),
                op(4, Operation.move(INBOX_7, "Archive")),
                op(5, Operation.markUnread(other)),
                op(6, Operation.move(INBOX_7, "Receipts"))));

    // 1 keeps \Flagged, so it runs, whole; 2 clears the \Seen that 1 sets: it must come after.
    assertThat(ids(result.toRun())).containsExactly(1L, 5L);
    assertThat(Ops.deferredIds(result)).containsExactly(2L, 3L, 6L);
    // Superseded for good whatever runs when: cancelled now.
    assertThat(cancellations(result)).isEqualTo("4:6");
  }

  @Test
  void flagChangesThatAgreeOnTheirSharedFlagsRunTogether() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.changeFlags(INBOX_7, FlagDelta.adding("\\Seen", "\\Flagged"))),
                op(2, Operation.changeFlags(INBOX_7, FlagDelta.adding("\\Seen", "Work")))));

    assertThat(ids(result.toRun())).containsExactly(1L, 2L);
    assertThat(result.deferred()).isEmpty();
  }

  @Test
  void theLastWishPerFlagHoldsAcrossAMove() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markRead(INBOX_7)),
                op(2, Operation.move(INBOX_7, "Archive")),
                op(3, Operation.markUnread(INBOX_7)),
                op(4, Operation.markForwarded(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(2L, 3L, 4L);
    assertThat(cancellations(result)).isEqualTo("1:3");
  }

  @Test
  void differentMessagesNeverInteract() {
    MessageRef otherUid = MessageRef.of("acct", "INBOX", 100, 8);
    MessageRef otherFolder = MessageRef.of("acct", "Archive", 100, 7);
    MessageRef otherValidity = MessageRef.of("acct", "INBOX", 101, 7);
    MessageRef otherAccount = MessageRef.of("other", "INBOX", 100, 7);

    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markRead(INBOX_7)),
                op(2, Operation.markUnread(otherUid)),
                op(3, Operation.permanentDelete(otherFolder)),
                op(4, Operation.moveToTrash(otherValidity)),
                op(5, Operation.restore(otherAccount, "INBOX")),
                op(6, Operation.flag(otherUid)),
                op(7, Operation.move(INBOX_7, "Archive"))));

    assertThat(ids(result.toRun())).containsExactly(1L, 2L, 3L, 4L, 6L, 7L);
    assertThat(cancellations(result)).isEqualTo("5:5");
  }

  @Test
  void completedFailedAndCancelledOperationsAreIgnored() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.permanentDelete(INBOX_7), OperationStatus.COMPLETED),
                op(2, Operation.markRead(INBOX_7), OperationStatus.PENDING),
                op(3, Operation.markUnread(INBOX_7), OperationStatus.FAILED),
                op(4, Operation.move(INBOX_7, "Archive"), OperationStatus.CANCELLED),
                op(5, Operation.flag(INBOX_7), OperationStatus.IN_FLIGHT)));

    assertThat(ids(result.toRun())).containsExactly(2L, 5L);
    assertThat(result.cancelled()).isEmpty();
  }

  @Test
  void inFlightOperationsTakePart() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markRead(INBOX_7), OperationStatus.IN_FLIGHT),
                op(2, Operation.markUnread(INBOX_7), OperationStatus.PENDING)));

    assertThat(ids(result.toRun())).containsExactly(2L);
    assertThat(cancellations(result)).isEqualTo("1:2");
  }

  @Test
  void unsortedInputIsTakenInIdOrder() {
    MessageRef other = MessageRef.of("acct", "INBOX", 100, 8);

    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(5, Operation.markRead(INBOX_7)),
                op(2, Operation.flag(other)),
                op(3, Operation.markUnread(INBOX_7)),
                op(1, Operation.unflag(other))));

    assertThat(ids(result.toRun())).containsExactly(2L, 5L);
    assertThat(cancellations(result)).isEqualTo("1:2 3:5");
  }

  @Test
  void nothingInNothingOut() {
    CoalescingResult result = Coalescer.coalesce(List.of());

    assertThat(result.toRun()).isEmpty();
    assertThat(result.cancelled()).isEmpty();
  }

  @Test
  void theResultCannotBeModified() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(op(1, Operation.markRead(INBOX_7)), op(2, Operation.markRead(INBOX_7))));

    assertThatThrownBy(() -> result.toRun().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> result.cancelled().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullInputIsRejectedNamingIt() {
    List<PendingOperation> withNull = new ArrayList<>();
    withNull.add(op(1, Operation.markRead(INBOX_7)));
    withNull.add(null);

    assertThatThrownBy(() -> Coalescer.coalesce(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operations");
    assertThatThrownBy(() -> Coalescer.coalesce(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operations");
  }

  @Test
  void aCancellationNeedsAReason() {
    PendingOperation op = op(1, Operation.markRead(INBOX_7));

    assertThatThrownBy(() -> new Cancellation(op, 2, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> new Cancellation(null, 2, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operation");
  }
}
