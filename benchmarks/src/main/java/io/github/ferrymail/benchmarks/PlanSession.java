package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.Outcome;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One database of {@link QueryPlansBench}: fills the queue, then captures, explains and times the
 * poll and the claim without statistics and after {@code ANALYZE}, and a {@code saveCheckpoint} and
 * a {@code record} of a batch.
 */
final class PlanSession {
  private static final String OWNER = "query-plans-bench";
  private static final Duration LEASE = Duration.ofMinutes(10);

  /** Accounts claimed (their operations in flight) while the polls are explained a second time. */
  static final int HELD = 4;

  private final ScratchDatabase db;
  private final int rows;
  private final int accounts;
  private final int pollLimit;
  private final int claimLimit;
  private final int batch;
  private final int runs;
  private final Duration slow;
  private final PrintStream out;
  private final StatementRecorder recorder;
  private final JooqPendingOperationStore store;
  private final PlanPrinter printer;
  private final String label;

  /** The figures of one database, for the summary table. */
  record Summary(
      String database,
      double fillSeconds,
      double analyzeMillis,
      double pollWindowMillis,
      double pollScanMillis,
      double pollWindowClaimedMillis,
      double pollScanClaimedMillis,
      double claimMillis,
      int claimed,
      double checkpointMillis,
      double recordMillis) {}

  PlanSession(
      ScratchDatabase db,
      int rows,
      int accounts,
      int pollLimit,
      int claimLimit,
      int batch,
      int runs,
      Duration slow,
      int timeoutSeconds,
      PrintStream out) {
    this.db = db;
    this.rows = rows;
    this.accounts = accounts;
    this.pollLimit = pollLimit;
    this.claimLimit = claimLimit;
    this.batch = batch;
    this.runs = runs;
    this.slow = slow;
    this.out = out;
    this.recorder = new StatementRecorder(db.dataSource(), timeoutSeconds);
    this.store = JooqPendingOperationStore.builder(recorder.dataSource()).build();
    this.printer =
        new PlanPrinter(
            new PlanExplainer(db.dataSource(), "EXPLAIN ", timeoutSeconds),
            db.kind(),
            runs,
            slow,
            out);
    this.label = db.kind().label();
  }

  Summary run(boolean withoutStatistics) throws Exception {
    out.printf("%n## %s: %d operations, %d accounts%n%n", label, rows, accounts);
    out.println("Start " + Instant.now() + ": " + Machine.describe());
    store.migrate();
    String prefix = store.tablePrefix();
    if (db.kind() == ScratchDatabase.Kind.POSTGRESQL) {
      // Without statistics means without: autovacuum would analyze the table a minute after
      // the load. Turned back on after the explicit ANALYZE.
      execute(
          "ALTER TABLE " + prefix + "operations SET (autovacuum_enabled = false)",
          "ALTER TABLE " + prefix + "accounts SET (autovacuum_enabled = false)");
    }
    Instant base = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    SyntheticQueue queue = new SyntheticQueue(db.kind(), prefix, rows, accounts, base);
    Duration fill = queue.fill(db.dataSource());
    out.printf(
        Locale.ROOT,
        "%nFilled in %.1f s (%.0f rows/s), %d statements of up to %d rows.%n",
        Measurements.seconds(fill),
        rows / Measurements.seconds(fill),
        (rows + SyntheticQueue.ROWS_PER_STATEMENT - 1) / SyntheticQueue.ROWS_PER_STATEMENT,
        SyntheticQueue.ROWS_PER_STATEMENT);
    out.println("Sample INSERT (first chunk):");
    out.printf(
        "%n```sql%n%s;%n%s;%n```%n",
        queue.insertOperations(1, Math.min(rows, SyntheticQueue.ROWS_PER_STATEMENT)),
        queue.insertAccounts());
    out.println(new QueueFillCheck(queue, rows, accounts, base).check(store));
    String account = SyntheticQueue.account(0);
    int claimable = Math.min(claimLimit, queue.claimableOf(0));
    if (withoutStatistics) {
      out.printf("%n### %s, without statistics%n%n", label);
      out.println("Statistics: " + statistics(prefix));
      explainPolls(0, "");
      explainClaim(account, claimable);
    }
    String[] analyze = queue.analyze();
    Duration analyzed = Measurements.time(() -> execute(analyze));
    if (db.kind() == ScratchDatabase.Kind.POSTGRESQL) {
      execute(
          "ALTER TABLE " + prefix + "operations RESET (autovacuum_enabled)",
          "ALTER TABLE " + prefix + "accounts RESET (autovacuum_enabled)");
    }
    out.printf("%n### %s, after %s%n%n", label, String.join("; ", analyze));
    out.printf(Locale.ROOT, "%s took %.0f ms.%n", String.join("; ", analyze), millis(analyzed));
    out.println("Statistics: " + statistics(prefix));
    double[] polls = explainPolls(0, "");
    double claimMillis = explainClaim(account, claimable);
    double[] pollsWhileClaimed = explainPollsWhileClaimed(HELD, claimable);
    if (db.kind() == ScratchDatabase.Kind.MARIADB) {
      // MariaDB's plain ANALYZE TABLE refreshes InnoDB's sampled index statistics only; with
      // use_stat_tables = PREFERABLY_FOR_QUERIES (the default) the column statistics and
      // histograms that optimizer_use_condition_selectivity = 4 uses need PERSISTENT FOR ALL.
      String histograms = "ANALYZE TABLE " + prefix + "operations PERSISTENT FOR ALL";
      Duration took = Measurements.time(() -> execute(histograms));
      out.printf("%n### %s, after %s%n%n", label, histograms);
      out.printf(Locale.ROOT, "%s took %.0f ms.%n", histograms, millis(took));
      out.println("Statistics: " + statistics(prefix));
      explainPolls(0, ", with histograms");
      explainClaim(account, claimable);
    }
    double[] writes = explainWrites(account, claimable);
    out.println();
    out.println("End " + Instant.now() + ": " + Machine.describe());
    return new Summary(
        label,
        Measurements.seconds(fill),
        millis(analyzed),
        polls[0],
        polls[1],
        pollsWhileClaimed[0],
        pollsWhileClaimed[1],
        claimMillis,
        claimable,
        writes[0],
        writes[1]);
  }

