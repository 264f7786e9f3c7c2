package io.github.ferrymail.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.imap.testing.DovecotServer;
import io.github.ferrymail.it.reliability.liveload.AppTable;
import io.github.ferrymail.it.reliability.liveload.FeedFollower;
import io.github.ferrymail.it.reliability.liveload.LiveUser;
import io.github.ferrymail.it.reliability.liveload.Processors;
import io.github.ferrymail.it.support.BulkAppend;
import io.github.ferrymail.it.support.PostgresSchema;
import io.github.ferrymail.it.support.QueueProbe;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production's load, all at once: four processor JVMs on one PostgreSQL queue against a real
 * Dovecot, while the application keeps queueing (bursts of flag changes and moves back and forth,
 * mostly on the same few messages, while they are being moved), keeps its own messages table in
 * line through the store's outcome hook, and follows every account's feed. One processor is killed
 * outright a third of the way and started again under the same id.
 *
 * <p>Afterwards: every operation finished, none failed, no live lease; the feed handed out every
 * finished operation exactly once; every message is exactly once on the server, where and as the
 * user's changes in queue order make it, and the application's table and the feed's last relocation
 * name its real location; the relocations of each message completed in queue order.
 *
 * <p>Scale, the by default: {@code -Dferry.liveload.accounts} (100), {@code .operations}
 * per account (1,000) and {@code .messages} per account (100). docs/reliability.md gives the
 * figures; 100,000 operations take about eleven minutes on the 2-core CI machine.
 */
@Tag("slow")
@Tag("dovecot")
@Tag("postgres")
class LiveLoadTest {
  private static final Logger LOG = LoggerFactory.getLogger(LiveLoadTest.class);

  private static final int ACCOUNTS = Integer.getInteger("ferry.liveload.accounts", 100);
  private static final int OPERATIONS = Integer.getInteger("ferry.liveload.operations", 1000);
  private static final int MESSAGES = Integer.getInteger("ferry.liveload.messages", 100);
  private static final int PROCESSORS = 4;
  private static final int APP_THREADS = 4;

  /** How far the application may queue ahead of what it read back from an account's feed. */
  private static final int AHEAD = 60;

  private static final long LEASE_SECONDS = 10;
  private static final Duration DEADLINE = Duration.ofMinutes(30);
  private static final String APP_TABLE = "app_messages";
  private static final List<String> ALL_FOLDERS = List.of("INBOX", "Archive", "Sent", "Trash");

