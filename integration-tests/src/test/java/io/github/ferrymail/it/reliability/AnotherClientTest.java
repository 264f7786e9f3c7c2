package io.github.ferrymail.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.Stack;
import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second client works on the same Dovecot account between the moment Ferry's operations were
 * queued and the moment they are replayed: it moves a message queued to be moved, expunges one
 * queued to be flagged, changes the flags of ones queued for flag changes, deletes the destination
 * of a queued move, and deletes and recreates a folder under a batch (a new UIDVALIDITY). Every
 * operation ends completed, or failed with the reason that says what happened to its message; no
 * other message of any folder is touched.
 */
@Tag("dovecot")
class AnotherClientTest {
  private static final String ACCOUNT = "shared";

  @RegisterExtension
  static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

  /** Where a message is and how its flags stand. */
  private record Place(String folder, boolean seen, boolean flagged) {}

  @Test
  void everyOperationCompletesOrFailsForItsOwnMessageAndNothingElseIsTouched() {
    DovecotServer dovecot = DOVECOT.server();
    ServerView other = new ServerView(dovecot.host(), dovecot.port(), ACCOUNT, dovecot.password());
    other.createFolder("Work");
    other.createFolder("Projects");
    other.append("INBOX", ids("inbox", 10));
    other.append("Work", ids("work", 5));
    other.append("Projects", ids("project", 2));
    other.setFlag("INBOX", id("inbox", 4), Flags.Flag.FLAGGED, true);
    Known inbox = new Known("INBOX", "inbox", byId(other.messages("INBOX")));
    Known work = new Known("Work", "work", byId(other.messages("Work")));

    ImapAccount account =
        ImapAccount.builder(
                dovecot.host(), ACCOUNT, CredentialsProvider.password(dovecot.password()))
            .port(dovecot.port())
            .tlsMode(TlsMode.NONE)
            .build();
    try (Stack stack = new Stack(account, ProcessingListener.NOOP)) {
      // Queued while the application and the server agreed.
      PendingOperation movedByOther = queue(stack, Operation.move(inbox.ref(1), "Archive"));
      PendingOperation expungedByOther = queue(stack, Operation.flag(inbox.ref(2)));
      PendingOperation flaggedByOther = queue(stack, Operation.markRead(inbox.ref(3)));
      PendingOperation alreadyFlagged = queue(stack, Operation.flag(inbox.ref(4)));
      PendingOperation folderDeleted = queue(stack, Operation.move(inbox.ref(5), "Projects"));
      PendingOperation plainRead = queue(stack, Operation.markRead(inbox.ref(6)));
      PendingOperation plainMove = queue(stack, Operation.move(inbox.ref(7), "Archive"));
      PendingOperation staleRead1 = queue(stack, Operation.markRead(work.ref(1)));
      PendingOperation staleRead2 = queue(stack, Operation.markRead(work.ref(2)));
      PendingOperation staleMove = queue(stack, Operation.move(work.ref(3), "Archive"));

      // The other client, before Ferry replays anything.
      other.move("INBOX", id("inbox", 1), "Sent");
      other.expunge("INBOX", id("inbox", 2));
      other.setFlag("INBOX", id("inbox", 3), Flags.Flag.FLAGGED, true);
      other.setFlag("INBOX", id("inbox", 4), Flags.Flag.SEEN, true);
      other.deleteFolder("Projects");
      other.deleteFolder("Work");
      other.createFolder("Work");
      other.append("Work", ids("work", 5));
      long newValidity = other.messages("Work").get(0).uidValidity();
      assertThat(newValidity)
          .as("Work has a new UIDVALIDITY")
          .isNotEqualTo(work.ref(1).uidValidity());
      Map<String, Place> before = snapshot(other);

      stack.processor.processAllDue();

      Map<Long, FinishedOperation> finished = new HashMap<>();
      for (FinishedOperation f : stack.store.finishedSince(ACCOUNT, 0, 100)) {
        finished.put(f.operation().id(), f);
      }
      assertThat(finished).as("every operation finished").hasSize(10);
      assertFailed(finished, movedByOther, FailureReason.MESSAGE_NOT_FOUND);
      assertFailed(finished, expungedByOther, FailureReason.MESSAGE_NOT_FOUND);
      assertFailed(finished, folderDeleted, FailureReason.FOLDER_NOT_FOUND);
      assertFailed(finished, staleRead1, FailureReason.STALE_UIDVALIDITY);
      assertFailed(finished, staleRead2, FailureReason.STALE_UIDVALIDITY);
      assertFailed(finished, staleMove, FailureReason.STALE_UIDVALIDITY);
      for (PendingOperation op : List.of(flaggedByOther, alreadyFlagged, plainRead, plainMove)) {
        assertThat(finished.get(op.id()).operation().status())
            .as("operation %d on %s", op.id(), op.messageKey())
            .isEqualTo(OperationStatus.COMPLETED);
      }

      // Exactly three messages changed, as their operations wished; the rest are as the other
      // client left them, in every folder.
      Map<String, Place> expected = new HashMap<>(before);
      expected.put(id("inbox", 3), new Place("INBOX", true, true));
      expected.put(id("inbox", 6), new Place("INBOX", true, false));
      expected.put(id("inbox", 7), new Place("Archive", false, false));
      assertThat(snapshot(other)).isEqualTo(expected);
      assertThat(before)
          .as("the other client's changes")
          .containsEntry(id("inbox", 1), new Place("Sent", false, false))
          .doesNotContainKey(id("inbox", 2))
          .containsEntry(id("inbox", 4), new Place("INBOX", true, true))
          .containsEntry(id("inbox", 5), new Place("INBOX", false, false))
          .doesNotContainKeys(id("project", 1), id("project", 2));
      for (int i = 1; i <= 5; i++) {
        assertThat(before).containsEntry(id("work", i), new Place("Work", false, false));
      }
      // Untouched messages kept their UIDs: nothing was copied back and forth.
      for (int i : new int[] {4, 5, 8, 9, 10}) {
        assertThat(other.find("INBOX", id("inbox", i)).uid()).isEqualTo(inbox.uid(i));
      }
    }
  }

