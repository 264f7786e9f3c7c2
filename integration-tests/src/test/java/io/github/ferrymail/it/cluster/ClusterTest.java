package io.github.ferrymail.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.imap.testing.DovecotServer;
import io.github.ferrymail.it.cluster.AccountScript.Expected;
import io.github.ferrymail.it.support.PostgresSchema;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.it.support.WorkerJvm;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several machines sharing one queue, in the style of db-scheduler's cluster tests: three worker
 * JVMs on one PostgreSQL database and one Dovecot, fifty accounts with over two hundred operations
 * each. Halfway through, one worker is killed outright (SIGKILL: it releases nothing). Afterwards
 * every operation is finished, and every account's server state is exactly what its operations make
 * when each takes effect once, in queue order: no message lost, none duplicated, no flag change
 * reordered.
 */
@Tag("slow")
@Tag("dovecot")
class ClusterTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTest.class);

  private static final int ACCOUNTS = 50;
  private static final int MESSAGES_PER_ACCOUNT = 40;
  private static final int WORKERS = 3;
  private static final long LEASE_SECONDS = 5;
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  @Test
  void threeWorkersOneKilledHalfwayEveryOperationOnceAndInOrder() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "cluster-test"));
    try (DovecotServer dovecot = DovecotServer.start(DovecotServer.Profile.MODERN);
        PostgresSchema schema = PostgresSchema.create();
        HikariDataSource db = FerryDataSources.hikari(schema.url(), PostgresSchema.USER, "", 4)) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(db).build();
      store.migrate();

      Map<String, AccountScript> scripts = new LinkedHashMap<>();
      int total = 0;
      for (int a = 1; a <= ACCOUNTS; a++) {
        String account = String.format("user%02d", a);
        AccountScript script = seed(dovecot, account, a);
        store.queueAll(script.operations);
        scripts.put(account, script);
        total += script.operations.size();
      }
      final int queued = total;
      LOG.info("Queued {} operations over {} accounts", queued, ACCOUNTS);

      List<Process> workers = new ArrayList<>();
      for (int w = 1; w <= WORKERS; w++) {
        workers.add(startWorker(schema, dovecot, "worker-" + w, logs));
      }

      Instant deadline = Instant.now().plus(DEADLINE);
      waitUntil(() -> finished(store) >= queued * 0.3, deadline, store);
      Process victim = workers.get(0);
      victim.destroyForcibly();
      assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long finishedAtKill = finished(store);
      LOG.info("Killed worker-1 with {} of {} operations finished", finishedAtKill, total);
      assertThat(finishedAtKill).isLessThan(total);

      waitUntil(() -> unfinished(store) == 0, deadline, store);
      for (Process survivor : workers.subList(1, workers.size())) {
        survivor.getOutputStream().close();
        if (!survivor.waitFor(60, TimeUnit.SECONDS)) {
          survivor.destroyForcibly();
        }
      }

      Map<OperationStatus, Long> counts = store.countByStatus(null);
      LOG.info("Final counts: {}", counts);
      assertThat(counts.get(OperationStatus.COMPLETED) + counts.get(OperationStatus.CANCELLED))
          .isEqualTo(total);
      assertThat(counts.get(OperationStatus.FAILED)).isZero();

      for (Map.Entry<String, AccountScript> e : scripts.entrySet()) {
        assertServerMatches(dovecot, e.getKey(), e.getValue());
      }
    }
  }

  private static AccountScript seed(DovecotServer dovecot, String account, long seed) {
    ServerView view = new ServerView(dovecot.host(), dovecot.port(), account, dovecot.password());
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= MESSAGES_PER_ACCOUNT; i++) {
      ids.add("<" + account + "-" + i + "@cluster.test>");
    }
    view.append("INBOX", ids);
    List<MessageRef> inbox = new ArrayList<>();
    for (ServerMessage m : view.messages("INBOX")) {
      inbox.add(new MessageRef(account, "INBOX", m.uidValidity(), m.uid(), m.messageId()));
    }
    assertThat(inbox).hasSize(MESSAGES_PER_ACCOUNT);
    return new AccountScript(inbox, seed);
  }

  private static void assertServerMatches(
      DovecotServer dovecot, String account, AccountScript script) {
    ServerView view = new ServerView(dovecot.host(), dovecot.port(), account, dovecot.password());
    Map<String, Expected> actual = new HashMap<>();
    for (String folder : List.of("INBOX", "Archive", "Trash")) {
      for (ServerMessage m : view.messages(folder)) {
        Expected previous = actual.put(m.messageId(), new Expected(folder, m.seen(), m.flagged()));
        assertThat(previous)
            .as("%s: %s exists twice (%s and %s)", account, m.messageId(), previous, folder)
            .isNull();
        assertThat(m.deleted()).as("%s: %s is left \\Deleted", account, m.messageId()).isFalse();
      }
    }
    assertThat(actual).as("server state of %s", account).isEqualTo(script.expected);
  }

  private static Process startWorker(
      PostgresSchema schema, DovecotServer dovecot, String workerId, Path logs) throws IOException {
    return WorkerJvm.start(
        ClusterWorkerMain.class,
        logs.resolve(workerId + ".log"),
        schema.url(),
        PostgresSchema.USER,
        Integer.toString(dovecot.port()),
        dovecot.password(),
        workerId,
        Long.toString(LEASE_SECONDS));
  }

  private static long finished(JooqPendingOperationStore store) {
    Map<OperationStatus, Long> c = store.countByStatus(null);
    return c.get(OperationStatus.COMPLETED)
        + c.get(OperationStatus.CANCELLED)
        + c.get(OperationStatus.FAILED);
  }

  private static long unfinished(JooqPendingOperationStore store) {
    Map<OperationStatus, Long> c = store.countByStatus(null);
    return c.get(OperationStatus.PENDING) + c.get(OperationStatus.IN_FLIGHT);
  }

  private interface Condition {
    boolean holds();
  }

  private static void waitUntil(
      Condition condition, Instant deadline, JooqPendingOperationStore store)
      throws InterruptedException {
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("cluster did not finish in time: " + store.countByStatus(null));
      }
      Thread.sleep(250);
    }
  }
}
