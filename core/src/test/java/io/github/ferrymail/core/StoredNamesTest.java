package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading kinds and statuses back from a database. */
class StoredNamesTest {

  @Test
  void everyKindParsesFromItsName() {
    for (OperationKind kind : OperationKind.values()) {
      assertThat(OperationKind.parse(kind.name())).isSameAs(kind);
      assertThat(kind).hasToString(kind.name());
    }
    assertThat(OperationKind.parse(" move_to_trash ")).isSameAs(OperationKind.MOVE_TO_TRASH);
  }

  @Test
  void theKindsOfBeforeV4AreUnknownNowTheirRowsAreMigrated() {
    for (String old : new String[] {"MARK_READ", "MARK_UNREAD", "FLAG", "UNFLAG"}) {
      assertThatThrownBy(() -> OperationKind.parse(old))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + old + "'");
    }
  }

  @Test
  void anUnknownKindIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> OperationKind.parse("ARCHIVE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind")
        .hasMessageContaining("'ARCHIVE'");
    assertThatThrownBy(() -> OperationKind.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("''");
    assertThatThrownBy(() -> OperationKind.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("kind");
  }

  @Test
  void everyStatusParsesFromItsName() {
    for (OperationStatus status : OperationStatus.values()) {
      assertThat(OperationStatus.parse(status.name())).isEqualTo(status);
    }
    assertThat(OperationStatus.parse("in_flight")).isEqualTo(OperationStatus.IN_FLIGHT);
  }

  @Test
  void anUnknownStatusIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> OperationStatus.parse("DONE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status")
        .hasMessageContaining("'DONE'");
    assertThatThrownBy(() -> OperationStatus.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("status");
  }

  @Test
  void onlyCompletedFailedAndCancelledAreTerminal() {
    assertThat(OperationStatus.PENDING.isTerminal()).isFalse();
    assertThat(OperationStatus.IN_FLIGHT.isTerminal()).isFalse();
    assertThat(OperationStatus.COMPLETED.isTerminal()).isTrue();
    assertThat(OperationStatus.FAILED.isTerminal()).isTrue();
    assertThat(OperationStatus.CANCELLED.isTerminal()).isTrue();
  }
}