  private static void assertFailed(
      Map<Long, FinishedOperation> finished, PendingOperation op, FailureReason reason) {
    FinishedOperation f = finished.get(op.id());
    assertThat(f.operation().status())
        .as("operation on %s", op.messageKey())
        .isEqualTo(OperationStatus.FAILED);
    assertThat(f.failureReason()).as("reason for %s", op.messageKey()).isEqualTo(reason);
    assertThat(f.operation().message()).as("the row names its message").isEqualTo(op.message());
    assertThat(f.operation().lastError()).contains(reason.name());
  }

  private static PendingOperation queue(Stack stack, Operation op) {
    return stack.store.queue(NewOperation.of(op, op.message().messageId()));
  }

  private static Map<String, Place> snapshot(ServerView view) {
    Map<String, Place> places = new HashMap<>();
    for (String folder : List.of("INBOX", "Archive", "Trash", "Sent", "Work")) {
      for (ServerMessage m : view.messages(folder)) {
        assertThat(m.deleted()).as("%s left \\Deleted", m.messageId()).isFalse();
        Place twice = places.put(m.messageId(), new Place(folder, m.seen(), m.flagged()));
        assertThat(twice).as("%s twice", m.messageId()).isNull();
      }
    }
    return places;
  }

  private static Map<String, ServerMessage> byId(List<ServerMessage> messages) {
    Map<String, ServerMessage> out = new HashMap<>();
    messages.forEach(m -> out.put(m.messageId(), m));
    return out;
  }

  /** A folder as the application last knew it. */
  private record Known(String folder, String prefix, Map<String, ServerMessage> messages) {
    MessageRef ref(int n) {
      ServerMessage m = messages.get(id(prefix, n));
      return new MessageRef(ACCOUNT, folder, m.uidValidity(), m.uid(), m.messageId());
    }

    long uid(int n) {
      return messages.get(id(prefix, n)).uid();
    }
  }

  private static String id(String prefix, int n) {
    return "<" + prefix + "-" + n + "@shared.test>";
  }

  private static List<String> ids(String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(id(prefix, i));
    }
    return out;
  }
}
