package io.github.ferrymail.core.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.SettableClock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingOverlayTest {
  private final InMemoryPendingOperationStore store =
      new InMemoryPendingOperationStore(new SettableClock(Instant.parse("2026-12-02T10:00:00Z")));

  private static MessageRef inbox(long uid) {
    return MessageRef.of("acct", "INBOX", 7, uid);
  }

  @Test
  void theLastWishPerFlagWinsAndFlagsNotNamedKeepTheServersState() {
    store.queue(Operation.markRead(inbox(1)));
    store.queue(Operation.flag(inbox(1)));
    store.queue(Operation.markUnread(inbox(1)));
    store.queue(Operation.changeFlags(inbox(1), FlagDelta.adding("$label1")));

    MessageOverlay m = PendingOverlay.read(store, "acct").forMessage(inbox(1)).orElseThrow();

    assertThat(m.flags())
        .containsEntry("\\Seen", false)
        .containsEntry("\\Flagged", true)
        .containsEntry("$label1", true);
    // The server says read and answered; the user made it unread, flagged and labelled.
    assertThat(m.flagsAfter(List.of("\\Seen", "\\Answered")))
        .containsExactlyInAnyOrder("\\Answered", "\\Flagged", "$label1");
    assertThat(m.leavesFolder()).isFalse();
    assertThat(m.operations()).hasSize(4);
  }

  @Test
  void keywordsCompareWithoutCaseAsImapDoes() {
    store.queue(Operation.changeFlags(inbox(1), FlagDelta.removing("$Label1")));
    MessageOverlay m = PendingOverlay.read(store, "acct").forMessage(inbox(1)).orElseThrow();
    assertThat(m.flagsAfter(Set.of("$label1", "\\Seen"))).containsExactly("\\Seen");
  }

  @Test
  void movesTrashAndDeletesSayWhereTheMessageWillBe() {
    store.queue(NewOperation.of(Operation.move(inbox(1), "Archive"), "msg-1"));
    store.queue(Operation.move(inbox(2), "Archive"));
    store.queue(Operation.move(inbox(2), "INBOX")); // moved back
    store.queue(Operation.moveToTrash(inbox(3)));
    store.queue(Operation.move(inbox(4), "Archive"));
    store.queue(Operation.permanentDelete(inbox(4)));

    PendingOverlay overlay = PendingOverlay.read(store, "acct");

    MessageOverlay moved = overlay.forKey("msg-1").orElseThrow();
    assertThat(moved.destination()).isEqualTo("Archive");
    assertThat(moved.leavesFolder()).isTrue();
    assertThat(overlay.forMessage(inbox(2)).orElseThrow().leavesFolder()).isFalse();
    assertThat(overlay.forMessage(inbox(3)).orElseThrow().toTrash()).isTrue();
    MessageOverlay gone = overlay.forMessage(inbox(4)).orElseThrow();
    assertThat(gone.deleted()).isTrue();
    assertThat(overlay.arrivingIn("Archive"))
        .extracting(MessageOverlay::message)
        .containsExactly(inbox(1));
    assertThat(overlay.inFolder("INBOX")).hasSize(4);
    assertThat(overlay.inFolder("Archive")).isEmpty();
  }

  @Test
  void onlyPendingAndInFlightOperationsCount() {
    PendingOperation read = store.queue(Operation.markRead(inbox(1)));
    PendingOperation flag = store.queue(Operation.flag(inbox(2)));
    store.discard(read.id()); // cancelled: no longer the user's wish
    assertThat(store.getPending("acct", PageRequest.first(10)).items()).containsExactly(flag);

    PendingOverlay overlay = PendingOverlay.read(store, "acct");

    assertThat(overlay.forMessage(inbox(1))).isEmpty();
    assertThat(overlay.forMessage(inbox(2))).isPresent();
    assertThat(PendingOverlay.read(store, "other").isEmpty()).isTrue();
  }

  @Test
  void aLargeQueueIsReadPageByPage() {
    for (long uid = 1; uid <= 2_500; uid++) {
      store.queue(Operation.markRead(inbox(uid)));
    }
    PendingOverlay overlay = PendingOverlay.read(store, "acct");
    assertThat(overlay.messages()).hasSize(2_500);
    assertThat(overlay.forMessage(inbox(2_500)).orElseThrow().flags())
        .containsEntry("\\Seen", true);
  }
}
