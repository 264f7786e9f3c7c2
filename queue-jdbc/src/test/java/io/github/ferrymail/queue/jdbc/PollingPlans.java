package io.github.ferrymail.queue.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.spi.Claim;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Not a test (the build never runs it): fills a scratch queue with many rows, times polling ({@code
 * accountsWithDueOperations}) and claiming through the store, and prints the plans of the
 * statements the store sent, run again under {@code EXPLAIN ANALYZE} (PostgreSQL, H2) or {@code
 * ANALYZE FORMAT=JSON} (MariaDB) and rolled back. docs/databases.md has the commands and results.
 *
 * <pre>
 * java -cp ... io.github.ferrymail.queue.jdbc.PollingPlans --db=postgresql --accounts=50 \
 *     --rows=1000000 [--runs=20] [--limit=16] [--keep=true] [--schema=ferry_p_x]
 * </pre>
 *
 * <p>The queue, per account and in queue order: the oldest tenth completed, then live operations
 * two per message (a flag, then a mark-read). One message in a hundred has its first operation
 * waiting for a retry a day away, so its second waits behind it. Accounts with {@code a % 25 == 5}
 * have every live operation waiting for a retry (their server is down); {@code a % 25 == 6} have
 * their older live half waiting (claims take the oldest first, so retries gather there). Account
 * rows: {@code a % 10 == 1} leased by another worker, {@code 2} paused, {@code 3} a lapsed lease
 * that left one message in a thousand in flight, {@code 4} free. With {@code --schema} the named
 * scratch schema (database on MariaDB, file on H2) is reused as filled before: migrated (an upgrade
 * of a populated queue, timed), not filled again; {@code --keep=true} leaves it in place.
 */
public final class PollingPlans {
  private static final DateTimeFormatter MARIADB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final Map<String, String> args;
  private final String db;
  private final int accounts;
  private final int rows;
  private final int runs;
  private final int limit;
  private final String schema;
  private final boolean reuse;

