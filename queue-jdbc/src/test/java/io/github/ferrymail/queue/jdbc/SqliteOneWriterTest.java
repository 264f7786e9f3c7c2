package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.core.spi.Claim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SQLite's one writer at a time, on a real file in WAL mode: the store waits for a writer of the
 * application's instead of failing, reads never wait, two stores on one file share it without
 * {@code SQLITE_BUSY}, and the schema refuses what the store could not read back.
 */
class SqliteOneWriterTest extends JdbcStoreTestBase {
  private static final Duration LEASE = Duration.ofMinutes(1);

  @Override
  TestDatabase database() {
    return TestDatabase.SQLITE;
  }

  @Test
  void theFileIsInWalModeAndTheStoreDetectsSqlite() throws Exception {
    assertThat(store.dialect()).isEqualTo(Dialect.SQLITE);
    assertThat(queryString("PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
    assertThat(queryString("PRAGMA foreign_keys")).isEqualTo("1");
  }

  @Test
  void aClaimWaitsForTheApplicationsWriteTransactionAndAReadDoesNot() throws Exception {
    PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection app = scratch.connect();
        Statement s = app.createStatement()) {
      // The application holds the write lock, as a transaction of its own that has written does.
      s.execute("BEGIN IMMEDIATE");
      s.execute("CREATE TABLE app_messages (id TEXT PRIMARY KEY)");

      // In WAL mode a read goes on meanwhile.
      assertThat(store.get(op.id())).isPresent();
      Future<Claim> claim = thread.submit(() -> store.claim("acct", "w1", LEASE, 10).orElseThrow());
      Thread.sleep(300);
      assertThat(claim).as("waiting for the application's transaction").isNotDone();

      s.execute("COMMIT");
      assertThat(claim.get(10, TimeUnit.SECONDS).operations())
          .extracting(PendingOperation::id)
          .containsExactly(op.id());
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void aDatabaseStillBusyAfterBusyTimeoutFailsTheClaimByNameAndChangesNothing() throws Exception {
    PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(scratch.url.replace("busy_timeout=10000", "busy_timeout=50"));
    config.setMaximumPoolSize(1);
    try (HikariDataSource impatient = new HikariDataSource(config);
        Connection app = scratch.connect();
        Statement s = app.createStatement()) {
      JooqPendingOperationStore onImpatient =
          JooqPendingOperationStore.builder(impatient).clock(clock).build();
      s.execute("BEGIN IMMEDIATE");
      try {
        assertThatThrownBy(() -> onImpatient.claim("acct", "w1", LEASE, 10))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("could not claim account acct")
            .hasMessageContaining("write lock for longer than busy_timeout, 4 times")
            .hasStackTraceContaining("SQLITE_BUSY");
      } finally {
        s.execute("ROLLBACK");
      }
      assertThat(store.get(op.id()).orElseThrow().status()).isEqualTo(OperationStatus.PENDING);
      assertThat(onImpatient.claim("acct", "w1", LEASE, 10).orElseThrow().operations())
          .extracting(PendingOperation::id)
          .containsExactly(op.id());
    }
  }

  @Test
  void twoStoresOnOneFileClaimAndRecordAtOnceWithoutBusyErrors() throws Exception {
    JooqPendingOperationStore other =
        JooqPendingOperationStore.builder(scratch.pool(2)).clock(clock).build();
    List<NewOperation> ops = new ArrayList<>();
    for (int account = 0; account < 8; account++) {
      for (int uid = 1; uid <= 25; uid++) {
        ops.add(NewOperation.of(Operation.markRead(msg("acct-" + account, uid))));
      }
    }
    store.queueAll(ops);

    ExecutorService workers = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Integer>> done = new ArrayList<>();
    try {
      for (int w = 0; w < 8; w++) {
        JooqPendingOperationStore mine = w % 2 == 0 ? store : other;
        String owner = "w" + w;
        done.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(start);
                  int completed = 0;
                  for (int round = 0; round < 40; round++) {
                    for (int account = 0; account < 8; account++) {
                      var claim = mine.claim("acct-" + account, owner, LEASE, 3);
                      if (claim.isEmpty()) {
                        continue;
                      }
                      for (PendingOperation op : claim.get().operations()) {
                        mine.complete(claim.get().lease(), op.id());
                        completed++;
                      }
                      mine.release(claim.get().lease());
                    }
                  }
                  return completed;
                },
                workers));
      }
      start.countDown();
      int completed = 0;
      for (CompletableFuture<Integer> f : done) {
        completed += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(completed).as("each completed exactly once").isEqualTo(ops.size());
    } finally {
      workers.shutdownNow();
    }
    assertThat(other.countByStatus(null)).containsEntry(OperationStatus.COMPLETED, 200L);
  }

  @Test
  void aPoolOutOfAutoCommitModeWorksAndGetsItsConnectionsBackAsTheyWere() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(scratch.url);
    config.setMaximumPoolSize(2);
    config.setAutoCommit(false);
    try (HikariDataSource manual = new HikariDataSource(config)) {
      JooqPendingOperationStore onManual =
          JooqPendingOperationStore.builder(manual).clock(clock).build();
      PendingOperation op = onManual.queue(Operation.markRead(msg("acct", 1)));
      Claim claim = onManual.claim("acct", "w1", LEASE, 10).orElseThrow();
      onManual.complete(claim.lease(), op.id());
      onManual.release(claim.lease());

      assertThat(store.get(op.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
      try (Connection c = manual.getConnection()) {
        assertThat(c.getAutoCommit()).isFalse();
      }
    }
  }

  @Test
  void theSchemaRefusesATimestampInAnotherFormThanTheStoresText() throws Exception {
    PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));
    try (Connection c = scratch.connect();
        PreparedStatement update =
            c.prepareStatement("UPDATE ferry_operations SET next_attempt_at = ? WHERE id = ?")) {
      // The driver writes a java.sql.Timestamp as a number of milliseconds.
      update.setTimestamp(1, Timestamp.from(START));
      update.setLong(2, op.id());
      assertThatThrownBy(update::executeUpdate)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("CHECK constraint failed");
    }
    assertThat(store.get(op.id())).contains(op);
  }

  @Test
  void queuedIdsOfAMultiRowInsertAreEveryRowsOwn() throws Exception {
    List<NewOperation> ops = new ArrayList<>();
    for (int uid = 1; uid <= 700; uid++) {
      ops.add(NewOperation.of(Operation.markRead(msg("acct", uid)), "key-" + uid));
    }
    List<PendingOperation> queued = store.queueAll(ops);
    for (PendingOperation op : queued) {
      try (Connection c = scratch.connect();
          PreparedStatement select =
              c.prepareStatement("SELECT message_key FROM ferry_operations WHERE id = ?")) {
        select.setLong(1, op.id());
        try (ResultSet r = select.executeQuery()) {
          assertThat(r.next()).isTrue();
          assertThat(r.getString(1)).isEqualTo(op.messageKey());
        }
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