  @Test
  void fourProcessorsOneKilledWhileTheApplicationKeepsQueueing() throws Exception {
    int total = ACCOUNTS * OPERATIONS;
    try (DovecotServer dovecot = DovecotServer.start(DovecotServer.Profile.MODERN);
        PostgresSchema schema = PostgresSchema.create();
        HikariDataSource db =
            FerryDataSources.hikari(schema.url(), PostgresSchema.USER, "", APP_THREADS + 2)) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(db).build();
      store.migrate();
      AppTable app = AppTable.create(db, APP_TABLE);
      QueueProbe probe = new QueueProbe(schema.url(), PostgresSchema.USER);

      Instant seeding = Instant.now();
      List<LiveUser> users = new ArrayList<>();
      for (int a = 1; a <= ACCOUNTS; a++) {
        String account = String.format("live%03d", a);
        app.insert(seed(dovecot, account));
        users.add(new LiveUser(account, keys(account), OPERATIONS, a));
      }
      LOG.info(
          "Seeded {} accounts of {} messages in {} ms",
          ACCOUNTS,
          MESSAGES,
          Duration.between(seeding, Instant.now()).toMillis());

      List<String> accounts = users.stream().map(LiveUser::account).toList();
      Instant started;
      Instant drained;
      int queued;
      try (FeedFollower feed = new FeedFollower(store, accounts);
          Processors processors = new Processors(PROCESSORS, workerArguments(schema, dovecot))) {
        started = Instant.now();
        Instant deadline = started.plus(DEADLINE);
        ExecutorService appThreads = Executors.newFixedThreadPool(APP_THREADS);
        List<Future<Integer>> queueing = new ArrayList<>();
        for (int t = 0; t < APP_THREADS; t++) {
          List<LiveUser> mine = new ArrayList<>();
          for (int i = t; i < users.size(); i += APP_THREADS) {
            mine.add(users.get(i));
          }
          queueing.add(appThreads.submit(() -> queueAll(mine, app, store, feed, deadline)));
        }
        appThreads.shutdown();

        awaitFinished(probe, total / 3, deadline);
        processors.kill(1);
        long atKill = probe.counts().finished();
        LOG.info("Killed processor-2 with {} of {} operations finished", atKill, total);
        Thread.sleep(2_000);
        processors.start(1);

        queued = 0;
        for (Future<Integer> f : queueing) {
          queued += f.get();
        }
        while (probe.counts().unfinished() > 0) {
          assertThat(Instant.now()).as("drained in time: %s", probe.counts()).isBefore(deadline);
          Thread.sleep(250);
        }
        drained = Instant.now();
        assertThat(atKill).as("the kill came while work remained").isLessThan(queued);
        feed.close();

        double seconds = Duration.between(started, drained).toMillis() / 1000.0;
        LOG.info(
            "{} operations queued and replayed on {} accounts in {} s: {} operations/s",
            queued,
            ACCOUNTS,
            String.format("%.1f", seconds),
            String.format("%.1f", queued / seconds));

        Map<OperationStatus, Long> counts = store.countByStatus(null);
        LOG.info("Final counts: {}", counts);
        assertThat(counts.get(OperationStatus.FAILED)).as("failed").isZero();
        assertThat(counts.get(OperationStatus.COMPLETED) + counts.get(OperationStatus.CANCELLED))
            .isEqualTo(queued);
        assertThat(liveLeases(db)).as("leases still live").isZero();
        for (LiveUser user : users) {
          checkAccount(dovecot, user, app, feed, probe);
        }
      }
    }
  }

  /** One application thread: queues its users' bursts, never more than AHEAD past the feed. */
  private static int queueAll(
      List<LiveUser> users,
      AppTable app,
      JooqPendingOperationStore store,
      FeedFollower feed,
      Instant deadline)
      throws Exception {
    int queued = 0;
    while (users.stream().anyMatch(u -> !u.done())) {
      boolean any = false;
      for (LiveUser user : users) {
        if (user.done() || user.queued() - feed.finished(user.account()) >= AHEAD) {
          continue;
        }
        List<NewOperation> burst = user.nextBurst(app.locations(user.account()));
        store.queueAll(burst);
        queued += burst.size();
        any = true;
      }
      if (!any) {
        assertThat(Instant.now()).as("queueing ended in time").isBefore(deadline);
        Thread.sleep(20);
      }
    }
    return queued;
  }

  private static void checkAccount(
      DovecotServer dovecot, LiveUser user, AppTable app, FeedFollower feed, QueueProbe probe)
      throws SQLException {
    String account = user.account();
    List<FinishedOperation> entries = feed.entries(account);
    assertThat(feed.duplicates(account))
        .as("%s: operations the feed handed out twice", account)
        .isEmpty();
    List<Long> finishedRows =
        probe.rows(account).stream()
            .filter(r -> !r.status().equals("PENDING") && !r.status().equals("IN_FLIGHT"))
            .map(QueueProbe.Row::id)
            .toList();
    assertThat(entries.stream().map(f -> f.operation().id()))
        .as("%s: the feed holds every finished operation", account)
        .containsExactlyInAnyOrderElementsOf(finishedRows);

    ServerView view = new ServerView(dovecot.host(), dovecot.port(), account, dovecot.password());
    Map<String, ServerMessage> server = new HashMap<>();
    Map<String, String> folderOf = new HashMap<>();
    for (String folder : ALL_FOLDERS) {
      for (ServerMessage m : view.messages(folder)) {
        String twice = folderOf.put(m.messageId(), folder);
        server.put(m.messageId(), m);
        assertThat(twice)
            .as("%s: %s twice (%s and %s)", account, m.messageId(), twice, folder)
            .isNull();
        assertThat(m.deleted()).as("%s: %s left \\Deleted", account, m.messageId()).isFalse();
      }
    }
    Map<String, MessageRef> known = app.locations(account);
    Map<String, FinishedOperation> lastRelocation = new HashMap<>();
    Map<String, Long> lastRelocationId = new HashMap<>();
    for (FinishedOperation f : entries) {
      String key = f.operation().messageKey();
      boolean relocates = f.operation().kind().movesMessage() || f.operation().kind().isDeletion();
      if (f.operation().status() != OperationStatus.COMPLETED || !relocates) {
        continue;
      }
      Long before = lastRelocationId.put(key, f.operation().id());
      assertThat(before == null || before < f.operation().id())
          .as(
              "%s: %s relocated by %d after %d: not in queue order",
              account, key, f.operation().id(), before)
          .isTrue();
      lastRelocation.put(key, f);
    }
    for (String key : user.keys()) {
      LiveUser.Wish wish = user.wish(key);
      ServerMessage actual = server.get(key);
      String where = actual == null ? null : folderOf.get(key) + "/" + actual.uid();
      Supplier<String> history =
          () -> {
            try {
              return probe.history(account, key);
            } catch (SQLException e) {
              return " (unreadable: " + e + ")";
            }
          };
      if (wish == null) {
        assertThat(actual).as(() -> key + " deleted for good; history:" + history.get()).isNull();
        assertThat(known).as("%s left the application's table", key).doesNotContainKey(key);
        continue;
      }
      assertThat(actual).as(() -> key + " on the server; history:" + history.get()).isNotNull();
      assertThat(new LiveUser.Wish(folderOf.get(key), actual.seen(), actual.flagged()))
          .as(() -> key + " as the user left it; history:" + history.get())
          .isEqualTo(wish);
      MessageRef mine = known.get(key);
      assertThat(mine).as(() -> key + " in the application's table").isNotNull();
      assertThat(mine.folder() + "/" + mine.uid())
          .as(() -> key + " where the application's table says; history:" + history.get())
          .isEqualTo(where);
      FinishedOperation moved = lastRelocation.get(key);
      if (moved != null) {
        MessageRef to = moved.relocation().location();
        assertThat(to.folder() + "/" + to.uid())
            .as(() -> key + " where the feed's last relocation took it; history:" + history.get())
            .isEqualTo(where);
      }
    }
  }

  private static List<MessageRef> seed(DovecotServer dovecot, String account) {
    List<String> ids = keys(account);
    BulkAppend.append(dovecot.host(), dovecot.port(), account, dovecot.password(), "INBOX", ids);
    ServerView.Status status =
        new ServerView(dovecot.host(), dovecot.port(), account, dovecot.password()).status("INBOX");
    // A fresh folder numbers appended messages 1, 2, 3... in order; the final check of every
    // folder would catch a wrong guess.
    assertThat(status.uidNext()).isEqualTo(MESSAGES + 1);
    List<MessageRef> inbox = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      inbox.add(new MessageRef(account, "INBOX", status.uidValidity(), i + 1, ids.get(i)));
    }
    return inbox;
  }

  private static List<String> keys(String account) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= MESSAGES; i++) {
      ids.add("<" + account + "-" + i + "@live.test>");
    }
    return ids;
  }

  private static List<String> workerArguments(PostgresSchema schema, DovecotServer dovecot) {
    return List.of(
        schema.url(),
        PostgresSchema.USER,
        Integer.toString(dovecot.port()),
        dovecot.password(),
        Long.toString(LEASE_SECONDS),
        "claim-limit=200",
        "app-table=" + APP_TABLE);
  }

  private static void awaitFinished(QueueProbe probe, long count, Instant deadline)
      throws Exception {
    while (probe.counts().finished() < count) {
      assertThat(Instant.now()).as("%s finished in time", count).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static long liveLeases(HikariDataSource db) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM ferry_accounts WHERE lease_token IS NOT NULL"
                    + " AND lease_expires_at > now()")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