  private PollingPlans(Map<String, String> args) {
    this.args = args;
    this.db = arg("db", "postgresql");
    this.accounts = Integer.parseInt(arg("accounts", "50"));
    this.rows = Integer.parseInt(arg("rows", "1000000"));
    this.runs = Integer.parseInt(arg("runs", "20"));
    this.limit = Integer.parseInt(arg("limit", "16"));
    this.reuse = args.containsKey("schema");
    this.schema = arg("schema", TestDatabase.scratchName().replace("ferry_t_", "ferry_p_"));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String arg : argv) {
      String[] pair = arg.replaceFirst("^--", "").split("=", 2);
      args.put(pair[0], pair.length > 1 ? pair[1] : "true");
    }
    new PollingPlans(args).run();
  }

  private String arg(String name, String otherwise) {
    return args.getOrDefault(name, otherwise);
  }

  private void run() throws Exception {
    System.out.printf(
        "%s, %d rows, %d accounts, schema %s%s%n",
        db, rows, accounts, schema, reuse ? " (reused)" : "");
    if (!reuse) {
      admin("create");
    }
    try (HikariDataSource pool = FerryDataSources.hikari(url(), user(), password(), 4)) {
      RecordingDataSource recorder = new RecordingDataSource(pool);
      JooqPendingOperationStore store =
          JooqPendingOperationStore.builder(recorder.dataSource()).clock(Clock.systemUTC()).build();
      long started = System.nanoTime();
      int migrations = store.migrate();
      System.out.printf("migrate(): %d migration(s), %d ms%n", migrations, millis(started));
      if (!reuse) {
        fill(pool);
      }
      analyze(pool);
      measure(store, recorder, pool);
    } finally {
      if (!Boolean.parseBoolean(arg("keep", "false"))) {
        admin("drop");
        System.out.println("dropped " + schema);
      } else {
        System.out.println("kept " + schema);
      }
    }
  }

  private void measure(
      JooqPendingOperationStore store, RecordingDataSource recorder, HikariDataSource pool)
      throws Exception {
    uptime();
    Duration lease = Duration.ofMinutes(1);
    for (int i = 0; i < 3; i++) {
      store.accountsWithDueOperations(limit);
    }
    List<String> listed = store.accountsWithDueOperations(limit);
    System.out.printf("accountsWithDueOperations(%d) = %s%n", limit, listed);
    time(
        "accountsWithDueOperations(" + limit + ")",
        runs,
        () -> store.accountsWithDueOperations(limit).size());
    time(
        "accountsWithDueOperations(MAX_VALUE)",
        Math.max(3, runs / 4),
        () -> store.accountsWithDueOperations(Integer.MAX_VALUE).size());
    String account = listed.get(0);
    for (int i = 0; i < 2; i++) {
      store.release(store.claim(account, "plans", lease, 1000).orElseThrow().lease());
    }
    List<Long> claims = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long started = System.nanoTime();
      Claim claim = store.claim(account, "plans", lease, 1000).orElseThrow();
      claims.add(System.nanoTime() - started);
      store.release(claim.lease());
    }
    report("claim(" + account + ", 1000) + release (claim timed)", claims, "");
    uptime();

    recorder.start();
    store.accountsWithDueOperations(limit);
    List<RecordingDataSource.Statement> poll = recorder.stop();
    recorder.start();
    Claim claim = store.claim(account, "plans", lease, 1000).orElseThrow();
    List<RecordingDataSource.Statement> claimed = recorder.stop();
    System.out.printf("the claim took %d operation(s)%n", claim.operations().size());
    store.release(claim.lease());
    for (RecordingDataSource.Statement each : poll) {
      explain(pool, "polling", each);
    }
    for (RecordingDataSource.Statement each : claimed) {
      if (each.sql().toLowerCase(Locale.ROOT).contains("skip locked")) {
        explain(pool, "claim", each);
      }
    }
  }

  private static void time(String what, int times, Supplier<Integer> call) {
    List<Long> nanos = new ArrayList<>();
    int result = 0;
    for (int i = 0; i < times; i++) {
      long started = System.nanoTime();
      result = call.get();
      nanos.add(System.nanoTime() - started);
    }
    report(what, nanos, " -> " + result);
  }

  private static void report(String what, List<Long> nanos, String result) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%s%s: %d calls, median %.1f ms, min %.1f, max %.1f%n",
        what,
        result,
        sorted.length,
        sorted[sorted.length / 2] / 1e6,
        sorted[0] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private void explain(HikariDataSource pool, String what, RecordingDataSource.Statement statement)
      throws SQLException {
    System.out.printf("%n--- %s: %s%n--- binds: %s%n", what, statement.sql(), binds(statement));
    List<String> prefixes =
        switch (db) {
          case "postgresql" -> List.of("EXPLAIN (ANALYZE, BUFFERS) ");
          case "mariadb" -> List.of("ANALYZE FORMAT=JSON ");
          default -> List.of("EXPLAIN ANALYZE ");
        };
    for (String prefix : prefixes) {
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(false);
        try (PreparedStatement prepared = statement.prepare(connection, prefix);
            ResultSet result = prepared.executeQuery()) {
          System.out.println("--- " + prefix.strip());
          while (result.next()) {
            System.out.println(result.getString(1));
          }
        } finally {
          connection.rollback();
        }
      }
    }
  }

  private static String binds(RecordingDataSource.Statement statement) {
    List<String> values = new ArrayList<>();
    for (RecordingDataSource.Bind bind : statement.binds()) {
      values.add(String.valueOf(bind.args()[1]));
    }
    return String.join(", ", values);
  }

  /** Fills the queue with one INSERT ... SELECT from a series of numbers. */
  private void fill(HikariDataSource pool) throws SQLException {
    Instant now = Instant.now();
    Object created = time(now.minus(Duration.ofDays(1)));
    Object future = time(now.plus(Duration.ofDays(1)));
    Object lapsed = time(now.minus(Duration.ofHours(1)));
    int per = rows / accounts;
    String numbered =
        "(SELECT n, MOD(n - 1, %d) AS a, (n - 1 - MOD(n - 1, %d)) / %d AS k FROM %s) s1"
            .formatted(accounts, accounts, accounts, series(rows));
    String flagged =
        ("(SELECT n, a, k, m,"
                + " CASE WHEN k < %d THEN 1 ELSE 0 END AS done,"
                + " CASE WHEN MOD(a, 25) = 5 OR (MOD(a, 25) = 6 AND k < %d)"
                + "   OR (MOD(m, 100) = 7 AND MOD(k, 2) = 0) THEN 1 ELSE 0 END AS retry,"
                + " CASE WHEN MOD(a, 10) = 3 AND MOD(m, 1000) = 13 THEN 1 ELSE 0 END AS inflight"
                + " FROM (SELECT n, a, k, (k - MOD(k, 2)) / 2 AS m FROM %s) s2) s3")
            .formatted(per / 10, per / 2, numbered);
    String operations =
        "INSERT INTO ferry_operations (account, kind, folder, uid_validity, uid, status, attempts,"
            + " created_at, last_attempt_at, next_attempt_at, lease_token, finished_at)"
            + " SELECT CONCAT('acct-', a), CASE WHEN MOD(k, 2) = 0 THEN 'FLAG' ELSE 'MARK_READ' END,"
            + " 'INBOX', 1, m + 1,"
            + " CASE WHEN done = 1 THEN 'COMPLETED' WHEN retry = 1 THEN 'PENDING'"
            + "   WHEN inflight = 1 THEN 'IN_FLIGHT' ELSE 'PENDING' END,"
            + " CASE WHEN done = 0 AND retry = 1 THEN 1 ELSE 0 END,"
            + " ?, CASE WHEN done = 1 OR retry = 1 OR inflight = 1 THEN ? END,"
            + " CASE WHEN done = 0 AND retry = 1 THEN ? ELSE ? END,"
            + " CASE WHEN done = 0 AND retry = 0 AND inflight = 1 THEN 'lapsed' END,"
            + " CASE WHEN done = 1 THEN ? END"
            + " FROM "
            + flagged
            + " ORDER BY n";
    String accountRows =
        ("INSERT INTO ferry_accounts"
                + " (account, lease_owner, lease_token, lease_expires_at, paused_until, pause_reason)"
                + " SELECT CONCAT('acct-', a),"
                + " CASE WHEN MOD(a, 10) IN (1, 3) THEN 'other-worker' END,"
                + " CASE WHEN MOD(a, 10) = 1 THEN 'live' WHEN MOD(a, 10) = 3 THEN 'lapsed' END,"
                + " CASE WHEN MOD(a, 10) = 1 THEN ? WHEN MOD(a, 10) = 3 THEN ? END,"
                + " CASE WHEN MOD(a, 10) = 2 THEN ? END,"
                + " CASE WHEN MOD(a, 10) = 2 THEN 'bad password' END"
                + " FROM (SELECT n - 1 AS a FROM %s) s WHERE MOD(a, 10) IN (1, 2, 3, 4)")
            .formatted(series(accounts));
    long started = System.nanoTime();
    try (Connection connection = pool.getConnection()) {
      execute(connection, operations, created, created, future, created, created);
      execute(connection, accountRows, future, lapsed, future);
    }
    System.out.printf("filled in %d ms%n", millis(started));
  }

  private void analyze(HikariDataSource pool) throws SQLException {
    long started = System.nanoTime();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql :
          switch (db) {
            case "postgresql" ->
                List.of("VACUUM ANALYZE ferry_operations", "ANALYZE ferry_accounts");
            case "mariadb" -> List.of("ANALYZE TABLE ferry_operations, ferry_accounts");
            default -> List.of("ANALYZE");
          }) {
        statement.execute(sql);
      }
      try (ResultSet counts =
          statement.executeQuery(
              "SELECT status, COUNT(*) FROM ferry_operations GROUP BY status ORDER BY status")) {
        StringBuilder line = new StringBuilder("statistics refreshed; rows by status:");
        while (counts.next()) {
          line.append(' ').append(counts.getString(1)).append('=').append(counts.getLong(2));
        }
        System.out.printf("%s (%d ms)%n", line, millis(started));
      }
    }
  }

  private static void execute(Connection connection, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement prepared = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        prepared.setObject(i + 1, values[i]);
      }
      prepared.executeUpdate();
    }
  }

  private Object time(Instant instant) {
    return db.equals("mariadb") ? MARIADB_TIME.format(instant) : instant.atOffset(ZoneOffset.UTC);
  }

  private String series(int count) {
    return switch (db) {
      case "postgresql" -> "generate_series(1, %d) AS g(n)".formatted(count);
      case "mariadb" -> "(SELECT seq AS n FROM seq_1_to_%d) g".formatted(count);
      default -> "(SELECT X AS n FROM SYSTEM_RANGE(1, %d)) g".formatted(count);
    };
  }

  private String url() {
    return switch (db) {
      case "postgresql" -> "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema;
      case "mariadb" -> "jdbc:mariadb://127.0.0.1:3306/" + schema;
      case "h2" -> "jdbc:h2:/tmp/" + schema;
      default -> throw new IllegalArgumentException("--db: postgresql, mariadb or h2");
    };
  }

  private String user() {
    return switch (db) {
      case "postgresql" -> "postgres";
      case "mariadb" -> "root";
      default -> "sa";
    };
  }

  private static String password() {
    return "";
  }

  private void admin(String what) throws SQLException {
    boolean create = what.equals("create");
    switch (db) {
      case "postgresql" ->
          exec(
              "jdbc:postgresql://127.0.0.1:5432/test",
              create ? "CREATE SCHEMA " + schema : "DROP SCHEMA " + schema + " CASCADE");
      case "mariadb" ->
          exec(
              "jdbc:mariadb://127.0.0.1:3306/",
              (create ? "CREATE DATABASE " : "DROP DATABASE ") + schema);
      default -> {
        if (!create) {
          exec(url(), "DROP ALL OBJECTS DELETE FILES");
        }
      }
    }
  }

  private void exec(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user(), password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void uptime() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("uptime").redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    System.out.print("uptime: " + out);
  }

  private static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
