package io.github.ferrymail.it.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.it.support.GreenMailUser;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.Stack;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Copies through the queue as an embedder queues them (H2, GreenMail): the copy carries the flags
 * set before it, later operations stay on the original, and the feed says where each copy is.
 */
class CopyTest {
  private static final String ACCOUNT = "alice";

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
    server.append("INBOX", List.of("<one@x>", "<two@x>"));
    stack = new Stack(user.accountBuilder().build(), ProcessingListener.NOOP);
  }

  @AfterEach
  void tearDown() {
    stack.close();
  }

  @Test
  void theCopiesCarryWhatCameBeforeThemAndWhatCameAfterStaysOnTheOriginals() {
    MessageRef one = user.ref("INBOX", "<one@x>");
    MessageRef two = user.ref("INBOX", "<two@x>");
    queue(Operation.markRead(one), "one");
    PendingOperation copyOne = queue(Operation.copy(one, "Archive"), "one");
    PendingOperation copyTwo = queue(Operation.copy(two, "Archive"), "two");
    PendingOperation flagOne = queue(Operation.flag(one), "one");
    PendingOperation deleteTwo = queue(Operation.permanentDelete(two), "two");

    stack.processor.processPendingOperations(ACCOUNT);

    ServerMessage originalOne = server.find("INBOX", "<one@x>");
    assertThat(originalOne.seen()).isTrue();
    assertThat(originalOne.flagged()).isTrue();
    assertThat(server.messages("INBOX"))
        .extracting(ServerMessage::messageId)
        .containsExactly("<one@x>");
    ServerMessage copiedOne = server.find("Archive", "<one@x>");
    assertThat(copiedOne.seen()).as("read before the copy").isTrue();
    assertThat(copiedOne.flagged()).as("flagged after the copy, on the original only").isFalse();
    assertThat(server.messages("Archive")).hasSize(2).noneMatch(ServerMessage::deleted);

    for (PendingOperation op : List.of(copyOne, copyTwo, flagOne, deleteTwo)) {
      assertThat(stack.store.get(op.id()).orElseThrow().status())
          .isEqualTo(OperationStatus.COMPLETED);
    }
    assertThat(stack.store.get(flagOne.id()).orElseThrow().message()).isEqualTo(one);

    List<FinishedOperation> copies =
        stack.store.finishedSince(ACCOUNT, 0, 100).stream()
            .filter(f -> f.operation().kind() == OperationKind.COPY)
            .toList();
    assertThat(copies).hasSize(2);
    for (FinishedOperation f : copies) {
      String messageId = f.operation().message().messageId();
      assertThat(f.relocation().location())
          .as("the feed says where the copy of " + messageId + " is")
          .isEqualTo(user.ref("Archive", messageId));
      assertThat(f.operation().messageKey()).isNotNull();
    }
  }

  private PendingOperation queue(Operation op, String key) {
    return stack.store.queue(NewOperation.of(op, key));
  }
}
