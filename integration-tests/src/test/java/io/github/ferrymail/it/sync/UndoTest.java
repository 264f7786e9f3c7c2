package io.github.ferrymail.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.Undo;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.it.support.GreenMailUser;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.Stack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Undo through the queue (H2, GreenMail): a held operation cancelled in time sends nothing. */
class UndoTest {
  private static final String ACCOUNT = "alice";
  private static final Duration HOLD = Duration.ofSeconds(10);

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);

  private GreenMailUser user;
  private ServerView server;
  private Stack stack;

  @BeforeEach
  void setUp() {
    user = GreenMailUser.create(GREENMAIL, ACCOUNT);
    server = user.server;
    server.createFolder("Archive");
    server.createFolder("Trash");
    server.append("INBOX", List.of("<one@x>", "<two@x>", "<three@x>"));
    stack = new Stack(user.accountBuilder().trashFolder("Trash").build(), ProcessingListener.NOOP);
  }

  @AfterEach
  void tearDown() {
    stack.close();
  }

  @Test
  void anUndoneMoveSendsNothingAndTheMessageStaysWhereItIs() {
    PendingOperation move = queue(Operation.move(inbox("<one@x>"), "Archive"), "one");

    assertThat(stack.processor.processPendingOperations(ACCOUNT).completed()).isZero();
    assertThat(stack.processor.admin().cancel(move.id())).isEqualTo(Undo.CANCELLED);
    stack.clock.advance(HOLD.multipliedBy(2));
    stack.processor.processPendingOperations(ACCOUNT);

    assertThat(status(move)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(server.messages("INBOX")).extracting(ServerMessage::messageId).contains("<one@x>");
    assertThat(server.messages("Archive")).isEmpty();
    assertThat(stack.processor.admin().cancel(move.id())).isEqualTo(Undo.FINISHED);
  }

  @Test
  void anUndoByMessageKeyCancelsThatMessagesOperationsOnly() {
    MessageRef two = inbox("<two@x>");
    PendingOperation trash = queue(Operation.moveToTrash(two), "two");
    PendingOperation flag = queue(Operation.flag(inbox("<three@x>")), "three");

    assertThat(stack.processor.admin().cancelByMessageKey(ACCOUNT, "two"))
        .containsExactly(Map.entry(trash.id(), Undo.CANCELLED));
    stack.clock.advance(HOLD.multipliedBy(2));
    assertThat(stack.processor.processPendingOperations(ACCOUNT).completed()).isEqualTo(1);

    assertThat(server.messages("Trash")).isEmpty();
    assertThat(server.find("INBOX", "<two@x>").flagged()).isFalse();
    assertThat(server.find("INBOX", "<three@x>").flagged()).isTrue();
    assertThat(status(flag)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void aTrashUndoneByARestoreSendsNothing() {
    MessageRef two = inbox("<two@x>");
    PendingOperation trash = queue(Operation.moveToTrash(two), "two");
    PendingOperation restore = queue(Operation.restore(two, "INBOX"), "two");
    stack.clock.advance(HOLD.multipliedBy(2));

    assertThat(stack.processor.processPendingOperations(ACCOUNT).completed()).isZero();

    assertThat(status(trash)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(status(restore)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(server.messages("Trash")).isEmpty();
    assertThat(server.find("INBOX", "<two@x>").uid()).isEqualTo(two.uid());
  }

  @Test
  void anUndoAfterTheOperationStartedSaysSoAndChangesNothing() {
    PendingOperation move = queue(Operation.move(inbox("<one@x>"), "Archive"), "one");
    stack.clock.advance(HOLD);
    // A worker has claimed it: it is in flight.
    Claim claim =
        stack.store.claim(ACCOUNT, "another-worker", Duration.ofMinutes(1), 10).orElseThrow();
    assertThat(claim.operations()).extracting(PendingOperation::id).containsExactly(move.id());

    assertThat(stack.processor.admin().cancel(move.id())).isEqualTo(Undo.STARTED);
    assertThat(status(move)).isEqualTo(OperationStatus.IN_FLIGHT);
    assertThat(stack.processor.admin().cancel(Long.MAX_VALUE)).isEqualTo(Undo.NOT_FOUND);
  }

  private PendingOperation queue(Operation op, String key) {
    return stack.store.queue(NewOperation.of(op, key).withHold(HOLD));
  }

  private OperationStatus status(PendingOperation op) {
    return stack.store.get(op.id()).orElseThrow().status();
  }

  private MessageRef inbox(String messageId) {
    return user.ref("INBOX", messageId);
  }
}
