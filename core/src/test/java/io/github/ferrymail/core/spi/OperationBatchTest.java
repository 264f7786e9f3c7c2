package io.github.ferrymail.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperationBatchTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static PendingOperation op(long id, Operation operation) {
    return new PendingOperation(
        id, operation, null, OperationStatus.IN_FLIGHT, 0, T0, T0, T0, null, null, null);
  }

  private static MessageRef inbox(long uid) {
    return MessageRef.of("acct", "INBOX", 10, uid);
  }

  private static OperationBatch moves(List<PendingOperation> ops) {
    return new OperationBatch("acct", OperationKind.MOVE, "INBOX", 10, "Archive", ops);
  }

  @Test
  void aBatchKeepsItsOperationsInOrderAndListsTheirUids() {
    List<PendingOperation> ops =
        List.of(
            op(1, Operation.move(inbox(30), "Archive")),
            op(2, Operation.move(inbox(4), "Archive")));

    OperationBatch batch = moves(ops);

    assertThat(batch.operations()).isEqualTo(ops);
    assertThat(batch.uids()).containsExactly(30L, 4L);
  }

  @Test
  void aBatchWithoutDestinationTakesFlagChanges() {
    OperationBatch batch =
        new OperationBatch(
            "acct",
            OperationKind.FLAGS,
            "INBOX",
            10,
            null,
            List.of(op(1, Operation.markRead(inbox(1))), op(2, Operation.markRead(inbox(2)))));

    assertThat(batch.uids()).containsExactly(1L, 2L);
  }

  @Test
  void aBatchOfFlagChangesSharesOneDeltaWhichItsTemplateCarries() {
    PendingOperation first = op(1, Operation.markJunk(inbox(1)));
    OperationBatch batch =
        new OperationBatch(
            "acct",
            OperationKind.FLAGS,
            "INBOX",
            10,
            null,
            List.of(first, op(2, Operation.markJunk(inbox(2)))));

    assertThat(batch.template()).isEqualTo(first.operation());
    assertThat(((Operation.FlagChange) batch.template()).delta())
        .isEqualTo(FlagDelta.of(Set.of("$Junk"), Set.of("$NotJunk")));
  }

  @Test
  void rejectsAFlagChangeWithAnotherDelta() {
    PendingOperation unread = op(7, Operation.markUnread(inbox(2)));

    assertThatThrownBy(
            () ->
                new OperationBatch(
                    "acct",
                    OperationKind.FLAGS,
                    "INBOX",
                    10,
                    null,
                    List.of(op(1, Operation.markRead(inbox(1))), unread)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 7");
  }

  @Test
  void rejectsAnOperationOfAnotherAccount() {
    PendingOperation foreign =
        op(7, Operation.move(MessageRef.of("other", "INBOX", 10, 1), "Archive"));

    assertThatThrownBy(() -> moves(List.of(foreign)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 7");
  }

  @Test
  void rejectsAnOperationOfAnotherKind() {
    PendingOperation trash = op(7, Operation.moveToTrash(inbox(1)));

    assertThatThrownBy(() -> moves(List.of(op(1, Operation.move(inbox(2), "Archive")), trash)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 7");
  }

  @Test
  void rejectsAnOperationOfAnotherFolderOrUidValidity() {
    PendingOperation sent = op(7, Operation.move(MessageRef.of("acct", "Sent", 10, 1), "Archive"));
    PendingOperation stale =
        op(8, Operation.move(MessageRef.of("acct", "INBOX", 11, 1), "Archive"));

    assertThatThrownBy(() -> moves(List.of(sent)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 7");
    assertThatThrownBy(() -> moves(List.of(stale)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 8");
  }

  @Test
  void rejectsAnOperationWithAnotherDestination() {
    PendingOperation elsewhere = op(7, Operation.move(inbox(1), "Projects"));

    assertThatThrownBy(() -> moves(List.of(elsewhere)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 7");
    assertThatThrownBy(
            () ->
                new OperationBatch(
                    "acct",
                    OperationKind.FLAGS,
                    "INBOX",
                    10,
                    "Archive",
                    List.of(op(8, Operation.markRead(inbox(1))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 8");
  }

  @Test
  void rejectsAnEmptyOrNullList() {
    List<PendingOperation> withNull = new ArrayList<>();
    withNull.add(null);

    assertThatThrownBy(() -> moves(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operations");
    assertThatThrownBy(() -> moves(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operations");
  }

  @Test
  void rejectsBadHeaderFieldsNamingThem() {
    List<PendingOperation> ops = List.of(op(1, Operation.move(inbox(1), "Archive")));

    assertThatThrownBy(() -> new OperationBatch(" ", OperationKind.MOVE, "INBOX", 10, "A", ops))
        .hasMessageContaining("account");
    assertThatThrownBy(() -> new OperationBatch("acct", null, "INBOX", 10, "A", ops))
        .hasMessageContaining("kind");
    assertThatThrownBy(() -> new OperationBatch("acct", OperationKind.MOVE, "", 10, "A", ops))
        .hasMessageContaining("folder");
    assertThatThrownBy(() -> new OperationBatch("acct", OperationKind.MOVE, "INBOX", 0, "A", ops))
        .hasMessageContaining("uidValidity");
  }
}
