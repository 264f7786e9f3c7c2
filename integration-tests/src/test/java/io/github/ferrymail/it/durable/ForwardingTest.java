package io.github.ferrymail.it.durable;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.it.support.GreenMailUser;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.Stack;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operations an application queues for a message's old location after its move completed (before it
 * heard the new UID) are forwarded to where the message is, never failed or misplaced.
 */
class ForwardingTest {
  private static final String ACCOUNT = "dave";
  private static final List<String> IDS =
      List.of("<f1@example.org>", "<f2@example.org>", "<f3@example.org>", "<f4@example.org>");

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);

  private GreenMailUser user;
  private ServerView server;
  private ImapAccount account;

  @BeforeEach
  void setUp() {
    user = GreenMailUser.create(GREENMAIL, ACCOUNT);
    server = user.server;
    server.createFolder("Archive");
    server.append("INBOX", IDS);
    account = user.accountBuilder().build();
  }

  private MessageRef inInbox(String messageId) {
    return user.ref("INBOX", messageId);
  }

  @Test
  void aFlagAndAMoveBackQueuedForTheOldLocationReachTheMovedMessage() {
    try (Stack stack = new Stack(account, ProcessingListener.NOOP)) {
      MessageRef stale = inInbox(IDS.get(0));
      stack.store.queue(NewOperation.of(Operation.move(stale, "Archive")));
      stack.processor.processAllDue();
      assertThat(server.find("Archive", IDS.get(0))).isNotNull();

      // The application has not heard of the new UID yet and names the old location.
      stack.store.queue(NewOperation.of(Operation.flag(stale)));
      stack.processor.processAllDue();
      assertThat(server.find("Archive", IDS.get(0)).flagged()).as("flag reached it").isTrue();

      stack.store.queue(NewOperation.of(Operation.move(stale, "INBOX")));
      stack.processor.processAllDue();
      assertThat(server.find("INBOX", IDS.get(0))).as("moved back for real").isNotNull();
      assertThat(server.find("Archive", IDS.get(0))).isNull();
      assertThat(server.find("INBOX", IDS.get(0)).flagged()).isTrue();
      assertThat(stack.store.countByStatus(ACCOUNT))
          .containsEntry(OperationStatus.COMPLETED, 3L)
          .containsEntry(OperationStatus.FAILED, 0L)
          .containsEntry(OperationStatus.CANCELLED, 0L);
    }
  }

  /** The application's own view of one message, kept up to date from the feed. */
  private static final class Local {
    MessageRef known;
    String folder;
    boolean seen;
    boolean flagged;

    Local(MessageRef known) {
      this.known = known;
      this.folder = known.folder();
    }
  }

  @Test
  void anApplicationQueueingWhileBackgroundWorkersRunLosesAndMisplacesNothing() throws Exception {
    Map<String, Local> app = new HashMap<>();
    for (String id : IDS) {
      app.put(id, new Local(inInbox(id)));
    }
    Random random = new Random(20261201L);
    try (var db =
            FerryDataSources.hikari(
                "jdbc:h2:mem:fwd-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        ImapOperationExecutor imap = ImapOperationExecutor.create(key -> account)) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(db).build();
      store.migrate();
      long cursor = 0;
      try (QueueProcessor processor =
          QueueProcessor.builder(store, imap)
              .workerThreads(2)
              .pollInterval(Duration.ofMillis(100))
              .build()) {
        processor.start();
        for (int round = 0; round < 80; round++) {
          String id = IDS.get(random.nextInt(IDS.size()));
          Local local = app.get(id);
          Operation op;
          switch (random.nextInt(4)) {
            case 0:
              local.folder = local.folder.equals("INBOX") ? "Archive" : "INBOX";
              op = Operation.move(local.known, local.folder);
              break;
            case 1:
              local.flagged = !local.flagged;
              op = local.flagged ? Operation.flag(local.known) : Operation.unflag(local.known);
              break;
            default:
              local.seen = !local.seen;
              op = local.seen ? Operation.markRead(local.known) : Operation.markUnread(local.known);
              break;
          }
          processor.queue(NewOperation.of(op, id));
          Thread.sleep(random.nextInt(25));
          cursor = applyFeed(store, app, cursor);
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (unfinished(store) > 0 && Instant.now().isBefore(deadline)) {
          Thread.sleep(100);
        }
      }
      applyFeed(store, app, cursor);
      assertThat(unfinished(store)).as("everything ran").isZero();
      assertThat(store.countByStatus(ACCOUNT).get(OperationStatus.FAILED))
          .as("nothing failed")
          .isZero();
    }
    for (String id : IDS) {
      Local local = app.get(id);
      ServerMessage there = server.find(local.folder, id);
      String other = local.folder.equals("INBOX") ? "Archive" : "INBOX";
      assertThat(there).as("%s is in %s", id, local.folder).isNotNull();
      assertThat(server.find(other, id)).as("%s only once", id).isNull();
      assertThat(there.seen()).as("%s seen", id).isEqualTo(local.seen);
      assertThat(there.flagged()).as("%s flagged", id).isEqualTo(local.flagged);
      assertThat(local.known.folder()).as("the feed told the application").isEqualTo(local.folder);
      assertThat(local.known.uid()).as("%s's UID from the feed", id).isEqualTo(there.uid());
    }
  }

  private static long applyFeed(
      JooqPendingOperationStore store, Map<String, Local> app, long cursor) {
    for (FinishedOperation f : store.finishedSince(ACCOUNT, cursor, 1000)) {
      if (f.relocation() != null && f.relocation().uidKnown()) {
        app.get(f.operation().messageKey()).known = f.relocation().location();
      }
      cursor = f.sequence();
    }
    return cursor;
  }

  private static long unfinished(JooqPendingOperationStore store) {
    Map<OperationStatus, Long> c = store.countByStatus(ACCOUNT);
    return c.get(OperationStatus.PENDING) + c.get(OperationStatus.IN_FLIGHT);
  }
}