  /** The modes of this database, with PostgreSQL's generic plan. */
  private List<PlanPrinter.Mode> pollAndClaimModes() {
    List<PlanPrinter.Mode> modes = new ArrayList<>(printer.modes());
    if (db.kind() == ScratchDatabase.Kind.POSTGRESQL) {
      modes.add(PlanPrinter.genericPlan());
    }
    return modes;
  }

  /**
   * The poll, window and scan, while the first {@code held} accounts are leased (their operations
   * in flight); returns the calls' medians in ms.
   */
  private double[] explainPolls(int held, String title) throws Exception {
    List<String> expectedWindow = new ArrayList<>();
    for (int a = held; a < Math.min(held + pollLimit, accounts); a++) {
      expectedWindow.add(SyntheticQueue.account(a));
    }
    double window =
        explainPoll(
            "accountsWithDueOperations(" + pollLimit + ")",
            "poll(" + pollLimit + ")" + title,
            title,
            pollLimit,
            found -> expect("poll of " + pollLimit, expectedWindow, found));
    double scan =
        explainPoll(
            "accountsWithDueOperations(Integer.MAX_VALUE), the scan of every account",
            "poll(MAX)" + title,
            title,
            Integer.MAX_VALUE,
            found -> {
              if (found.size() != accounts - held
                  || !found.get(0).equals(SyntheticQueue.account(held))) {
                throw new IllegalStateException("the scan found " + found.size() + " accounts");
              }
            });
    return new double[] {window, scan};
  }

  /**
   * One poll: captured, checked, timed and explained; returns its median in ms, or NaN when it did
   * not finish within the statement timeout (then explained without running it again).
   */
  private double explainPoll(
      String what,
      String label,
      String title,
      int limit,
      java.util.function.Consumer<List<String>> check)
      throws Exception {
    long start = System.nanoTime();
    var poll = recorder.record(false, () -> store.accountsWithDueOperations(limit));
    double first = (System.nanoTime() - start) / 1e6;
    if (poll.failure() != null) {
      out.printf(
          Locale.ROOT,
          "%n#### Poll%s, %s: did not return, failed after %.0f ms: %s%n",
          title,
          what,
          first,
          rootMessage(poll.failure()));
      printer.print(label, poll.statements(), pollAndClaimModes(), false);
      return Double.NaN;
    }
    check.accept(poll.result());
    Measurements calls = timeCalls(() -> store.accountsWithDueOperations(limit));
    out.printf(
        Locale.ROOT,
        "%n#### Poll%s, %s: %s (the first, recorded, %.1f ms), %d accounts, %d statement(s)%n",
        title,
        what,
        describe(calls),
        first,
        poll.result().size(),
        poll.statements().size());
    printer.print(label, poll.statements(), pollAndClaimModes());
    return millis(calls.median());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String root = String.valueOf(t).split("\n", 2)[0];
    if (root.length() > 200) {
      root = root.substring(0, 200) + "...";
    }
    return e.getMessage() + (t == e ? "" : " (" + root + ")");
  }

