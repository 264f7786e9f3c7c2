package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link NewOperation} and {@link PendingOperation}. */
class QueuedOperationTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Operation READ = Operation.markRead(MessageRef.of("acct", "INBOX", 1, 2));

  @Test
  void aNewOperationKeepsItsKeyAndAccount() {
    assertThat(NewOperation.of(READ, "row-9").messageKey()).isEqualTo("row-9");
    assertThat(NewOperation.of(READ).messageKey()).isNull();
    assertThat(NewOperation.of(READ).account()).isEqualTo("acct");
  }

  @Test
  void aNewOperationRejectsABlankKeyOrNoOperation() {
    assertThatThrownBy(() -> NewOperation.of(READ, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messageKey");
    assertThatThrownBy(() -> new NewOperation(READ, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messageKey");
    assertThatThrownBy(() -> NewOperation.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operation");
  }

  @Test
  void aPendingOperationValidatesItsFields() {
    assertThatThrownBy(() -> pending(0, 0)).hasMessageContaining("id");
    assertThatThrownBy(() -> pending(1, -1)).hasMessageContaining("attempts");
    assertThatThrownBy(
            () -> new PendingOperation(1, READ, null, null, 0, T0, null, T0, null, null, null))
        .hasMessageContaining("status");
    assertThatThrownBy(
            () ->
                new PendingOperation(
                    1, READ, null, OperationStatus.PENDING, 0, T0, null, null, null, null, null))
        .hasMessageContaining("nextAttemptAt");
  }

  @Test
  void copiesChangeOnlyWhatTheySay() {
    PendingOperation op = pending(3, 2);
    Operation moved = READ.withMessage(MessageRef.of("acct", "Archive", 5, 6));
    Checkpoint checkpoint = new Checkpoint("INBOX", 1, "Archive", 5, 6, Map.of());

    assertThat(op.withOperation(moved).operation()).isEqualTo(moved);
    assertThat(op.withOperation(moved).withOperation(READ)).isEqualTo(op);
    assertThat(op.withCheckpoint(checkpoint).checkpoint()).isEqualTo(checkpoint);
    assertThat(op.withCheckpoint(checkpoint).withCheckpoint(null)).isEqualTo(op);
    assertThat(op.account()).isEqualTo("acct");
    assertThat(op.kind()).isEqualTo(OperationKind.FLAGS);
    assertThat(op.message()).isEqualTo(READ.message());
  }

  private static PendingOperation pending(long id, int attempts) {
    return new PendingOperation(
        id, READ, null, OperationStatus.PENDING, attempts, T0, null, T0, null, null, null);
  }
}
