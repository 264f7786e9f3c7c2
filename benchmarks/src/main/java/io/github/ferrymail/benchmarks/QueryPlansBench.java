package io.github.ferrymail.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query plans of the store's polling and claiming on a large queue: per database of {@code
 * --databases} (default PostgreSQL, MariaDB, H2 in a file), a scratch database migrated by the
 * store and filled with {@code --rows} operations (default 1,000,000) over {@code --accounts}
 * accounts (default 1,000) by set-based SQL ({@link SyntheticQueue}, checked by {@link
 * QueueFillCheck}); then the exact statements the store sends for {@code
 * accountsWithDueOperations(--poll-limit)} (default 16, the background poller's with 4 workers),
 * {@code accountsWithDueOperations(Integer.MAX_VALUE)} (the scan of every account) and {@code
 * claim(account, ..., --claim-limit)} (default 1,000) are captured ({@link StatementRecorder}),
 * replayed with the same binds under {@code EXPLAIN ANALYZE} in rolled-back transactions and timed
 * ({@link PlanPrinter}), first without statistics ({@code --without-statistics=true}), then after
 * {@code ANALYZE}; then a {@code saveCheckpoint} and a {@code record} of {@code --batch} (default
 * 500) operations. Every call and statement is timed {@code --runs} times (default 5), fewer after
 * a run longer than {@code --slow-s} seconds (default 20); a statement still running after {@code
 * --statement-timeout-s} seconds (default 600) is cancelled, reported, and explained without
 * running it. Prints Markdown.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ferrymail.benchmarks.QueryPlansBench \
 *     [--databases=postgresql,mariadb,h2-file] [--rows=1000000] [--accounts=1000] \
 *     [--poll-limit=16] [--claim-limit=1000] [--batch=500] \
 *     [--runs=5] [--slow-s=20] [--statement-timeout-s=600] [--without-statistics=true] \
 *     [--pg-url=...] [--mariadb-url=...]
 * </pre>
 */
public final class QueryPlansBench {
  private QueryPlansBench() {}

  /**
   * Runs the bench.
   *
   * @param args options, see the class description
   */
  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    String databases = options.string("databases", "postgresql,mariadb,h2-file");
    int rows = options.positiveInt("rows", 1_000_000);
    int accounts = options.positiveInt("accounts", 1_000);
    int pollLimit = options.positiveInt("poll-limit", 16);
    int claimLimit = options.positiveInt("claim-limit", 1_000);
    int batch = options.positiveInt("batch", 500);
    int runs = options.positiveInt("runs", 5);
    Duration slow = Duration.ofSeconds(options.positiveInt("slow-s", 20));
    int timeout = options.positiveInt("statement-timeout-s", 600);
    boolean withoutStatistics = options.flag("without-statistics", true);
    Servers servers = Servers.from(options);
    options.expectNoMore();
    if (accounts > 10_000 || rows / accounts < 20) {
      throw new IllegalArgumentException("need at most 10,000 accounts and 20 rows per account");
    }

    System.out.println("# QueryPlansBench");
    System.out.println();
    System.out.println("Start: " + Machine.describe());
    List<PlanSession.Summary> summaries = new ArrayList<>();
    for (String name : databases.split(",")) {
      ScratchDatabase.Kind kind = ScratchDatabase.Kind.parse(name);
      try (ScratchDatabase db = ScratchDatabase.create(kind, servers, 4)) {
        summaries.add(
            new PlanSession(
                    db,
                    rows,
                    accounts,
                    pollLimit,
                    claimLimit,
                    batch,
                    runs,
                    slow,
                    timeout,
                    System.out)
                .run(withoutStatistics));
      }
    }
    System.out.println();
    System.out.println(
        "| database | fill (s) | ANALYZE (ms) | poll("
            + pollLimit
            + ") (ms) | poll(MAX) (ms) | the same with "
            + PlanSession.HELD
            + " accounts claimed (ms) | claim (ms) | claimed | saveCheckpoint("
            + batch
            + ") (ms) | record("
            + batch
            + ") (ms) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (PlanSession.Summary s : summaries) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.0f | %s | %s | %s, %s | %s | %d | %.1f | %.1f |%n",
          s.database(),
          s.fillSeconds(),
          s.analyzeMillis(),
          ms(s.pollWindowMillis(), timeout),
          ms(s.pollScanMillis(), timeout),
          ms(s.pollWindowClaimedMillis(), timeout),
          ms(s.pollScanClaimedMillis(), timeout),
          ms(s.claimMillis(), timeout),
          s.claimed(),
          s.checkpointMillis(),
          s.recordMillis());
    }
    System.out.println();
    System.out.println("End: " + Machine.describe());
  }

  /** A median in ms, or what a cancelled call means. */
  private static String ms(double millis, int timeoutSeconds) {
    return Double.isNaN(millis)
        ? "did not finish (cancelled after " + timeoutSeconds + " s)"
        : String.format(Locale.ROOT, "%.1f", millis);
  }
}
