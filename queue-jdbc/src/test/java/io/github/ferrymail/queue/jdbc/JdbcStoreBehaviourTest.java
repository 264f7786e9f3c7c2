package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.CorruptOperationException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.core.spi.AccountPause;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store promises beyond the store contract: enqueueing inside the embedder's own
 * transaction, exact round trips of SQL metacharacters, rows that cannot be read back, migrations,
 * the DDL for embedders' own migration tools, UTC timestamps, and column bounds. Each database runs
 * it through a tiny subclass.
 */
abstract class JdbcStoreBehaviourTest extends JdbcStoreTestBase {
  static final Duration LEASE = Duration.ofMinutes(1);
  static final String APP_TABLE = "app_messages";

  Claim claim(String account) {
    return store
        .claim(account, "w1", LEASE, 100)
        .orElseThrow(() -> new AssertionError("claim of " + account + " empty"));
  }

  static List<Long> ids(List<PendingOperation> ops) {
    return ops.stream().map(PendingOperation::id).toList();
  }

  /** The embedder's own table, in the same database as the queue. */
  void createAppTable() throws SQLException {
    sql("CREATE TABLE " + APP_TABLE + " (id VARCHAR(64) PRIMARY KEY, seen INT NOT NULL)");
  }

  /** The embedder's local change: its own row, written on its own connection. */
  static void markReadLocally(Connection connection, String id) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO " + APP_TABLE + " (id, seen) VALUES (?, 1)")) {
      insert.setString(1, id);
      insert.executeUpdate();
    }
  }

  /** What the durable path costs the database per operation, counted, not timed. */
  @Nested
  class DurablePathCost {
    private JooqPendingOperationStore counted(CountingDataSource counting) {
      return JooqPendingOperationStore.builder(counting.dataSource)
          .dialect(store.dialect())
          .clock(clock)
          .build();
    }

    private io.github.ferrymail.core.spi.BatchResult succeedAll(
        io.github.ferrymail.core.spi.OperationBatch batch) {
      Map<Long, io.github.ferrymail.core.spi.OperationOutcome> outcomes = new java.util.HashMap<>();
      long uid = 10_000;
      for (PendingOperation op : batch.operations()) {
        outcomes.put(
            op.id(),
            io.github.ferrymail.core.spi.OperationOutcome.succeeded(
                op.kind().isRelocation()
                    ? new MessageRef("acct", "Archive", 99, ++uid + op.id(), null)
                    : null));
      }
      return new io.github.ferrymail.core.spi.BatchResult(outcomes);
    }

    private void drain(CountingDataSource counting, int expected) {
      try (io.github.ferrymail.core.processor.QueueProcessor processor =
          io.github.ferrymail.core.processor.QueueProcessor.builder(
                  counted(counting), (batch, sink) -> succeedAll(batch))
              .clock(clock)
              .build()) {
        assertThat(processor.processPendingOperations("acct").completed()).isEqualTo(expected);
      }
    }

    @Test
    void aThousandMarkReadsCostAHandfulOfCommits() {
      List<NewOperation> ops = new ArrayList<>();
      for (int uid = 1; uid <= 1000; uid++) {
        ops.add(NewOperation.of(Operation.markRead(msg("acct", uid))));
      }
      store.queueAll(ops);
      CountingDataSource counting = new CountingDataSource(scratch.pool(2));

      drain(counting, 1000);

      // claim + 2 batches + release, and the second claim that finds nothing more, + release.
      assertThat(counting.commits.get()).as("commits").isLessThanOrEqualTo(10);
      assertThat(counting.statements.get()).as("statements").isLessThanOrEqualTo(40);
      assertThat(store.countByStatus("acct").get(OperationStatus.COMPLETED)).isEqualTo(1000);
    }

    @Test
    void aThousandMovesWithLaterFlagsCostAHandfulOfCommitsAndReachTheNewUids() {
      List<NewOperation> ops = new ArrayList<>();
      for (int uid = 1; uid <= 500; uid++) {
        ops.add(NewOperation.of(Operation.move(msg("acct", uid), "Archive")));
      }
      for (int uid = 1; uid <= 500; uid++) {
        ops.add(NewOperation.of(Operation.flag(msg("acct", uid))));
      }
      List<PendingOperation> queued = store.queueAll(ops);
      CountingDataSource counting = new CountingDataSource(scratch.pool(2));

      drain(counting, 1000);

      assertThat(counting.commits.get()).as("commits").isLessThanOrEqualTo(10);
      assertThat(counting.statements.get()).as("statements").isLessThanOrEqualTo(60);
      PendingOperation flag = store.get(queued.get(500).id()).orElseThrow();
      assertThat(flag.status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(flag.message().folder())
          .as("re-pointed at the move's new UID")
          .isEqualTo("Archive");
    }
  }

  @Nested
  class TransactionalEnqueue {
    @Test
    void theLocalChangeAndTheQueuedOperationRollBackTogether() throws Exception {
      createAppTable();
      try (Connection tx = scratch.connect()) {
        tx.setAutoCommit(false);
        markReadLocally(tx, "m-1");
        PendingOperation op =
            store.queue(tx, NewOperation.of(Operation.markRead(msg("acct", 1)), "m-1"));
        assertThat(op.id()).isPositive();
        // Not committed by the store: another connection sees neither row yet.
        assertThat(store.get(op.id())).isEmpty();

        tx.rollback();
      }

      assertThat(count("SELECT COUNT(*) FROM " + APP_TABLE)).isZero();
      assertThat(store.countByStatus(null).values()).allMatch(n -> n == 0L);
      assertThat(store.claim("acct", "w1", LEASE, 10).orElseThrow().operations()).isEmpty();
    }

    @Test
    void theLocalChangeAndTheQueuedOperationsCommitTogether() throws Exception {
      createAppTable();
      List<PendingOperation> queued;
      try (Connection tx = scratch.connect()) {
        tx.setAutoCommit(false);
        markReadLocally(tx, "m-1");
        markReadLocally(tx, "m-2");
        queued =
            store.queueAll(
                tx,
                List.of(
                    NewOperation.of(Operation.markRead(msg("acct", 1)), "m-1"),
                    NewOperation.of(Operation.markRead(msg("acct", 2)), "m-2")));
        assertThat(tx.isClosed()).isFalse();
        assertThat(tx.getAutoCommit()).isFalse();

        tx.commit();
      }

      assertThat(count("SELECT COUNT(*) FROM " + APP_TABLE)).isEqualTo(2);
      assertThat(ids(claim("acct").operations())).containsExactlyElementsOf(ids(queued));
      assertThat(store.get(queued.get(1).id()).orElseThrow().messageKey()).isEqualTo("m-2");
    }

    @Test
    void aJooqTransactionRollsBackBothOrCommitsBoth() throws Exception {
      createAppTable();
      DSLContext app = DSL.using(scratch.pool(2), store.dialect().sqlDialect());

      assertThatThrownBy(
              () ->
                  app.transaction(
                      cfg -> {
                        cfg.dsl().connection(c -> markReadLocally(c, "m-1"));
                        store.queue(cfg.dsl(), NewOperation.of(Operation.flag(msg("acct", 1))));
                        throw new IllegalStateException("the embedder changes its mind");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the embedder changes its mind");
      assertThat(count("SELECT COUNT(*) FROM " + APP_TABLE)).isZero();
      assertThat(store.countByStatus("acct").get(OperationStatus.PENDING)).isZero();

      PendingOperation committed =
          app.transactionResult(
              cfg -> {
                cfg.dsl().connection(c -> markReadLocally(c, "m-2"));
                return store.queue(cfg.dsl(), NewOperation.of(Operation.flag(msg("acct", 2))));
              });
      assertThat(count("SELECT COUNT(*) FROM " + APP_TABLE)).isEqualTo(1);
      assertThat(store.get(committed.id())).contains(committed);
    }

    @Test
    void aFailedEnqueueOnTheCallersConnectionIsAStoreExceptionAndTheCallerRollsBack()
        throws Exception {
      createAppTable();
      // A store whose tables are not in this database: its insert fails.
      JooqPendingOperationStore elsewhere =
          JooqPendingOperationStore.builder(scratch.pool(1)).tablePrefix("missing_").build();
      try (Connection tx = scratch.connect()) {
        tx.setAutoCommit(false);
        markReadLocally(tx, "m-1");
        assertThatThrownBy(
                () -> elsewhere.queue(tx, NewOperation.of(Operation.flag(msg("acct", 1)))))
            .isInstanceOf(StoreException.class)
            .hasCauseInstanceOf(org.jooq.exception.DataAccessException.class)
            .hasMessageContaining("queue 1 operation(s) for account acct");
        tx.rollback();
      }
      assertThat(count("SELECT COUNT(*) FROM " + APP_TABLE)).isZero();
    }
  }

  @Nested
  class CompletedMoves {
    @Test
    void completeMoveCompletesTheMoveAndRepointsTheLaterOperationsTogether() {
      PendingOperation move = store.queue(Operation.move(msg("acct", 1), "Archive"));
      PendingOperation read = store.queue(Operation.markRead(msg("acct", 1)));
      PendingOperation flag = store.queue(Operation.flag(msg("acct", 1)));
      PendingOperation elsewhere = store.queue(Operation.flag(msg("acct", 2)));
      Claim claim = store.claim("acct", "w1", LEASE, 1).orElseThrow();
      clock.advance(Duration.ofSeconds(2));

      MessageRef moved = new MessageRef("acct", "Archive", 9, 77, null);
      assertThat(store.completeMove(claim.lease(), move.id(), moved)).isEqualTo(2);

      PendingOperation done = store.get(move.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(done.finishedAt()).isEqualTo(START.plusSeconds(2));
      assertThat(done.message()).isEqualTo(msg("acct", 1));
      assertThat(store.get(read.id()).orElseThrow().message())
          .isEqualTo(moved.withMessageId(msg("acct", 1).messageId()));
      assertThat(store.get(flag.id()).orElseThrow().message().folder()).isEqualTo("Archive");
      assertThat(store.get(elsewhere.id()).orElseThrow().message()).isEqualTo(msg("acct", 2));
    }

    @Test
    void completeMoveUnderALeaseTakenOverChangesNothing() {
      PendingOperation move = store.queue(Operation.move(msg("acct", 1), "Archive"));
      PendingOperation read = store.queue(Operation.markRead(msg("acct", 1)));
      Claim old = store.claim("acct", "w1", LEASE, 1).orElseThrow();
      clock.advance(LEASE.plusSeconds(1));
      Claim taken = store.claim("acct", "w2", LEASE, 1).orElseThrow();
      assertThat(ids(taken.operations())).containsExactly(move.id());

      assertThatThrownBy(
              () ->
                  store.completeMove(
                      old.lease(), move.id(), new MessageRef("acct", "Archive", 9, 77, null)))
          .isInstanceOf(io.github.ferrymail.core.LeaseLostException.class);

      assertThat(store.get(move.id()).orElseThrow().status()).isEqualTo(OperationStatus.IN_FLIGHT);
      assertThat(store.get(read.id()).orElseThrow().message()).isEqualTo(msg("acct", 1));
    }
  }

  @Nested
  class SqlMetacharacters {
    final List<String> odd =
        List.of(
            "it's",
            "\"double\"",
            "back\\slash\\",
            "100%",
            "a_b",
            "x';DROP TABLE ferry_operations;--",
            "ünïcödé 日本語",
            "emoji 😀📬",
            "tab\tand\nnewline",
            " lead and trail ");

    @Test
    void foldersMessageIdsKeysErrorsAndCheckpointsRoundTripExactly() {
      List<PendingOperation> queued = new ArrayList<>();
      long uid = 1;
      for (String s : odd) {
        MessageRef ref = new MessageRef("acct", "Folder/" + s, UIDV, uid++, "<" + s + "@x>");
        queued.add(store.queue(NewOperation.of(Operation.move(ref, "Dest/" + s), "key " + s)));
      }
      Claim claim = claim("acct");
      assertThat(ids(claim.operations())).containsExactlyElementsOf(ids(queued));
      for (int i = 0; i < odd.size(); i++) {
        String s = odd.get(i);
        long id = queued.get(i).id();
        Checkpoint checkpoint =
            new Checkpoint("Folder/" + s, UIDV, "Dest/" + s, 7, 100, Map.of(1L, "<" + s + "@x>"));
        store.saveCheckpoint(claim.lease(), id, checkpoint);
        store.reschedule(claim.lease(), id, START, "error " + s);

        PendingOperation read = store.get(id).orElseThrow();
        assertThat(read.operation()).isEqualTo(queued.get(i).operation());
        assertThat(read.message().folder()).isEqualTo("Folder/" + s);
        assertThat(read.message().messageId()).isEqualTo("<" + s + "@x>");
        assertThat(read.operation().destination()).isEqualTo("Dest/" + s);
        assertThat(read.messageKey()).isEqualTo("key " + s);
        assertThat(read.lastError()).isEqualTo("error " + s);
        assertThat(read.checkpoint()).isEqualTo(checkpoint);
      }
    }

    @Test
    void remapAndWaitingBehindMatchOddFoldersExactly() {
      String folder = "x';DROP TABLE ferry_accounts;-- 100%_ 😀";
      MessageRef from = new MessageRef("acct", folder, UIDV, 5, null);
      MessageRef lookalike = new MessageRef("acct", folder.replace("%", "x"), UIDV, 5, null);
      PendingOperation move = store.queue(Operation.move(from, "Archive/" + folder));
      PendingOperation later = store.queue(Operation.markRead(from));
      PendingOperation other = store.queue(Operation.markRead(lookalike));
      Claim first = store.claim("acct", "w1", LEASE, 1).orElseThrow();
      store.reschedule(first.lease(), move.id(), START.plusSeconds(60), "busy");
      store.release(first.lease());

      // The move waits for its retry, so the mark-read on the same message waits behind it; the
      // look-alike folder is another message.
      Claim second = claim("acct");
      assertThat(ids(second.operations())).containsExactly(other.id());

      MessageRef to = new MessageRef("acct", "Archive/" + folder, 9, 77, null);
      assertThat(store.remap(second.lease(), from, to)).isEqualTo(2);
      assertThat(store.get(later.id()).orElseThrow().message().folder())
          .isEqualTo("Archive/" + folder);
      assertThat(store.get(other.id()).orElseThrow().message()).isEqualTo(lookalike);
    }

    @Test
    void pauseReasonsAndAccountKeysRoundTripExactly() {
      for (String s : odd) {
        String account = "acct " + s;
        store.queue(Operation.markRead(msg(account, 1)));
        Lease lease = claim(account).lease();
        store.pauseAccount(lease, START.plusSeconds(30), "reason " + s);
      }
      assertThat(store.pausedAccounts()).hasSize(odd.size());
      for (String s : odd) {
        assertThat(store.pausedAccounts()).containsEntry("acct " + s, START.plusSeconds(30));
        assertThat(store.resumeAccount("acct " + s)).isTrue();
      }
      assertThat(store.pausedAccounts()).isEmpty();
    }
  }

  @Nested
  class UnreadableRows {
    @Test
    void claimFailsUnreadableRowsNamingTheProblemAndHandsOutTheOthers() throws Exception {
      PendingOperation good1 = store.queue(Operation.markRead(msg("acct", 1)));
      PendingOperation unknownKind = store.queue(Operation.markRead(msg("acct", 2)));
      PendingOperation negativeUid = store.queue(Operation.markRead(msg("acct", 3)));
      PendingOperation badCheckpoint = store.queue(Operation.move(msg("acct", 4), "Archive"));
      PendingOperation good2 = store.queue(Operation.flag(msg("acct", 5)));
      corrupt("kind = 'ARCHIVE_FOREVER'", unknownKind.id());
      corrupt("uid = -3", negativeUid.id());
      corrupt("checkpoint = 'v9&garbage'", badCheckpoint.id());

      Claim claim = claim("acct");

      assertThat(ids(claim.operations())).containsExactly(good1.id(), good2.id());
      assertFailedWith(unknownKind.id(), "unknown operation kind: 'ARCHIVE_FOREVER'");
      assertFailedWith(negativeUid.id(), "uid must be positive: -3");
      assertFailedWith(badCheckpoint.id(), "checkpoint: unknown version 'v9'");
      assertThat(store.countByStatus("acct"))
          .containsEntry(OperationStatus.FAILED, 3L)
          .containsEntry(OperationStatus.IN_FLIGHT, 2L);
    }

    @Test
    void claimFailsFlagChangesWhosePayloadDoesNotReadAndHandsOutTheOthers() throws Exception {
      PendingOperation good = store.queue(Operation.markJunk(msg("acct", 1)));
      PendingOperation garbage = store.queue(Operation.markRead(msg("acct", 2)));
      PendingOperation deleted = store.queue(Operation.markRead(msg("acct", 3)));
      PendingOperation none = store.queue(Operation.markRead(msg("acct", 4)));
      PendingOperation moveWithPayload = store.queue(Operation.move(msg("acct", 5), "Archive"));
      // Bind values: a backslash in a MariaDB string literal is an escape.
      String setPayload = "UPDATE ferry_operations SET payload = ? WHERE id = ?";
      assertThat(sql(setPayload, "garbage", garbage.id())).isEqualTo(1);
      assertThat(sql(setPayload, "+Work +\\Deleted", deleted.id())).isEqualTo(1);
      corrupt("payload = NULL", none.id());
      assertThat(sql(setPayload, "+$Junk", moveWithPayload.id())).isEqualTo(1);

      Claim claim = claim("acct");

      assertThat(claim.operations())
          .singleElement()
          .satisfies(op -> assertThat(op.operation()).isEqualTo(good.operation()));
      assertFailedWith(garbage.id(), "flag delta 'garbage' is malformed");
      assertFailedWith(deleted.id(), "\\Deleted cannot be changed by a flag change");
      assertFailedWith(none.id(), "FLAGS needs its flag delta");
      assertFailedWith(moveWithPayload.id(), "payload must be null for MOVE");
    }

    @Test
    void anUnreadableRowDoesNotTakeTheOnlyPlaceOfAClaim() throws Exception {
      PendingOperation bad = store.queue(Operation.markRead(msg("acct", 1)));
      PendingOperation good = store.queue(Operation.markRead(msg("acct", 2)));
      corrupt("kind = 'NOPE'", bad.id());

      Claim claim = store.claim("acct", "w1", LEASE, 1).orElseThrow();

      assertThat(ids(claim.operations())).containsExactly(good.id());
    }

    @Test
    void getOfAnUnreadableRowNamesTheRowAndTheProblem() throws Exception {
      PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));
      corrupt("uid_validity = 0", op.id());

      assertThatThrownBy(() -> store.get(op.id()))
          .isInstanceOf(CorruptOperationException.class)
          .hasMessageContaining("operation " + op.id())
          .hasMessageContaining("uidValidity must be positive");
    }

    @Test
    void listingsLeaveUnreadableRowsOutWithoutLosingThePageAfter() throws Exception {
      List<PendingOperation> ops = new ArrayList<>();
      for (int uid = 1; uid <= 5; uid++) {
        ops.add(store.queue(Operation.markRead(msg("acct", uid))));
      }
      corrupt("kind = 'NOPE'", ops.get(1).id());
      corrupt("kind = 'NOPE'", ops.get(2).id());

      Page<PendingOperation> first = store.getPending("acct", PageRequest.first(3));
      assertThat(ids(first.items())).containsExactly(ops.get(0).id());
      assertThat(first.next()).isPresent();
      Page<PendingOperation> second = store.getPending("acct", first.next().orElseThrow());
      assertThat(ids(second.items())).containsExactly(ops.get(3).id(), ops.get(4).id());
      assertThat(second.next()).isEmpty();
    }

    private void corrupt(String assignment, long id) throws SQLException {
      assertThat(sql("UPDATE ferry_operations SET " + assignment + " WHERE id = ?", id))
          .isEqualTo(1);
    }

    private void assertFailedWith(long id, String problem) throws SQLException {
      assertThat(queryString("SELECT status FROM ferry_operations WHERE id = ?", id))
          .isEqualTo("FAILED");
      assertThat(queryString("SELECT last_error FROM ferry_operations WHERE id = ?", id))
          .contains("operation " + id)
          .contains(problem);
      assertThat(queryString("SELECT lease_token FROM ferry_operations WHERE id = ?", id)).isNull();
    }
  }

  @Nested
  class Schema {
    /** How many migrations a new schema runs. */
    /** The statuses Ferry 0.1 wrote (CONFLICT came later). */
    static final List<OperationStatus> OLD_STATUSES =
        List.of(
            OperationStatus.PENDING,
            OperationStatus.IN_FLIGHT,
            OperationStatus.COMPLETED,
            OperationStatus.FAILED,
            OperationStatus.CANCELLED);

    static final int MIGRATIONS = io.github.ferrymail.queue.jdbc.internal.Migrations.SCRIPTS.size();

    @Test
    void migratingAgainIsANoOp() {
      PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));

      assertThat(store.migrate()).isZero();
      assertThat(scratch.migratedStore(clock).migrate()).isZero();

      assertThat(store.get(op.id())).contains(op);
    }

    @Test
    void instancesMigratingANewSchemaAtTheSameMomentAllSucceed() throws Exception {
      try (Scratch fresh = database().create()) {
        List<JooqPendingOperationStore> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          instances.add(fresh.store(clock, JooqPendingOperationStore.DEFAULT_TABLE_PREFIX));
        }
        java.util.concurrent.CyclicBarrier start =
            new java.util.concurrent.CyclicBarrier(instances.size());
        java.util.concurrent.ExecutorService threads =
            java.util.concurrent.Executors.newFixedThreadPool(instances.size());
        try {
          List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
          for (JooqPendingOperationStore instance : instances) {
            runs.add(
                threads.submit(
                    () -> {
                      start.await();
                      return instance.migrate();
                    }));
          }
          int applied = 0;
          for (java.util.concurrent.Future<Integer> run : runs) {
            applied += run.get(2, java.util.concurrent.TimeUnit.MINUTES);
          }
          assertThat(applied).as("every migration ran once").isEqualTo(MIGRATIONS);
        } finally {
          threads.shutdownNow();
        }
        PendingOperation op = instances.get(3).queue(Operation.markRead(msg("acct", 1)));
        assertThat(instances.get(0).get(op.id())).contains(op);
      }
    }

    @Test
    void twoPrefixesLiveSideBySideNextToTheEmbeddersTables() throws Exception {
      createAppTable();
      JooqPendingOperationStore other = scratch.store(clock, "ferry_tenant2_");

      assertThat(other.migrate()).isEqualTo(MIGRATIONS);
      assertThat(other.migrate()).isZero();
      assertThat(store.migrate()).isZero();

      PendingOperation mine = store.queue(Operation.markRead(msg("acct", 1)));
      PendingOperation theirs = other.queue(Operation.flag(msg("acct", 1)));
      assertThat(ids(claim("acct").operations())).containsExactly(mine.id());
      assertThat(other.claim("acct", "w1", LEASE, 10).orElseThrow().operations())
          .containsExactly(other.get(theirs.id()).orElseThrow());
      assertThat(count("SELECT COUNT(*) FROM ferry_tenant2_operations")).isEqualTo(1);
      // Flyway quotes the history table's name: lower case on every database.
      assertThat(count("SELECT COUNT(*) FROM " + quoted("ferry_tenant2_schema_history")))
          .isPositive();
      assertThat(count("SELECT COUNT(*) FROM " + quoted("ferry_schema_history"))).isPositive();
    }

    @Test
    void aVersionFiveQueueWithPausedAndLeasedAccountsUpgradesToCountedPauses() throws Exception {
      try (Scratch old = database().create()) {
        JooqPendingOperationStore store =
            old.store(clock, JooqPendingOperationStore.DEFAULT_TABLE_PREFIX);
        io.github.ferrymail.queue.jdbc.internal.Migrations.migrateTo(
            old.pool(2), store.dialect(), "ferry_", "5");
        PendingOperation paused = store.queue(Operation.markRead(msg("paused", 1)));
        PendingOperation leased = store.queue(Operation.flag(msg("leased", 1)));
        // A pause as Ferry 0.2 before V6 wrote it (a V6 store would set the new column).
        try (Connection c = old.connect();
            java.sql.PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO ferry_accounts (account, paused_until, pause_reason)"
                        + " VALUES ('paused', ?, 'bad password')")) {
          insert.setObject(1, database().timestamp(START.plus(Duration.ofDays(1))));
          insert.executeUpdate();
          if (!c.getAutoCommit()) {
            c.commit();
          }
        }
        Claim held = store.claim("leased", "w1", LEASE, 10).orElseThrow();

        assertThat(store.migrate()).as("V6").isEqualTo(1);

        AccountPause pause = store.accountPauses().get("paused");
        assertThat(pause.reason()).isEqualTo("bad password");
        assertThat(pause.inARow()).as("a pause from before V6 is the first").isOne();
        assertThat(store.pausesInARow("paused")).isZero();
        assertThat(store.pausesInARow("leased")).isZero();
        store.complete(held.lease(), leased.id());
        assertThat(store.get(leased.id()).orElseThrow().status())
            .isEqualTo(OperationStatus.COMPLETED);
        assertThat(store.get(paused.id()).orElseThrow().status())
            .isEqualTo(OperationStatus.PENDING);
      }
    }

    @Test
    void aPopulatedVersionOneQueueUpgradesAndKeepsWorking() throws Exception {
      try (Scratch old = database().create()) {
        JooqPendingOperationStore store =
            old.store(clock, JooqPendingOperationStore.DEFAULT_TABLE_PREFIX);
        assertThat(
                io.github.ferrymail.queue.jdbc.internal.Migrations.migrateTo(
                    old.pool(2), store.dialect(), "ferry_", "1"))
            .isEqualTo(1);
        try (Connection c = old.connect();
            java.sql.PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO ferry_operations (account, kind, folder, uid_validity, uid,"
                        + " destination, status, attempts, created_at, next_attempt_at,"
                        + " finished_at) VALUES ('acct', ?, 'INBOX', 7, ?, ?, ?, 0, ?, ?, ?)")) {
          Object t = database().timestamp(clock.instant());
          Object[][] rows = {
            {"MOVE", 1, "Archive", "PENDING", null},
            {"MARK_READ", 2, null, "COMPLETED", t},
            {"FLAG", 3, null, "FAILED", t}
          };
          for (Object[] row : rows) {
            insert.setString(1, (String) row[0]);
            insert.setInt(2, (Integer) row[1]);
            insert.setString(3, (String) row[2]);
            insert.setString(4, (String) row[3]);
            insert.setObject(5, t);
            insert.setObject(6, t);
            if (row[4] == null) {
              insert.setNull(7, java.sql.Types.TIMESTAMP);
            } else {
              insert.setObject(7, row[4]);
            }
            insert.executeUpdate();
          }
          if (!c.getAutoCommit()) {
            c.commit();
          }
        }

        assertThat(store.migrate())
            .as("V2 and every later script upgrade the populated queue")
            .isEqualTo(MIGRATIONS - 1);

        assertThat(store.countByStatus("acct"))
            .containsEntry(OperationStatus.PENDING, 1L)
            .containsEntry(OperationStatus.COMPLETED, 1L)
            .containsEntry(OperationStatus.FAILED, 1L);
        assertThat(store.finishedSince("acct", 0, 10)).as("rows finished before 0.2").isEmpty();
        Claim claim = store.claim("acct", "w1", LEASE, 10).orElseThrow();
        PendingOperation move = claim.operations().get(0);
        MessageRef to = new MessageRef("acct", "Archive", 9, 4, null);
        store.completeMove(claim.lease(), move.id(), to);
        assertThat(store.finishedSince("acct", 0, 10))
            .singleElement()
            .satisfies(f -> assertThat(f.relocation().location().uid()).isEqualTo(4));
      }
    }

    /**
     * Rows of every 0.1 kind in every status, written by plain SQL into a schema at V3, read back
     * after V4 as the flag changes they stand for, each with its status, attempts, error, lease and
     * times as they were; moves keep their destination and checkpoint.
     */
    @Test
    void aPopulatedVersionThreeQueueUpgradesItsFlagRowsInEveryStatus() throws Exception {
      try (Scratch old = database().create()) {
        JooqPendingOperationStore store =
            old.store(clock, JooqPendingOperationStore.DEFAULT_TABLE_PREFIX);
        assertThat(
                io.github.ferrymail.queue.jdbc.internal.Migrations.migrateTo(
                    old.pool(2), store.dialect(), "ferry_", "3"))
            .isEqualTo(3);
        Map<String, Operation> meaning =
            Map.of(
                "MARK_READ", Operation.markRead(msg("acct", 1)),
                "MARK_UNREAD", Operation.markUnread(msg("acct", 1)),
                "FLAG", Operation.flag(msg("acct", 1)),
                "UNFLAG", Operation.unflag(msg("acct", 1)),
                "MOVE", Operation.move(msg("acct", 1), "Archive"),
                "MOVE_TO_TRASH", Operation.moveToTrash(msg("acct", 1)),
                "RESTORE", Operation.restore(msg("acct", 1), "INBOX"),
                "PERMANENT_DELETE", Operation.permanentDelete(msg("acct", 1)));
        List<OldRow> rows = new ArrayList<>();
        long uid = 1;
        for (String kind : meaning.keySet().stream().sorted().toList()) {
          for (OperationStatus status : OLD_STATUSES) {
            rows.add(new OldRow(kind, uid++, status));
          }
        }
        java.sql.Timestamp t = java.sql.Timestamp.from(clock.instant());
        Checkpoint checkpoint =
            new Checkpoint("INBOX", UIDV, "Archive", 9, 30, Map.of(1L, "<1@x>"));
        try (Connection c = old.connect();
            PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO ferry_operations (account, kind, folder, uid_validity, uid,"
                        + " message_id, destination, message_key, status, attempts, created_at,"
                        + " last_attempt_at, next_attempt_at, last_error, lease_token, checkpoint,"
                        + " finished_at) VALUES ('acct', ?, 'INBOX', ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?)")) {
          for (OldRow row : rows) {
            Operation op = meaning.get(row.kind());
            boolean finished = row.status().isTerminal();
            insert.setString(1, row.kind());
            insert.setLong(2, UIDV);
            insert.setLong(3, row.uid());
            insert.setString(4, "<" + row.uid() + "@example.com>");
            insert.setString(5, op.destination());
            insert.setString(6, "key-" + row.uid());
            insert.setString(7, row.status().name());
            insert.setInt(8, row.status() == OperationStatus.FAILED ? 3 : 1);
            setTime(insert, 9, store.dialect());
            setTime(insert, 10, store.dialect());
            setTime(insert, 11, store.dialect());
            insert.setString(12, "error of " + row.uid());
            insert.setString(13, row.status() == OperationStatus.IN_FLIGHT ? "lapsed-lease" : null);
            insert.setString(14, op.kind().isRelocation() ? checkpoint.encode() : null);
            if (finished) {
              setTime(insert, 15, store.dialect());
            } else {
              insert.setTimestamp(15, null);
            }
            insert.addBatch();
          }
          insert.executeBatch();
          if (!c.getAutoCommit()) {
            c.commit();
          }
        }

        assertThat(store.migrate())
            .as("V4 and every later script upgrade the populated queue")
            .isEqualTo(MIGRATIONS - 3);

        Map<String, PendingOperation> byKey = new java.util.HashMap<>();
        try (Connection c = old.connect();
            Statement select = c.createStatement();
            var ids = select.executeQuery("SELECT id FROM ferry_operations")) {
          while (ids.next()) {
            PendingOperation read = store.get(ids.getLong(1)).orElseThrow();
            byKey.put(read.messageKey(), read);
          }
        }
        assertThat(byKey).hasSize(rows.size());
        for (OldRow row : rows) {
          PendingOperation read = byKey.get("key-" + row.uid());
          Operation expected =
              meaning
                  .get(row.kind())
                  .withMessage(
                      new MessageRef(
                          "acct", "INBOX", UIDV, row.uid(), "<" + row.uid() + "@example.com>"));
          assertThat(read.operation()).as(row.toString()).isEqualTo(expected);
          assertThat(read.status()).as(row.toString()).isEqualTo(row.status());
          assertThat(read.attempts()).isEqualTo(row.status() == OperationStatus.FAILED ? 3 : 1);
          assertThat(read.lastError()).isEqualTo("error of " + row.uid());
          assertThat(read.createdAt()).isEqualTo(clock.instant());
          assertThat(read.finishedAt())
              .isEqualTo(row.status().isTerminal() ? clock.instant() : null);
          assertThat(read.checkpoint())
              .isEqualTo(expected.kind().isRelocation() ? checkpoint : null);
        }
        assertThat(queryString(old, "SELECT COUNT(*) FROM ferry_operations WHERE kind = 'FLAGS'"))
            .isEqualTo(Integer.toString(4 * OLD_STATUSES.size()));
        // The stored form itself, backslash and all (kinds in name order, five statuses each).
        String payloadOf = "SELECT payload FROM ferry_operations WHERE message_key = ?";
        assertThat(queryString(old, payloadOf, "key-1")).as("FLAG").isEqualTo("+\\Flagged");
        assertThat(queryString(old, payloadOf, "key-6")).as("MARK_READ").isEqualTo("+\\Seen");
        assertThat(queryString(old, payloadOf, "key-11")).as("MARK_UNREAD").isEqualTo("-\\Seen");
        assertThat(queryString(old, payloadOf, "key-36")).as("UNFLAG").isEqualTo("-\\Flagged");
        assertThat(queryString(old, payloadOf, "key-16")).as("MOVE").isNull();

        // The live rows run: the pending ones and those left in flight under a lapsed lease.
        Claim claim = store.claim("acct", "w1", LEASE, 100).orElseThrow();
        assertThat(claim.operations())
            .extracting(op -> op.status() + " " + op.messageKey())
            .hasSize(2 * meaning.size());
        assertThat(claim.operations())
            .filteredOn(op -> op.kind().isFlagChange())
            .extracting(op -> op.operation().payload())
            .containsExactlyInAnyOrder(
                "+\\Flagged",
                "+\\Flagged",
                "+\\Seen",
                "+\\Seen",
                "-\\Flagged",
                "-\\Flagged",
                "-\\Seen",
                "-\\Seen");
      }
    }

    private record OldRow(String kind, long uid, OperationStatus status) {}

    /**
     * The store's clock's instant, as the store writes it (MariaDB, SQLite: UTC wall-clock text).
     */
    private void setTime(PreparedStatement insert, int index, Dialect dialect) throws SQLException {
      if (dialect == Dialect.SQLITE) {
        insert.setObject(index, database().timestamp(clock.instant()));
      } else if (dialect == Dialect.MARIADB) {
        insert.setString(
            index,
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                .withZone(java.time.ZoneOffset.UTC)
                .format(clock.instant()));
      } else {
        insert.setTimestamp(index, java.sql.Timestamp.from(clock.instant()));
      }
    }

    private String queryString(Scratch on, String statement, Object... values) throws SQLException {
      try (Connection connection = on.connect();
          PreparedStatement prepared = connection.prepareStatement(statement)) {
        for (int i = 0; i < values.length; i++) {
          prepared.setObject(i + 1, values[i]);
        }
        try (var result = prepared.executeQuery()) {
          assertThat(result.next()).as(statement).isTrue();
          return result.getString(1);
        }
      }
    }

    @Test
    void theDdlGivesEmbeddersOwnMigrationsAWorkingSchema() throws Exception {
      String ddl = QueueSchema.ddl(store.dialect(), "own_");
      assertThat(ddl).doesNotContain("${").contains("own_operations").contains("own_accounts");

      try (Connection connection = scratch.connect();
          Statement statement = connection.createStatement()) {
        for (String part : ddl.split(";\\s*\\n")) {
          String sql = stripComments(part);
          if (!sql.isBlank()) {
            statement.execute(sql);
          }
        }
      }

      JooqPendingOperationStore own = scratch.store(clock, "own_");
      PendingOperation op = own.queue(Operation.move(msg("acct", 1), "Archive"));
      Claim claim = own.claim("acct", "w1", LEASE, 10).orElseThrow();
      assertThat(ids(claim.operations())).containsExactly(op.id());
      own.complete(claim.lease(), op.id());
      assertThat(own.get(op.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void theMigrationResourcesAreInTheJarWhereTheDocsSay() {
      List<String> resources = QueueSchema.migrationResources(store.dialect());

      String folder = "db/ferry/" + store.dialect().name().toLowerCase(java.util.Locale.ROOT);
      assertThat(resources)
          .containsExactly(
              folder + "/V1__create_queue.sql",
              folder + "/V2__batch_outcomes.sql",
              folder + "/V3__polling_indexes.sql",
              folder + "/V4__operation_payload.sql",
              folder + "/V5__folder_barrier.sql",
              folder + "/V6__pause_streak.sql");
      for (String resource : resources) {
        assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
      }
    }

    @Test
    void theDialectIsDetectedFromTheConnection() {
      JooqPendingOperationStore detected =
          JooqPendingOperationStore.builder(scratch.pool(1)).clock(clock).build();

      assertThat(detected.dialect()).isEqualTo(database().dialect);
      assertThat(detected.countByStatus(null)).containsEntry(OperationStatus.PENDING, 0L);
    }

    private String quoted(String name) {
      return database() == TestDatabase.MARIADB ? name : '"' + name + '"';
    }

    private String stripComments(String sql) {
      StringBuilder kept = new StringBuilder();
      for (String line : sql.split("\n")) {
        if (!line.strip().startsWith("--")) {
          kept.append(line).append('\n');
        }
      }
      return kept.toString().strip();
    }
  }

  @Nested
  class Time {
    /** In the JVM's zone (America/New_York in these tests) 02:30 on this day does not exist. */
    final Instant dstGap = Instant.parse("2026-03-08T02:30:00.123456789Z");

    @Test
    void timestampsAreStoredAsUtcWithMicroseconds() throws Exception {
      clock.set(dstGap);

      PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));

      Instant micros = Instant.parse("2026-03-08T02:30:00.123456Z");
      assertThat(op.createdAt()).isEqualTo(micros);
      assertThat(store.get(op.id())).contains(op);
      assertThat(utcText("created_at", op.id())).isEqualTo("2026-03-08 02:30:00.123456");
    }

    @Test
    void leaseAndRetryTimesComeFromTheStoreClockNotTheDatabase() throws Exception {
      clock.set(Instant.parse("2031-07-04T12:00:00Z"));
      PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));
      Claim claim = claim("acct");
      store.reschedule(claim.lease(), op.id(), Instant.parse("2031-07-04T12:05:00Z"), "busy");
      store.release(claim.lease());

      assertThat(utcText("next_attempt_at", op.id())).isEqualTo("2031-07-04 12:05:00.000000");
      assertThat(store.claim("acct", "w1", LEASE, 10).orElseThrow().operations()).isEmpty();
      clock.advance(Duration.ofMinutes(5));
      assertThat(ids(claim("acct").operations())).containsExactly(op.id());
    }

    @Test
    void instantsBeyondWhatTheDatabasesHoldAreRejectedByName() {
      PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));
      Claim claim = claim("acct");

      assertThatThrownBy(() -> store.reschedule(claim.lease(), op.id(), Instant.MAX, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nextAttemptAt");
      assertThatThrownBy(() -> store.pauseAccount(claim.lease(), Instant.MAX, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("until");
      assertThatThrownBy(() -> store.renew(claim.lease(), Duration.ofDays(10_000_000)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leaseDuration");
      assertThat(store.get(op.id()).orElseThrow().status()).isEqualTo(OperationStatus.IN_FLIGHT);
      assertThat(store.pruneFinished(Instant.MAX, 10)).isZero();
    }

    private String utcText(String column, long id) throws SQLException {
      String expression;
      switch (database()) {
        case H2:
          expression = "FORMATDATETIME(" + column + ", 'yyyy-MM-dd HH:mm:ss.SSSSSS', 'en', 'UTC')";
          break;
        case POSTGRESQL:
          expression = "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
          break;
        case MARIADB:
          expression = "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')";
          break;
        case SQLITE:
          // The column is that text already; typeof proves it is no number SQLite converted.
          expression = "CASE typeof(" + column + ") WHEN 'text' THEN " + column + " END";
          break;
        default:
          throw new AssertionError(database());
      }
      return queryString("SELECT " + expression + " FROM ferry_operations WHERE id = ?", id);
    }
  }

  @Nested
  class Bounds {
    @Test
    void valuesLongerThanTheirColumnsAreRejectedByNameBeforeAnythingIsWritten() {
      String longFolder = "F".repeat(1001);
      List<NewOperation> batch =
          List.of(
              NewOperation.of(Operation.markRead(msg("acct", 1))),
              NewOperation.of(
                  Operation.markRead(new MessageRef("acct", longFolder, UIDV, 2, null))));

      assertThatThrownBy(() -> store.queueAll(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("folder");
      assertThatThrownBy(() -> store.queue(Operation.markRead(msg("a".repeat(256), 1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account");
      assertThatThrownBy(
              () ->
                  store.queue(NewOperation.of(Operation.markRead(msg("acct", 1)), "k".repeat(256))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("messageKey");
      List<String> keywords = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        keywords.add("$keyword" + i);
      }
      Operation manyKeywords =
          Operation.changeFlags(
              msg("acct", 1), io.github.ferrymail.core.FlagDelta.of(keywords, List.of()));
      assertThatThrownBy(() -> store.queue(manyKeywords))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("FLAGS payload must be at most 4000 characters");
      assertThatThrownBy(() -> store.claim("acct", "w".repeat(256), LEASE, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("owner");
      assertThat(store.countByStatus(null).values()).allMatch(n -> n == 0L);
    }

    @Test
    void valuesAtTheirColumnsBoundsFit() {
      String folder = "😀".repeat(500);
      MessageRef ref = new MessageRef("a".repeat(255), folder, UIDV, 4_294_967_295L, null);
      PendingOperation op =
          store.queue(NewOperation.of(Operation.move(ref, "d".repeat(1000)), "k".repeat(255)));

      assertThat(store.get(op.id())).contains(op);
    }

    @Test
    void aLongErrorIsCutAtTwoThousandCharacters() {
      PendingOperation op = store.queue(Operation.markRead(msg("acct", 1)));
      Claim claim = claim("acct");

      store.fail(claim.lease(), op.id(), "é".repeat(5000));

      assertThat(store.get(op.id()).orElseThrow().lastError()).isEqualTo("é".repeat(2000));
    }
  }
}