  /** The polls while {@code held} accounts are claimed and their operations in flight. */
  private double[] explainPollsWhileClaimed(int held, int claimable) throws Exception {
    List<Claim> claims = new ArrayList<>();
    try {
      for (int a = 0; a < held; a++) {
        claims.add(store.claim(SyntheticQueue.account(a), OWNER, LEASE, claimLimit).orElseThrow());
      }
      int inFlight = claims.stream().mapToInt(c -> c.operations().size()).sum();
      out.printf(
          Locale.ROOT,
          "%n#### While %d accounts are claimed (%s to %s, %d operations in flight)%n",
          held,
          SyntheticQueue.account(0),
          SyntheticQueue.account(held - 1),
          inFlight);
      return explainPolls(held, ", " + held + " accounts claimed");
    } finally {
      for (Claim c : claims) {
        store.release(c.lease());
      }
    }
  }

  /** A claim; returns the call's median in ms. */
  private double explainClaim(String account, int claimable) throws Exception {
    long start0 = System.nanoTime();
    var claim =
        recorder.record(true, () -> store.claim(account, OWNER, LEASE, claimLimit).orElseThrow());
    double first = (System.nanoTime() - start0) / 1e6;
    if (claim.failure() != null) {
      out.printf(
          Locale.ROOT,
          "%n#### Claim, claim(%s, ..., %d): failed after %.0f ms: %s%n",
          account,
          claimLimit,
          first,
          rootMessage(claim.failure()));
      printer.print("claim", claim.statements(), pollAndClaimModes(), false);
      return Double.NaN;
    }
    expectClaimed(claim.result(), claimable);
    Measurements claims = new Measurements();
    for (int i = 0; i < runs && !claims.anyLongerThan(slow); i++) {
      long start = System.nanoTime();
      Claim c = store.claim(account, OWNER, LEASE, claimLimit).orElseThrow();
      claims.add(Duration.ofNanos(System.nanoTime() - start));
      expectClaimed(c, claimable);
      store.release(c.lease());
    }
    out.printf(
        Locale.ROOT,
        "%n#### Claim, claim(%s, ..., %d): %d operations; %s, each released untimed;"
            + " %d statement(s)%n",
        account,
        claimLimit,
        claimable,
        describe(claims),
        claim.statements().size());
    printer.print("claim", claim.statements(), pollAndClaimModes());
    return millis(claims.median());
  }

  /** A saveCheckpoint and a record of {@code batch} completions; returns their times in ms. */
  private double[] explainWrites(String account, int claimable) throws Exception {
    Claim claim = store.claim(account, OWNER, LEASE, claimLimit).orElseThrow();
    expectClaimed(claim, claimable);
    List<Long> ids = new ArrayList<>();
    for (PendingOperation op : claim.operations().subList(0, Math.min(batch, claimable))) {
      ids.add(op.id());
    }
    Checkpoint checkpoint =
        new Checkpoint(
            "INBOX",
            SyntheticQueue.UID_VALIDITY,
            "Archive",
            SyntheticQueue.UID_VALIDITY + 1,
            5000,
            Map.of());
    var saved =
        recorder.record(
            true,
            () -> {
              store.saveCheckpoint(claim.lease(), ids, checkpoint);
              return null;
            });
    Measurements checkpointed =
        timeCalls(
            () -> {
              store.saveCheckpoint(claim.lease(), ids, checkpoint);
              return null;
            });
    out.printf(
        Locale.ROOT,
        "%n#### saveCheckpoint of %d operations: %s, %d statement(s)%n",
        ids.size(),
        describe(checkpointed),
        saved.statements().size());
    double checkpointMillis = millis(checkpointed.median());
    printer.print("saveCheckpoint", saved.statements(), printer.modes());

    List<Outcome> outcomes = new ArrayList<>();
    for (long id : ids) {
      outcomes.add(Outcome.completed(id));
    }
    var recorded = recorder.record(true, () -> store.record(claim.lease(), outcomes));
    out.printf(
        Locale.ROOT,
        "%n#### record of %d completions: %d statement(s)%n",
        outcomes.size(),
        recorded.statements().size());
    // Explained and timed (rolled back) while the operations are still in flight; then once for
    // real.
    printer.print("record", recorded.statements(), printer.modes());
    long start = System.nanoTime();
    store.record(claim.lease(), outcomes);
    double recordMillis = (System.nanoTime() - start) / 1e6;
    store.release(claim.lease());
    out.printf(
        Locale.ROOT,
        "%nrecord of %d completions, the real call: %.1f ms (one call, committed)%n",
        outcomes.size(),
        recordMillis);
    return new double[] {checkpointMillis, recordMillis};
  }

