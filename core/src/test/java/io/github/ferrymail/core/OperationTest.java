package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperationTest {
  private static final MessageRef REF = new MessageRef("acct", "INBOX", 5, 9, "<m@x>");

  /** One operation of every kind, as the factories make them. */
  static List<Operation> everyKind(MessageRef ref) {
    return List.of(
        Operation.markRead(ref),
        Operation.move(ref, "Archive"),
        Operation.moveToTrash(ref),
        Operation.restore(ref, "INBOX"),
        Operation.permanentDelete(ref),
        Operation.copy(ref, "Archive"),
        Operation.replace(ref, "Drafts", NewMessage.of("draft 2").withFlags(FlagDelta.DRAFT)));
  }

  @Test
  void theFourFlagFactoriesOfBeforeAreFlagChangesOfOneFlag() {
    assertThat(Operation.markRead(REF))
        .isEqualTo(new Operation.FlagChange(REF, FlagDelta.adding("\\Seen")));
    assertThat(Operation.markUnread(REF))
        .isEqualTo(new Operation.FlagChange(REF, FlagDelta.removing("\\Seen")));
    assertThat(Operation.flag(REF))
        .isEqualTo(new Operation.FlagChange(REF, FlagDelta.adding("\\Flagged")));
    assertThat(Operation.unflag(REF))
        .isEqualTo(new Operation.FlagChange(REF, FlagDelta.removing("\\Flagged")));
    assertThat(Operation.markRead(REF).kind()).isEqualTo(OperationKind.FLAGS);
  }

  @Test
  void theKeywordFactoriesChangeTheRegisteredKeywords() {
    assertThat(Operation.markAnswered(REF).payload()).isEqualTo("+\\Answered");
    assertThat(Operation.markForwarded(REF).payload()).isEqualTo("+$Forwarded");
    assertThat(Operation.markJunk(REF).payload()).isEqualTo("+$Junk -$NotJunk");
    assertThat(Operation.markNotJunk(REF).payload()).isEqualTo("+$NotJunk -$Junk");
    assertThat(Operation.changeFlags(REF, FlagDelta.adding("$label1", "Work")).payload())
        .isEqualTo("+$label1 +Work");
  }

  @Test
  void everyKindReadsBackFromItsStoredParts() {
    List<Operation> samples = new ArrayList<>(everyKind(REF));
    samples.add(Operation.markJunk(REF));
    samples.add(
        Operation.changeFlags(
            REF, FlagDelta.of(Set.of("\\Draft", "-odd+", "$MDNSent"), Set.of("\\Answered"))));
    for (Operation op : samples) {
      Operation back = Operation.of(op.kind(), op.message(), op.destination(), op.payload());

      assertThat(back).as(op.toString()).isEqualTo(op);
      assertThat(back.destination() != null).isEqualTo(op.kind().needsDestination());
    }
  }

  @Test
  void theSamplesCoverEveryKind() {
    assertThat(everyKind(REF).stream().map(Operation::kind))
        .as("every kind of message operation; FolderChangeTest covers FOLDER, AppendTest APPEND")
        .containsExactlyElementsOf(
            OperationKind.values().stream()
                .filter(k -> !k.isFolderChange() && k != OperationKind.APPEND)
                .toList());
  }

  @Test
  void aCopyNeedsADestinationAndMayGoToItsOwnFolder() {
    assertThat(Operation.copy(REF, "Archive"))
        .isEqualTo(new Operation.Copy(REF, "Archive"))
        .satisfies(op -> assertThat(op.destination()).isEqualTo("Archive"))
        .satisfies(op -> assertThat(op.payload()).isNull());
    assertThat(Operation.copy(REF, "INBOX").destination()).isEqualTo("INBOX");
    assertThatThrownBy(() -> Operation.copy(REF, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> Operation.copy(REF, " \t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> Operation.copy(REF, "Ar\0chive"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destination")
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> Operation.copy(null, "Archive"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
    assertThatThrownBy(() -> Operation.of(OperationKind.COPY, REF, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> Operation.of(OperationKind.COPY, REF, "Archive", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload")
        .hasMessageContaining("COPY");
  }

  @Test
  void aMoveOrRestoreNeedsADestination() {
    assertThatThrownBy(() -> Operation.of(OperationKind.MOVE, REF, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> Operation.of(OperationKind.RESTORE, REF, " ", null))
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
        assertThatThrownBy(() -> Operation.of(kind, REF, "Archive", "+\\Seen"))
            .as(kind.name())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("destination")
            .hasMessageContaining(kind.name());
      }
    }
  }

  @Test
  void aFlagChangeNeedsAPayloadThatParsesAndTheOthersRejectOne() {
    assertThatThrownBy(() -> Operation.of(OperationKind.FLAGS, REF, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload")
        .hasMessageContaining("FLAGS");
    assertThatThrownBy(() -> Operation.of(OperationKind.FLAGS, REF, null, "+\\Seen garbage"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'garbage'");
    assertThatThrownBy(() -> Operation.of(OperationKind.MOVE_TO_TRASH, REF, null, "+\\Seen"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload")
        .hasMessageContaining("MOVE_TO_TRASH");
    assertThatThrownBy(() -> Operation.of(OperationKind.MOVE, REF, "Archive", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload");
  }

  @Test
  void ofRejectsANullKindOrMessage() {
    assertThatThrownBy(() -> Operation.of(null, REF, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("kind");
    for (Operation op : everyKind(REF)) {
      assertThatThrownBy(() -> Operation.of(op.kind(), null, op.destination(), op.payload()))
          .as(op.kind().name())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("message");
    }
    assertThatThrownBy(() -> new Operation.FlagChange(REF, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("delta");
  }

  @Test
  void withMessageKeepsKindDestinationAndDelta() {
    MessageRef moved = MessageRef.of("acct", "Archive", 8, 100);

    for (Operation op : everyKind(REF)) {
      Operation there = op.withMessage(moved);
      assertThat(there.message()).isEqualTo(moved);
      assertThat(there.kind()).isEqualTo(op.kind());
      assertThat(there.destination()).isEqualTo(op.destination());
      assertThat(there.payload()).isEqualTo(op.payload());
    }
    assertThat(Operation.markJunk(REF).withMessage(moved)).isEqualTo(Operation.markJunk(moved));
  }

  @Test
  void sameChangeComparesEverythingButTheMessage() {
    MessageRef other = MessageRef.of("acct", "INBOX", 5, 10);

    assertThat(Operation.markRead(REF).sameChangeAs(Operation.markRead(other))).isTrue();
    assertThat(Operation.markRead(REF).sameChangeAs(Operation.markUnread(other))).isFalse();
    assertThat(Operation.markRead(REF).sameChangeAs(Operation.flag(other))).isFalse();
    assertThat(Operation.markJunk(REF).sameChangeAs(Operation.markJunk(other))).isTrue();
    assertThat(Operation.move(REF, "A").sameChangeAs(Operation.move(other, "A"))).isTrue();
    assertThat(Operation.move(REF, "A").sameChangeAs(Operation.move(other, "B"))).isFalse();
    assertThat(Operation.move(REF, "A").sameChangeAs(Operation.restore(other, "A"))).isFalse();
    assertThat(Operation.copy(REF, "A").sameChangeAs(Operation.copy(other, "A"))).isTrue();
    assertThat(Operation.copy(REF, "A").sameChangeAs(Operation.copy(other, "B"))).isFalse();
    assertThat(Operation.copy(REF, "A").sameChangeAs(Operation.move(other, "A"))).isFalse();
  }

  @Test
  void kindsAreClassifiedByWhatTheyDoToTheirMessage() {
    List<String> flags = new ArrayList<>();
    List<String> relocations = new ArrayList<>();
    List<String> deletions = new ArrayList<>();
    List<String> withDestination = new ArrayList<>();
    List<String> barriers = new ArrayList<>();
    List<String> moving = new ArrayList<>();
    List<String> reporting = new ArrayList<>();
    for (OperationKind kind : OperationKind.values()) {
      if (kind.isBarrier()) {
        barriers.add(kind.name());
      }
      if (kind.movesMessage()) {
        moving.add(kind.name());
      }
      if (kind.reportsLocation()) {
        reporting.add(kind.name());
      }
      if (kind.isFlagChange()) {
        flags.add(kind.name());
      }
      if (kind.isRelocation()) {
        relocations.add(kind.name());
      }
      if (kind.isDeletion()) {
        deletions.add(kind.name());
      }
      if (kind.needsDestination()) {
        withDestination.add(kind.name());
      }
    }

    assertThat(flags).containsExactly("FLAGS");
    assertThat(relocations).containsExactly("MOVE", "MOVE_TO_TRASH", "RESTORE");
    assertThat(deletions).containsExactly("PERMANENT_DELETE");
    assertThat(withDestination).containsExactly("MOVE", "RESTORE", "COPY", "FOLDER", "REPLACE");
    assertThat(OperationKind.values().stream().filter(OperationKind::isFolderChange))
        .containsExactly(OperationKind.FOLDER);
    assertThat(barriers).containsExactly("COPY", "REPLACE");
    assertThat(moving).containsExactly("MOVE", "MOVE_TO_TRASH", "RESTORE");
    assertThat(reporting)
        .containsExactly("MOVE", "MOVE_TO_TRASH", "RESTORE", "COPY", "APPEND", "REPLACE");
  }
}
