package io.github.ferrymail.it.durable;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import io.github.ferrymail.it.support.MariaDbDatabase;
import io.github.ferrymail.it.support.PostgresSchema;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.WorkerJvm;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8's group-checkpoint scenario through the queue: a claim of moves to two destinations, the
 * first group's {@code UID MOVE} executed by the server while its reply is held back, the worker
 * JVM killed right then; the application meanwhile moves one of those messages on and one back to
 * where it was; another worker takes over. Every message must end where its own latest operation
 * says, once, with its new UID in the feed, found from the checkpoint each row kept (the lost
 * reply's COPYUID is gone).
 */
class GroupCheckpointCrashTest {
  private static final String ACCOUNT = "dora";
  private static final String PASSWORD = "pw-dora";
  private static final List<String> TO_ARCHIVE = List.of("<a1@example.org>", "<a2@example.org>");
  private static final List<String> TO_WORK = List.of("<w1@example.org>", "<w2@example.org>");

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);

  @Test
  @Tag("postgres")
  void onPostgresqlEveryMessageEndsWhereItsOperationSaysOnce() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      crashAndResume(schema.url(), PostgresSchema.USER);
    }
  }

  @Test
  @Tag("mariadb")
  void onMariadbEveryMessageEndsWhereItsOperationSaysOnce() throws Exception {
    try (MariaDbDatabase database = MariaDbDatabase.create()) {
      crashAndResume(database.url(), MariaDbDatabase.USER);
    }
  }

  private void crashAndResume(String url, String user) throws Exception {
    GREENMAIL.setUser("dora@example.org", ACCOUNT, PASSWORD);
    int port = GREENMAIL.getImap().getPort();
    ServerView server = new ServerView("127.0.0.1", port, ACCOUNT, PASSWORD);
    server.createFolder("Archive");
    server.createFolder("Work");
    List<String> all = new ArrayList<>(TO_ARCHIVE);
    all.addAll(TO_WORK);
    server.append("INBOX", all);

    try (HikariDataSource db = FerryDataSources.hikari(url, user, "", 3);
        FaultInjectingProxy proxy = FaultInjectingProxy.start("127.0.0.1", port)) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(db).build();
      store.migrate();
      List<NewOperation> moves = new ArrayList<>();
      for (ServerMessage m : server.messages("INBOX")) {
        String destination = TO_ARCHIVE.contains(m.messageId()) ? "Archive" : "Work";
        moves.add(NewOperation.of(Operation.move(ref("INBOX", m), destination), m.messageId()));
      }
      List<PendingOperation> queued = store.queueAll(moves);

      // The first group's MOVE reaches the server; its reply never comes back; the worker dies.
      proxy.swallowReplyAfter("MOVE");
      Process worker = startWorker(url, user, proxy.port());
      try {
        awaitMoveSeen(proxy, worker);
        Thread.sleep(500); // let the server finish the move it was sent
      } finally {
        worker.destroyForcibly();
        assertThat(worker.waitFor(1, TimeUnit.MINUTES)).as("worker killed").isTrue();
      }
      assertThat(server.messages("Archive")).as("the server moved the first group").hasSize(2);

      // Each row of the first group kept its own checkpoint: its own message's Message-ID only.
      for (PendingOperation op : queued.subList(0, 2)) {
        Checkpoint cp = store.get(op.id()).orElseThrow().checkpoint();
        assertThat(cp).as("checkpoint of operation %s", op.id()).isNotNull();
        assertThat(cp.destinationFolder()).isEqualTo("Archive");
        assertThat(cp.messageIds()).containsOnlyKeys(op.message().uid());
        assertThat(cp.messageIds().values()).containsExactly(op.message().messageId());
      }

      // Meanwhile the application, not knowing, moves the first message on to Work and the second
      // back to INBOX, naming the location it knows (INBOX) for both.
      MessageRef first = queued.get(0).message();
      store.queue(NewOperation.of(Operation.move(first, "Work"), first.messageId()));
      MessageRef second = queued.get(1).message();
      store.queue(NewOperation.of(Operation.move(second, "INBOX"), second.messageId()));

      // Another worker takes over once the dead worker's lease lapses.
      try (ImapOperationExecutor imap =
              ImapOperationExecutor.create(
                  key ->
                      ImapAccount.builder(
                              "127.0.0.1", ACCOUNT, CredentialsProvider.password(PASSWORD))
                          .port(port)
                          .tlsMode(TlsMode.NONE)
                          .build());
          QueueProcessor processor = QueueProcessor.builder(store, imap).build()) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (live(store) > 0 && Instant.now().isBefore(deadline)) {
          processor.processPendingOperations(ACCOUNT);
          Thread.sleep(200);
        }
      }
      assertThat(live(store)).as("operations left").isZero();
      assertThat(store.countByStatus(ACCOUNT).getOrDefault(OperationStatus.FAILED, 0L)).isZero();

      assertThat(ids(server.messages("INBOX"))).containsExactly(TO_ARCHIVE.get(1));
      assertThat(server.messages("Archive")).isEmpty();
      assertThat(ids(server.messages("Work")))
          .containsExactlyInAnyOrder(TO_ARCHIVE.get(0), TO_WORK.get(0), TO_WORK.get(1));

      // The feed's last word per message is where the server holds it, with its UID.
      Map<String, MessageRef> lastKnown = new HashMap<>();
      for (FinishedOperation f : store.finishedSince(ACCOUNT, 0, 100)) {
        if (f.relocation() != null) {
          assertThat(f.relocation().uidKnown()).isTrue();
          lastKnown.put(f.operation().messageKey(), f.relocation().location());
        }
      }
      Map<String, MessageRef> onServer = new HashMap<>();
      for (String folder : List.of("INBOX", "Work")) {
        for (ServerMessage m : server.messages(folder)) {
          onServer.put(m.messageId(), ref(folder, m));
        }
      }
      assertThat(lastKnown).containsOnlyKeys(onServer.keySet());
      onServer.forEach(
          (id, at) -> {
            assertThat(lastKnown.get(id).folder()).as(id).isEqualTo(at.folder());
            assertThat(lastKnown.get(id).uid()).as(id).isEqualTo(at.uid());
          });
    }
  }

  private static MessageRef ref(String folder, ServerMessage m) {
    return new MessageRef(ACCOUNT, folder, m.uidValidity(), m.uid(), m.messageId());
  }

  private static List<String> ids(List<ServerMessage> messages) {
    return messages.stream().map(ServerMessage::messageId).toList();
  }

  private static long live(JooqPendingOperationStore store) {
    Map<OperationStatus, Long> counts = store.countByStatus(ACCOUNT);
    return counts.getOrDefault(OperationStatus.PENDING, 0L)
        + counts.getOrDefault(OperationStatus.IN_FLIGHT, 0L);
  }

  private static void awaitMoveSeen(FaultInjectingProxy proxy, Process worker) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (proxy.commandCount("MOVE") == 0) {
      assertThat(worker.isAlive()).as("worker still running").isTrue();
      assertThat(Instant.now()).as("the worker sent its MOVE").isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static Process startWorker(String url, String user, int port) throws Exception {
    Path log = Files.createTempFile("ferry-moving-worker", ".log");
    return WorkerJvm.start(
        MovingWorkerMain.class, log, url, user, Integer.toString(port), ACCOUNT, PASSWORD);
  }
}