  private void expectClaimed(Claim claim, int claimable) {
    if (claim.operations().size() != claimable) {
      throw new IllegalStateException(
          "claimed " + claim.operations().size() + " operations, meant " + claimable);
    }
  }

  private static void expect(String what, List<String> expected, List<String> actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException(what + " found " + actual + ", meant " + expected);
    }
  }

  private <T> Measurements timeCalls(java.util.concurrent.Callable<T> call) throws Exception {
    Measurements m = new Measurements();
    for (int i = 0; i < runs && !m.anyLongerThan(slow); i++) {
      long start = System.nanoTime();
      call.call();
      m.add(Duration.ofNanos(System.nanoTime() - start));
    }
    return m;
  }

  private static String describe(Measurements m) {
    return String.format(
        Locale.ROOT,
        "%.1f ms median of %d calls (%s ms)",
        millis(m.median()),
        m.count(),
        m.runsInMillis());
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  /** What the planner knows of the operations table. */
  private String statistics(String prefix) throws SQLException {
    String ops = prefix + "operations";
    switch (db.kind()) {
      case POSTGRESQL:
        return query(
            "SELECT 'reltuples=' || c.reltuples || ', relpages=' || c.relpages"
                + " || ', columns with pg_stats=' || (SELECT count(*) FROM pg_stats s"
                + " WHERE s.schemaname = current_schema() AND s.tablename = '"
                + ops
                + "') || ', last analyze=' || coalesce(t.last_analyze::text, 'never')"
                + " || ', last autoanalyze=' || coalesce(t.last_autoanalyze::text, 'never')"
                + " FROM pg_class c JOIN pg_stat_user_tables t ON t.relid = c.oid"
                + " WHERE c.oid = '"
                + ops
                + "'::regclass");
      case MARIADB:
        return query(
            "SELECT CONCAT('InnoDB index cardinality: ', GROUP_CONCAT(CONCAT(index_name, '(',"
                + " column_name, ')=', COALESCE(cardinality, 'NULL')) ORDER BY index_name,"
                + " seq_in_index SEPARATOR ', '), '; engine-independent column statistics: ',"
                + " (SELECT COUNT(*) FROM mysql.column_stats WHERE db_name = DATABASE()"
                + " AND table_name = '"
                + ops
                + "')) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = '"
                + ops
                + "'");
      default:
        return query(
            "SELECT 'INFORMATION_SCHEMA.COLUMNS.SELECTIVITY: ' || LISTAGG(COLUMN_NAME || '='"
                + " || COALESCE(CAST(SELECTIVITY AS VARCHAR), 'NULL'), ', ') FROM"
                + " INFORMATION_SCHEMA.COLUMNS WHERE LOWER(TABLE_NAME) = '"
                + ops
                + "'");
    }
  }

  private String query(String sql) {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(0);
      ResultSet rs = s.executeQuery(sql);
      return rs.next() ? rs.getString(1) : "(nothing)";
    } catch (SQLException e) {
      return "(could not read: " + e.getMessage() + ")";
    }
  }

  private void execute(String... sqls) throws SQLException {
    DataSource ds = db.dataSource();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(0);
      for (String sql : sqls) {
        s.execute(sql);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }
}
