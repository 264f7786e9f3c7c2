package io.github.ferrymail.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.Stack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scenarios the embedding application's original design asked for, end to end: the processor,
 * the H2 queue and the IMAP executor against an in-process GreenMail server.
 */
class SeedScenariosTest {
  private static final String ACCOUNT = "alice";
  private static final String PASSWORD = "pw-alice";

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);

  private final Map<Long, MessageRef> newLocations = new ConcurrentHashMap<>();
  private final ProcessingListener listener =
      new ProcessingListener() {
        @Override
        public void completed(PendingOperation op, MessageRef newLocation) {
          if (newLocation != null) {
            newLocations.put(op.id(), newLocation);
          }
        }
      };

  private ServerView server;
  private FaultInjectingProxy proxy;
  private Stack stack;

  @BeforeEach
  void setUp() {
    GREENMAIL.setUser("alice@example.org", ACCOUNT, PASSWORD);
    int port = GREENMAIL.getImap().getPort();
    server = new ServerView("127.0.0.1", port, ACCOUNT, PASSWORD);
    server.createFolder("Archive");
    server.append(
        "INBOX", List.of("<one@example.org>", "<two@example.org>", "<three@example.org>"));
    proxy = FaultInjectingProxy.start("127.0.0.1", port);
    ImapAccount account =
        ImapAccount.builder("127.0.0.1", ACCOUNT, CredentialsProvider.password(PASSWORD))
            .port(proxy.port())
            .tlsMode(TlsMode.NONE)
            .readTimeout(Duration.ofSeconds(5))
            .build();
    stack = new Stack(account, listener);
  }

  @AfterEach
  void tearDown() {
    stack.close();
    proxy.close();
  }

  private MessageRef inbox(String messageId) {
    ServerMessage m = server.find("INBOX", messageId);
    return new MessageRef(ACCOUNT, "INBOX", m.uidValidity(), m.uid(), messageId);
  }

  private OperationStatus status(PendingOperation op) {
    return stack.store.get(op.id()).orElseThrow().status();
  }

  @Test
  void markReadThenProcessSetsTheFlagOnTheServer() {
    PendingOperation op = stack.store.queue(Operation.markRead(inbox("<two@example.org>")));

    ProcessingReport report = stack.processor.processPendingOperations(ACCOUNT);

    assertThat(report.completed()).isEqualTo(1);
    assertThat(server.find("INBOX", "<two@example.org>").seen()).isTrue();
    assertThat(server.find("INBOX", "<one@example.org>").seen()).isFalse();
    assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED);
  }

  @Test
  void serverFailureIsRetriedThenSucceeds() {
    PendingOperation op = stack.store.queue(Operation.flag(inbox("<one@example.org>")));
    proxy.cutBefore("STORE");

    ProcessingReport first = stack.processor.processPendingOperations(ACCOUNT);

    PendingOperation afterFailure = stack.store.get(op.id()).orElseThrow();
    assertThat(first.rescheduled()).isEqualTo(1);
    assertThat(afterFailure.status()).isEqualTo(OperationStatus.PENDING);
    assertThat(afterFailure.attempts()).isEqualTo(1);
    assertThat(afterFailure.lastError()).contains("CONNECTION_LOST");
    assertThat(server.find("INBOX", "<one@example.org>").flagged()).isFalse();

    stack.clock.advance(Duration.ofSeconds(10));
    ProcessingReport second = stack.processor.processPendingOperations(ACCOUNT);

    assertThat(second.completed()).isEqualTo(1);
    assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(server.find("INBOX", "<one@example.org>").flagged()).isTrue();
  }

  @Test
  void maxRetriesReachedFailsTheOperationAndListsIt() {
    PendingOperation op = stack.store.queue(Operation.markRead(inbox("<three@example.org>")));
    proxy.cutBefore("STORE").always();

    for (int attempt = 0; attempt < 3; attempt++) {
      stack.processor.processPendingOperations(ACCOUNT);
      stack.clock.advance(Duration.ofMinutes(2));
    }

    assertThat(status(op)).isEqualTo(OperationStatus.FAILED);
    assertThat(stack.store.get(op.id()).orElseThrow().attempts()).isEqualTo(3);
    assertThat(stack.processor.admin().failed(ACCOUNT, PageRequest.first(10)).items())
        .extracting(PendingOperation::id)
        .containsExactly(op.id());
    assertThat(server.find("INBOX", "<three@example.org>").seen()).isFalse();

    // The server is healthy again: an administrator retries it.
    proxy.reset();
    assertThat(stack.processor.admin().retry(op.id())).isTrue();
    stack.processor.processPendingOperations(ACCOUNT);
    assertThat(status(op)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(server.find("INBOX", "<three@example.org>").seen()).isTrue();
  }

  @Test
  void moveFollowedByMarkReadLandsOnTheMovedMessage() {
    MessageRef one = inbox("<one@example.org>");
    PendingOperation move = stack.store.queue(Operation.move(one, "Archive"));
    PendingOperation read = stack.store.queue(Operation.markRead(one));

    stack.processor.processPendingOperations(ACCOUNT);

    assertThat(status(move)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(read)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(server.find("INBOX", "<one@example.org>")).isNull();
    List<ServerMessage> archive = server.messages("Archive");
    assertThat(archive).hasSize(1);
    assertThat(archive.get(0).messageId()).isEqualTo("<one@example.org>");
    assertThat(archive.get(0).seen()).isTrue();
    assertThat(newLocations.get(move.id()).uid()).isEqualTo(archive.get(0).uid());
    assertThat(newLocations.get(move.id()).folder()).isEqualTo("Archive");
  }

  @Test
  void markReadQueuedAfterAMoveInALaterPassFollowsTheMessage() {
    MessageRef two = inbox("<two@example.org>");
    PendingOperation move = stack.store.queue(Operation.move(two, "Archive"));
    stack.processor.processPendingOperations(ACCOUNT);
    // The application learned the new UID from its listener and names the message by it.
    MessageRef moved = newLocations.get(move.id());
    PendingOperation flag = stack.store.queue(Operation.flag(moved));

    stack.processor.processPendingOperations(ACCOUNT);

    assertThat(status(flag)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(server.find("Archive", "<two@example.org>").flagged()).isTrue();
  }

  @Test
  void aMoveWhoseReplyIsLostIsFinishedNotRepeated() {
    MessageRef three = inbox("<three@example.org>");
    PendingOperation move = stack.store.queue(Operation.move(three, "Archive"));
    PendingOperation read = stack.store.queue(Operation.markRead(three));
    proxy.cutAfter("MOVE");

    ProcessingReport first = stack.processor.processPendingOperations(ACCOUNT);
    assertThat(first.rescheduled()).isEqualTo(1);
    assertThat(status(read)).isEqualTo(OperationStatus.PENDING);

    stack.clock.advance(Duration.ofSeconds(10));
    stack.processor.processPendingOperations(ACCOUNT);

    assertThat(status(move)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(status(read)).isEqualTo(OperationStatus.COMPLETED);
    assertThat(server.find("INBOX", "<three@example.org>")).isNull();
    List<ServerMessage> archive = server.messages("Archive");
    assertThat(archive).extracting(ServerMessage::messageId).containsExactly("<three@example.org>");
    assertThat(archive.get(0).seen()).isTrue();
  }
}
