package io.github.ferrymail.core.coalesce;

import static io.github.ferrymail.core.coalesce.Ops.INBOX_7;
import static io.github.ferrymail.core.coalesce.Ops.cancellations;
import static io.github.ferrymail.core.coalesce.Ops.deferredIds;
import static io.github.ferrymail.core.coalesce.Ops.ids;
import static io.github.ferrymail.core.coalesce.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Longer runs around a copy, which runs in its place among the operations on its message. */
class CopyCoalescingTest {

  @Test
  void readCopyUnreadIsReadThenTheCopyThenUnreadInTheNextPass() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markRead(INBOX_7)),
                op(2, Operation.copy(INBOX_7, "Archive")),
                op(3, Operation.markUnread(INBOX_7))));

    // The unread would supersede the read if the copy did not stand between them: the copy is
    // to be read, the original unread.
    assertThat(ids(result.toRun())).containsExactly(1L, 2L);
    assertThat(result.cancelled()).isEmpty();
    assertThat(deferredIds(result)).containsExactly(3L);
  }

  @Test
  void aPermanentDeleteOfTheOriginalNeverSupersedesACopyQueuedBeforeIt() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.flag(INBOX_7)),
                op(2, Operation.copy(INBOX_7, "Archive")),
                op(3, Operation.markRead(INBOX_7)),
                op(4, Operation.permanentDelete(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(1L, 2L);
    assertThat(deferredIds(result)).containsExactly(3L, 4L);

    // Next pass, the copy done: the delete supersedes what is left before it.
    CoalescingResult next =
        Coalescer.coalesce(
            List.of(op(3, Operation.markRead(INBOX_7)), op(4, Operation.permanentDelete(INBOX_7))));
    assertThat(ids(next.toRun())).containsExactly(4L);
    assertThat(cancellations(next)).isEqualTo("3:4");
  }

  @Test
  void aCopyAfterAMoveWaitsForTheMoveSoThatItCopiesFromWhereTheMessageIsThen() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.markRead(INBOX_7)),
                op(2, Operation.move(INBOX_7, "Work")),
                op(3, Operation.copy(INBOX_7, "Archive")),
                op(4, Operation.move(INBOX_7, "Done"))));

    // The moves do not collapse across the copy: Work, then the copy from Work, then Done.
    assertThat(ids(result.toRun())).containsExactly(1L, 2L);
    assertThat(result.cancelled()).isEmpty();
    assertThat(deferredIds(result)).containsExactly(3L, 4L);
  }

  @Test
  void aCopyAfterAFlagChangeThatWaitsWaitsToo() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.changeFlags(INBOX_7, FlagDelta.adding("\\Seen", "\\Flagged"))),
                op(2, Operation.markUnread(INBOX_7)),
                op(3, Operation.copy(INBOX_7, "Archive"))));

    assertThat(ids(result.toRun())).containsExactly(1L);
    assertThat(deferredIds(result)).containsExactly(2L, 3L);
  }

  @Test
  void aMoveUndoneBeforeTheCopyLetsTheCopyRun() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.moveToTrash(INBOX_7)),
                op(2, Operation.restore(INBOX_7, "INBOX")),
                op(3, Operation.copy(INBOX_7, "Archive"))));

    assertThat(ids(result.toRun())).containsExactly(3L);
    assertThat(cancellations(result)).isEqualTo("1:2 2:2");
    assertThat(result.deferred()).isEmpty();
  }

  @Test
  void aCopyWhoseAttemptLeftACheckpointKeepsItAndIsNeverCancelled() {
    Checkpoint earlier = new Checkpoint("INBOX", 100, "Archive", 9, 40, Map.of(7L, "<m@x>"));
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.copy(INBOX_7, "Archive"), OperationStatus.IN_FLIGHT)
                    .withCheckpoint(earlier),
                op(2, Operation.permanentDelete(INBOX_7))));

    assertThat(result.toRun())
        .singleElement()
        .satisfies(op -> assertThat(op.checkpoint()).isEqualTo(earlier));
    assertThat(deferredIds(result)).containsExactly(2L);
    assertThat(result.inherited()).isEmpty();
  }

  @Test
  void twoCopiesOfOneMessageRunInTwoPassesAndCopiesOfOthersInTheFirst() {
    MessageRef other = MessageRef.of("acct", "INBOX", 100, 8);
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.copy(INBOX_7, "Archive")),
                op(2, Operation.copy(other, "Archive")),
                op(3, Operation.copy(INBOX_7, "Work"))));

    assertThat(ids(result.toRun())).containsExactly(1L, 2L);
    assertThat(deferredIds(result)).containsExactly(3L);
  }

  @Test
  void aDeleteBeforeTheCopyCancelsItAsTheMessageIsGone() {
    CoalescingResult result =
        Coalescer.coalesce(
            List.of(
                op(1, Operation.permanentDelete(INBOX_7)),
                op(2, Operation.copy(INBOX_7, "Archive")),
                op(3, Operation.markRead(INBOX_7))));

    assertThat(ids(result.toRun())).containsExactly(1L);
    assertThat(cancellations(result)).isEqualTo("2:1 3:1");
  }
}
