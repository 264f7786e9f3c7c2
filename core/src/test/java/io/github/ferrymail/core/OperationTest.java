package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class OperationTest {
  private static final MessageRef REF = new MessageRef("acct", "INBOX", 5, 9, "<m@x>");

  @Test
  void ofBuildsEveryKindWithoutDestination() {
    assertThat(Operation.of(OperationKind.MARK_READ, REF, null))
        .isEqualTo(new Operation.MarkRead(REF));
    assertThat(Operation.of(OperationKind.MARK_UNREAD, REF, null))
        .isEqualTo(new Operation.MarkUnread(REF));
    assertThat(Operation.of(OperationKind.FLAG, REF, null)).isEqualTo(new Operation.Flag(REF));
    assertThat(Operation.of(OperationKind.UNFLAG, REF, null)).isEqualTo(new Operation.Unflag(REF));
    assertThat(Operation.of(OperationKind.MOVE_TO_TRASH, REF, null))
        .isEqualTo(new Operation.MoveToTrash(REF));
    assertThat(Operation.of(OperationKind.PERMANENT_DELETE, REF, null))
        .isEqualTo(new Operation.PermanentDelete(REF));
  }

  @Test
  void ofBuildsMoveAndRestoreWithTheirDestination() {
    Operation move = Operation.of(OperationKind.MOVE, REF, "Archive");
    Operation restore = Operation.of(OperationKind.RESTORE, REF, "INBOX");

    assertThat(move).isEqualTo(new Operation.Move(REF, "Archive"));
    assertThat(move.destination()).isEqualTo("Archive");
    assertThat(restore).isEqualTo(new Operation.Restore(REF, "INBOX"));
    assertThat(restore.destination()).isEqualTo("INBOX");
  }

  @Test
  void everyKindReportsItselfAndItsMessage() {
    for (OperationKind kind : OperationKind.values()) {
      Operation op = Operation.of(kind, REF, kind.needsDestination() ? "Dest" : null);

      assertThat(op.kind()).isEqualTo(kind);
      assertThat(op.message()).isEqualTo(REF);
      assertThat(op.destination() != null).as(kind.name()).isEqualTo(kind.needsDestination());
    }
  }

  @Test
  void aMoveOrRestoreNeedsADestination() {
    assertThatThrownBy(() -> Operation.of(OperationKind.MOVE, REF, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> Operation.of(OperationKind.RESTORE, REF, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> Operation.move(REF, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destination");
  }

  @Test
  void otherKindsRejectADestination() {
    for (OperationKind kind : OperationKind.values()) {
      if (!kind.needsDestination()) {
        assertThatThrownBy(() -> Operation.of(kind, REF, "Archive"))
            .as(kind.name())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("destination")
            .hasMessageContaining(kind.name());
      }
    }
  }

  @Test
  void ofRejectsANullKindOrMessage() {
    assertThatThrownBy(() -> Operation.of(null, REF, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("kind");
    for (OperationKind kind : OperationKind.values()) {
      assertThatThrownBy(() -> Operation.of(kind, null, kind.needsDestination() ? "D" : null))
          .as(kind.name())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("message");
    }
  }

  @Test
  void withMessageKeepsKindAndDestination() {
    MessageRef moved = MessageRef.of("acct", "Archive", 8, 100);

    assertThat(Operation.move(REF, "Projects").withMessage(moved))
        .isEqualTo(Operation.move(moved, "Projects"));
    assertThat(Operation.flag(REF).withMessage(moved)).isEqualTo(Operation.flag(moved));
  }

  @Test
  void kindsAreClassifiedByWhatTheyChange() {
    EnumSet<OperationKind> seen = EnumSet.noneOf(OperationKind.class);
    EnumSet<OperationKind> flagged = EnumSet.noneOf(OperationKind.class);
    EnumSet<OperationKind> relocations = EnumSet.noneOf(OperationKind.class);
    EnumSet<OperationKind> withDestination = EnumSet.noneOf(OperationKind.class);
    for (OperationKind kind : OperationKind.values()) {
      if (kind.changesSeen()) {
        seen.add(kind);
      }
      if (kind.changesFlagged()) {
        flagged.add(kind);
      }
      if (kind.isRelocation()) {
        relocations.add(kind);
      }
      if (kind.needsDestination()) {
        withDestination.add(kind);
      }
      assertThat(kind.isFlagChange()).isEqualTo(kind.changesSeen() || kind.changesFlagged());
    }

    assertThat(seen).containsExactly(OperationKind.MARK_READ, OperationKind.MARK_UNREAD);
    assertThat(flagged).containsExactly(OperationKind.FLAG, OperationKind.UNFLAG);
    assertThat(relocations)
        .containsExactly(OperationKind.MOVE, OperationKind.MOVE_TO_TRASH, OperationKind.RESTORE);
    assertThat(withDestination).containsExactly(OperationKind.MOVE, OperationKind.RESTORE);
  }
}
