package io.github.ferrymail.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import io.github.ferrymail.it.support.BulkAppend;
import io.github.ferrymail.it.support.DatabaseServer;
import io.github.ferrymail.it.support.MariaDbDatabase;
import io.github.ferrymail.it.support.PostgresSchema;
import io.github.ferrymail.it.support.QueueProbe;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's database restarted while background workers drain 10,000 operations (flags and moves
 * mixed, four accounts) against a real Dovecot: the pool's connections die, and the processor must
 * recover by itself. Afterwards every operation is completed exactly once: every message is where
 * its operation put it, once, with the flag it was given; no row is left in flight and no lease
 * held; the outage cost no operation an attempt (it is the database's failure, not the server's).
 *
 * <p>Leases last ten minutes, far beyond the test's deadline: an account could only come back after
 * its lease lapsed would miss the deadline, so the test fails if recovery relies on that.
 */
@Tag("restarts-database")
@Tag("dovecot")
class DatabaseRestartTest {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseRestartTest.class);

  private static final int ACCOUNTS = 4;
  private static final int PER_ACCOUNT = 2_500;
  private static final int TOTAL = ACCOUNTS * PER_ACCOUNT;
  private static final Duration DOWN = Duration.ofSeconds(3);
  private static final Duration LEASE = Duration.ofMinutes(10);
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @RegisterExtension
  static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

  @Test
  @Tag("postgres")
  void postgresqlRestartedWhileWorkersDrainTenThousandOperations() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      drainThroughRestart(DatabaseServer.POSTGRESQL, schema.url(), PostgresSchema.USER, "pg");
    } finally {
      DatabaseServer.POSTGRESQL.ensureRunning();
    }
  }

  @Test
  @Tag("mariadb")
  void mariadbRestartedWhileWorkersDrainTenThousandOperations() throws Exception {
    try (MariaDbDatabase database = MariaDbDatabase.create()) {
      drainThroughRestart(DatabaseServer.MARIADB, database.url(), MariaDbDatabase.USER, "maria");
    } finally {
      DatabaseServer.MARIADB.ensureRunning();
    }
  }

  private void drainThroughRestart(DatabaseServer service, String url, String user, String prefix)
      throws Exception {
    DovecotServer dovecot = DOVECOT.server();
    Map<String, List<MessageRef>> inboxes = new HashMap<>();
    List<NewOperation> operations = new ArrayList<>();
    for (int a = 1; a <= ACCOUNTS; a++) {
      String account = prefix + "-restart-" + a;
      List<MessageRef> inbox = seed(dovecot, account);
      inboxes.put(account, inbox);
      for (int i = 0; i < inbox.size(); i++) {
        MessageRef m = inbox.get(i);
        Operation op = i % 2 == 0 ? Operation.move(m, "Archive") : Operation.flag(m);
        operations.add(NewOperation.of(op, m.messageId()));
      }
    }
    LOG.info("{}: seeded {} messages", service, TOTAL);
    QueueProbe probe = new QueueProbe(url, user);
    try (HikariDataSource db = FerryDataSources.hikari(url, user, "");
        ImapOperationExecutor imap = ImapOperationExecutor.create(key -> account(dovecot, key))) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(db).build();
      store.migrate();
      store.queueAll(operations);
      LOG.info("{}: queued {} operations", service, TOTAL);
      Instant started = Instant.now();
      Instant deadline = started.plus(DEADLINE);
      long beforeStop;
      Instant stopIssued;
      Instant down = null;
      Instant back = null;
      Instant resumed = null;
      Instant drained;
      try (QueueProcessor processor =
          QueueProcessor.builder(store, imap)
              .workerThreads(ACCOUNTS)
              .pollInterval(Duration.ofMillis(200))
              .leaseDuration(LEASE)
              .build()) {
        processor.start();
        beforeStop = awaitFinished(probe, TOTAL / 5, deadline);
        stopIssued = Instant.now();
        CompletableFuture<DatabaseServer.Outage> restart =
            CompletableFuture.supplyAsync(() -> service.restart(DOWN));
        // Down and back as a client sees it: the probe's own connections fail, then succeed.
        while (true) {
          QueueProbe.Counts now = probe.countsOrNull();
          Instant at = Instant.now();
          if (down == null && now != null && restart.isDone()) {
            down = stopIssued; // the probe's attempts all straddled the outage
          }
          if (now == null) {
            down = down == null ? at : down;
          } else if (down != null) {
            back = back == null ? at : back;
            if (resumed == null && now.finished() > beforeStop) {
              resumed = at;
            }
            if (now.unfinished() == 0) {
              drained = at;
              break;
            }
          }
          assertThat(at).as("drained by the deadline; counts %s", now).isBefore(deadline);
          Thread.sleep(100);
        }
        restart.join();
      }
      assertThat(beforeStop).as("the restart came in the middle of the drain").isLessThan(TOTAL);
      assertThat(resumed).as("operations completed after the restart").isNotNull();
      LOG.info(
          "{}: {} operations; restarted with {} finished; down {} ms (stop issued to first"
              + " connection); first completion {} ms after the service was back, all drained"
              + " {} ms after; whole run {} ms",
          service,
          TOTAL,
          beforeStop,
          Duration.between(stopIssued, back).toMillis(),
          Duration.between(back, resumed).toMillis(),
          Duration.between(back, drained).toMillis(),
          Duration.between(started, drained).toMillis());
      assertThat(probe.leasesHeld()).as("no lease left held").isZero();
      assertThat(store.countByStatus(null))
          .containsEntry(OperationStatus.COMPLETED, (long) TOTAL)
          .containsEntry(OperationStatus.PENDING, 0L)
          .containsEntry(OperationStatus.IN_FLIGHT, 0L)
          .containsEntry(OperationStatus.FAILED, 0L)
          .containsEntry(OperationStatus.CANCELLED, 0L);
      for (Map.Entry<String, List<MessageRef>> e : inboxes.entrySet()) {
        assertEachTookEffectOnce(dovecot, probe, e.getKey(), e.getValue());
      }
      LOG.info("{}: server state and rows checked", service);
    }
    LOG.info("{}: pool and IMAP sessions closed", service);
  }

  private static List<MessageRef> seed(DovecotServer dovecot, String account) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < PER_ACCOUNT; i++) {
      ids.add("<" + account + "-" + i + "@restart.test>");
    }
    BulkAppend.append(dovecot.host(), dovecot.port(), account, dovecot.password(), "INBOX", ids);
    // A fresh folder numbers appended messages 1, 2, 3... in order: STATUS proves it happened here
    // without fetching them all; the final check of every folder would catch a wrong guess.
    ServerView.Status status = view(dovecot, account).status("INBOX");
    assertThat(status.messages()).isEqualTo(PER_ACCOUNT);
    assertThat(status.uidNext()).isEqualTo(PER_ACCOUNT + 1);
    List<MessageRef> inbox = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      inbox.add(new MessageRef(account, "INBOX", status.uidValidity(), i + 1, ids.get(i)));
    }
    return inbox;
  }

  /** Waits until at least {@code count} operations are finished; returns how many are. */
  private static long awaitFinished(QueueProbe probe, long count, Instant deadline)
      throws Exception {
    while (true) {
      QueueProbe.Counts now = probe.counts();
      if (now.finished() >= count) {
        return now.finished();
      }
      assertThat(Instant.now()).as("%s operations finished in time", count).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  /**
   * Even messages were moved to Archive, odd ones flagged in INBOX: each is exactly once in its
   * folder, with its flag as wished; each row is completed at its first attempt, and a move's row
   * names the message's real new UID.
   */
  private static void assertEachTookEffectOnce(
      DovecotServer dovecot, QueueProbe probe, String account, List<MessageRef> seeded)
      throws SQLException {
    ServerView view = view(dovecot, account);
    Map<String, ServerMessage> inbox = byMessageId(view.messages("INBOX"), account, "INBOX");
    Map<String, ServerMessage> archive = byMessageId(view.messages("Archive"), account, "Archive");
    List<String> flagged = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < seeded.size(); i++) {
      (i % 2 == 0 ? moved : flagged).add(seeded.get(i).messageId());
    }
    assertThat(inbox.keySet()).as("%s INBOX", account).containsExactlyInAnyOrderElementsOf(flagged);
    assertThat(archive.keySet())
        .as("%s Archive", account)
        .containsExactlyInAnyOrderElementsOf(moved);
    inbox.values().forEach(m -> assertThat(m.flagged()).as("%s flagged", m.messageId()).isTrue());
    archive.values().forEach(m -> assertThat(m.flagged()).as("%s", m.messageId()).isFalse());

    List<QueueProbe.Row> rows = probe.rows(account);
    assertThat(rows).hasSize(PER_ACCOUNT);
    for (QueueProbe.Row row : rows) {
      assertThat(row.status()).as("operation %d", row.id()).isEqualTo("COMPLETED");
      assertThat(row.attempts())
          .as("operation %d lost no attempt to the outage", row.id())
          .isZero();
      if (row.kind().equals(OperationKind.MOVE.name())) {
        assertThat(row.movedFolder()).isEqualTo("Archive");
        assertThat(row.movedUid())
            .as("new UID of %s", row.messageKey())
            .isEqualTo(archive.get(row.messageKey()).uid());
      }
    }
  }

  private static Map<String, ServerMessage> byMessageId(
      List<ServerMessage> messages, String account, String folder) {
    Map<String, ServerMessage> out = new HashMap<>();
    for (ServerMessage m : messages) {
      ServerMessage twice = out.put(m.messageId(), m);
      assertThat(twice).as("%s: %s twice in %s", account, m.messageId(), folder).isNull();
      assertThat(m.deleted()).as("%s left \\Deleted", m.messageId()).isFalse();
    }
    return out;
  }

  private static ServerView view(DovecotServer dovecot, String account) {
    return new ServerView(dovecot.host(), dovecot.port(), account, dovecot.password());
  }

  private static ImapAccount account(DovecotServer dovecot, String key) {
    return ImapAccount.builder(
            dovecot.host(), key, CredentialsProvider.password(dovecot.password()))
        .port(dovecot.port())
        .tlsMode(TlsMode.NONE)
        .build();
  }
}
