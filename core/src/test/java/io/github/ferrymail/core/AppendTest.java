package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.coalesce.Coalescer;
import io.github.ferrymail.core.coalesce.CoalescingResult;
import io.github.ferrymail.core.overlay.PendingOverlay;
import io.github.ferrymail.core.spi.OperationBatch;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Appends and replaces: their stored form, their checks, and how the queue orders them. */
class AppendTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final MessageRef OLD = MessageRef.of("acct", "Drafts", 5, 9);

  private static PendingOperation pending(long id, Operation op) {
    return new PendingOperation(
        id, op, null, OperationStatus.PENDING, 0, T0, null, T0, null, null, null);
  }

  @Test
  void anAppendNamesItsFolderAndReadsBackFromItsStoredParts() {
    NewMessage message =
        NewMessage.of("outbox/8f2c with spaces")
            .withFlags("\\seen", "$label1")
            .withInternalDate(Instant.parse("2026-11-30T08:15:30.123Z"));
    Operation append = Operation.append("acct", "Sent", message);

    assertThat(append.message()).isEqualTo(MessageRef.folderOnly("acct", "Sent"));
    assertThat(append.kind()).isEqualTo(OperationKind.APPEND);
    assertThat(append.destination()).isNull();
    assertThat(append.payload())
        .isEqualTo("2026-11-30T08:15:30Z 2 $label1 \\Seen outbox/8f2c with spaces");
    assertThat(Operation.of(OperationKind.APPEND, append.message(), null, append.payload()))
        .isEqualTo(append);
    assertThat(NewMessage.of("k").encode()).isEqualTo("- 0 k");
  }

  @Test
  void aReplaceIsOnTheOldVersionWithTheNewOnesFolderAsDestination() {
    Operation replace = Operation.replace(OLD, "Drafts", NewMessage.of("draft-2"));

    assertThat(replace.message()).isEqualTo(OLD);
    assertThat(replace.destination()).isEqualTo("Drafts");
    assertThat(Operation.of(OperationKind.REPLACE, OLD, "Drafts", replace.payload()))
        .isEqualTo(replace);
    assertThat(OperationKind.REPLACE.isBarrier()).isTrue();
    assertThat(OperationKind.REPLACE.movesMessage()).isFalse();
    assertThat(OperationKind.APPEND.isAppend()).isTrue();
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> NewMessage.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contentKey");
    assertThatThrownBy(() -> NewMessage.of("a\nb"))
        .hasMessageContaining("contentKey must not contain control characters (at index 1)");
    assertThatThrownBy(() -> NewMessage.of("k".repeat(NewMessage.MAX_CONTENT_KEY_LENGTH + 1)))
        .hasMessageContaining("contentKey");
    assertThatThrownBy(() -> NewMessage.of("k").withFlags("\\Deleted"))
        .hasMessageContaining("\\Deleted");
    assertThatThrownBy(() -> NewMessage.of("k").withFlags("bad flag"))
        .hasMessageContaining("'bad flag' is not an IMAP atom");
    assertThatThrownBy(() -> Operation.append("acct", "", NewMessage.of("k")))
        .hasMessageContaining("folder");
    assertThatThrownBy(
            () ->
                Operation.replace(
                    MessageRef.folderOnly("acct", "Drafts"), "Drafts", NewMessage.of("k")))
        .hasMessageContaining("names a folder, not a message");
    assertThatThrownBy(
            () ->
                Operation.of(
                    OperationKind.APPEND, MessageRef.folderOnly("acct", "Sent"), null, "- 2 k"))
        .hasMessageContaining("malformed appended message '- 2 k'");
    assertThatThrownBy(
            () ->
                Operation.of(
                    OperationKind.APPEND,
                    MessageRef.folderOnly("acct", "Sent"),
                    null,
                    "yesterday 0 k"))
        .hasMessageContaining("malformed appended message");
    assertThatThrownBy(() -> Operation.of(OperationKind.APPEND, OLD, null, "- 0 k"))
        .hasMessageContaining("APPEND names a folder, not a message");
  }

  @Test
  void appendsAreNeverMergedAndEachIsABatchOfItsOwn() {
    List<PendingOperation> ops =
        List.of(
            pending(1, Operation.append("acct", "Sent", NewMessage.of("a"))),
            pending(2, Operation.append("acct", "Sent", NewMessage.of("b"))));

    CoalescingResult result = Coalescer.coalesce(ops);

    assertThat(result.toRun()).extracting(PendingOperation::id).containsExactly(1L, 2L);
    assertThat(result.cancelled()).isEmpty();
    OperationBatch alone =
        new OperationBatch("acct", OperationKind.APPEND, "Sent", 0, null, ops.subList(0, 1));
    assertThat(alone.template()).isEqualTo(ops.get(0).operation());
    assertThatThrownBy(() -> new OperationBatch("acct", OperationKind.APPEND, "Sent", 0, null, ops))
        .hasMessageContaining("runs alone");
  }

  @Test
  void whatFollowsAReplaceOnTheOldVersionWaitsForIt() {
    List<PendingOperation> ops =
        List.of(
            pending(1, Operation.markRead(OLD)),
            pending(2, Operation.replace(OLD, "Drafts", NewMessage.of("v2"))),
            pending(3, Operation.flag(OLD)));

    CoalescingResult result = Coalescer.coalesce(ops);

    assertThat(result.toRun()).extracting(PendingOperation::id).containsExactly(1L, 2L);
    assertThat(result.deferred()).extracting(PendingOperation::id).containsExactly(3L);
  }

  @Test
  void theOverlayShowsAReplacedVersionAsDeletedAndLeavesAppendsOut() {
    PendingOverlay overlay =
        PendingOverlay.of(
            List.of(
                pending(1, Operation.append("acct", "Drafts", NewMessage.of("v1"))),
                pending(2, Operation.replace(OLD, "Drafts", NewMessage.of("v2")))));

    assertThat(overlay.forMessage(OLD)).hasValueSatisfying(m -> assertThat(m.deleted()).isTrue());
    assertThat(overlay.forMessage(MessageRef.folderOnly("acct", "Drafts"))).isEmpty();
    assertThat(Set.of(OperationKind.values().toArray())).contains(OperationKind.REPLACE);
  }
}
