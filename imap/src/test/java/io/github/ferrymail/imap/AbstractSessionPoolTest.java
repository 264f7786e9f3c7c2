package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor's session pool through the queue, as an embedder runs it, counting the connections
 * the server really gets (through a proxy): the limit, the least recently used making room, the
 * idle timeout, and a store the embedder lends instead of a connection of Ferry's own. Account keys
 * are the pool's accounts; they all log in as the one test user.
 */
abstract class AbstractSessionPoolTest {
  private MailboxProbe probe;
  private FaultInjectingProxy proxy;
  private InMemoryPendingOperationStore store;
  private ImapOperationExecutor executor;
  private QueueProcessor processor;
  private String folder;

  /** The server. */
  protected abstract Endpoint endpoint();

  @BeforeEach
  void setUp() {
    probe = endpoint().probe();
    proxy = FaultInjectingProxy.start(endpoint().host(), endpoint().port());
    store = new InMemoryPendingOperationStore();
    folder = "pool" + UUID.randomUUID().toString().substring(0, 8);
    probe.create(folder);
  }

  @AfterEach
  void tearDown() {
    if (processor != null) {
      processor.close();
    }
    if (executor != null) {
      executor.close();
    }
    proxy.close();
    probe.close();
  }

  private void start(ImapOperationExecutor.Builder settings) {
    executor = settings.build();
    processor = QueueProcessor.builder(store, executor).build();
  }

  private ImapOperationExecutor.Builder executor() {
    return ImapOperationExecutor.builder(key -> endpoint().account(proxy.port()).build());
  }

  /** A message of the test user, named under {@code account} for the queue. */
  private MessageRef deliver(String account) {
    String id = "<" + UUID.randomUUID() + "@pool.test>";
    probe.append(folder, TestMessages.message(id, "for " + account));
    MailboxProbe.Seen seen =
        probe.list(folder).stream().filter(m -> id.equals(m.messageId())).findFirst().orElseThrow();
    return new MessageRef(account, folder, probe.uidValidity(folder), seen.uid(), id);
  }

  /** Queues a flag on a new message of the account, replays it, and checks the server. */
  private void flagOneMessage(String account) {
    MessageRef message = deliver(account);
    PendingOperation op = processor.queue(NewOperation.of(Operation.flag(message)));
    processor.processPendingOperations(account);
    assertThat(store.get(op.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(probe.flagsByUid(folder).get(message.uid()).contains(Flags.Flag.FLAGGED))
        .as("flagged on the server")
        .isTrue();
  }

  private static void await(IntSupplier value, int expected, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(15);
    while (value.getAsInt() != expected && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertThat(value.getAsInt()).as(what).isEqualTo(expected);
  }

  @Test
  void atMostMaxSessionsAreOpenAndTheLeastRecentlyUsedMakesRoom() throws Exception {
    start(executor().maxSessions(2));

    flagOneMessage("a");
    flagOneMessage("b");
    flagOneMessage("c"); // logs a out: a was used least recently

    assertThat(executor.openSessions()).isEqualTo(2);
    await(proxy::connectionsOpen, 2, "connections open on the server");
    assertThat(proxy.commandCount("LOGOUT")).isEqualTo(1);
    flagOneMessage("b"); // still open
    assertThat(proxy.connectionsAccepted()).isEqualTo(3);
    flagOneMessage("a"); // logs in again, in c's place
    assertThat(proxy.connectionsAccepted()).isEqualTo(4);
    await(proxy::connectionsOpen, 2, "connections open on the server");
  }

  @Test
  void idleSessionsAreLoggedOutAfterTheIdleTimeout() throws Exception {
    start(executor().idleTimeout(Duration.ofSeconds(1)));
    flagOneMessage("a");
    flagOneMessage("b");
    assertThat(proxy.connectionsOpen()).isEqualTo(2);

    await(executor::openSessions, 0, "sessions open after the idle timeout");
    await(proxy::connectionsOpen, 0, "connections open on the server");
    assertThat(proxy.commandCount("LOGOUT")).isEqualTo(2);

    flagOneMessage("a");
    assertThat(proxy.connectionsAccepted()).isEqualTo(3);
  }

  @Test
  void aLentStoreRunsTheAccountsOperationsWithoutASecondConnection() throws Exception {
    start(executor());
    flagOneMessage("a");
    assertThat(proxy.connectionsOpen()).isEqualTo(1);
    IMAPStore own = connectStoreOfTheEmbedder();
    await(proxy::connectionsOpen, 2, "Ferry's session and the embedder's store");

    MessageRef toMove = deliver("a");
    MessageRef toFlag = deliver("a");
    probe.create(folder + "-archive");
    try (StoreLoan loan = executor.lend("a", own)) {
      await(proxy::connectionsOpen, 1, "Ferry's own session of the account logged out");
      assertThat(executor.openSessions()).isZero();
      PendingOperation move =
          processor.queue(NewOperation.of(Operation.move(toMove, folder + "-archive")));
      PendingOperation flag = processor.queue(NewOperation.of(Operation.flag(toFlag)));

      processor.processPendingOperations("a");

      assertThat(store.get(move.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(store.get(flag.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(loan.accountKey()).isEqualTo("a");
    }
    assertThat(probe.messageIds(folder + "-archive")).containsExactly(toMove.messageId());
    assertThat(probe.messageIds(folder)).doesNotContain(toMove.messageId());
    assertThat(probe.flagsByUid(folder).get(toFlag.uid()).contains(Flags.Flag.FLAGGED)).isTrue();
    assertThat(proxy.connectionsAccepted()).as("no connection but the embedder's").isEqualTo(2);
    assertThat(proxy.connectionsOpen()).isEqualTo(1);

    // The store is still the embedder's, connected and usable.
    assertThat(own.isConnected()).isTrue();
    Folder archive = own.getFolder(folder + "-archive");
    archive.open(Folder.READ_ONLY);
    assertThat(archive.getMessageCount()).isEqualTo(1);
    archive.close(false);
    own.close();

    flagOneMessage("a"); // after the loan, a session of Ferry's own again
    assertThat(proxy.connectionsAccepted()).isEqualTo(3);
  }

  @Test
  void aLentStoreThatWasClosedFailsTheBatchAsAConnectionLossAndIsNotReopened() throws Exception {
    start(executor());
    IMAPStore own = connectStoreOfTheEmbedder();
    MessageRef message = deliver("a");
    try (StoreLoan loan = executor.lend("a", own)) {
      own.close();
      PendingOperation flag = processor.queue(NewOperation.of(Operation.flag(message)));

      processor.processPendingOperations("a");

      PendingOperation after = store.get(flag.id()).orElseThrow();
      assertThat(after.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(after.attempts()).isEqualTo(1);
      assertThat(after.lastError()).contains("lent").contains("not connected");
    }
    assertThat(proxy.connectionsAccepted()).as("Ferry opened none of its own").isEqualTo(1);
  }

  private IMAPStore connectStoreOfTheEmbedder() throws Exception {
    Properties props = new Properties();
    props.setProperty("mail.imap.connectiontimeout", "10000");
    props.setProperty("mail.imap.timeout", "20000");
    IMAPStore own = (IMAPStore) Session.getInstance(props).getStore("imap");
    own.connect(proxy.host(), proxy.port(), endpoint().user(), endpoint().password());
    return own;
  }
}
