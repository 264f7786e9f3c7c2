package io.github.ferrymail.benchmarks;

import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The queue alone against db-scheduler, on PostgreSQL: {@code --ops} no-op operations (default
 * 20,000) drained by Ferry's background mode ({@link BackgroundDrain}: {@code QueueProcessor}
 * {@code start()}, {@link NoOpExecutor}) spread over each count of {@code --accounts} (default 1
 * and 50), and {@code --ops} no-op one-time tasks executed by db-scheduler ({@link
 * DbSchedulerDrain}), each with every count of {@code --threads} (default 1, 4, 16) worker threads.
 * Every cell runs on a new scratch schema with a pool of threads + 2 connections (or {@code
 * --pool}), after the queue was filled and {@code ANALYZE}d (not timed). A round runs every cell
 * once; the order of the systems alternates between rounds.
 *
 * <p>Target, reported and never asserted: Ferry at least 20,000 operations per second and at least
 * twice db-scheduler in the same round with the same threads.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ferrymail.benchmarks.QueueVsDbSchedulerBench \
 *     [--rounds=3] [--ops=20000] [--accounts=1,50] [--threads=1,4,16] [--poll-ms=100] \
 *     [--dbs-polling=lock-and-fetch|fetch] [--pool=0] [--timeout-s=300] [--pg-url=...]
 * </pre>
 */
public final class QueueVsDbSchedulerBench {
  private static final double TARGET_OPS = 20_000;
  private static final double TARGET_RATIO = 2;
  private static final String DBS = "db-scheduler";

  private final Servers servers;
  private final int ops;
  private final Duration poll;
  private final boolean lockAndFetch;
  private final int pool;
  private final Duration timeout;
  private final List<String> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** "system, accounts, threads" to ops/s per round. */
  private final Map<String, List<Double>> rates = new LinkedHashMap<>();

  private QueueVsDbSchedulerBench(
      Servers servers, int ops, Duration poll, boolean lockAndFetch, int pool, Duration timeout) {
    this.servers = servers;
    this.ops = ops;
    this.poll = poll;
    this.lockAndFetch = lockAndFetch;
    this.pool = pool;
    this.timeout = timeout;
  }

  /**
   * Runs the bench and prints Markdown tables.
   *
   * @param args options, see the class description
   */
  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    int rounds = options.positiveInt("rounds", 3);
    int ops = options.positiveInt("ops", 20_000);
    List<Integer> accounts = ints(options.string("accounts", "1,50"));
    List<Integer> threads = ints(options.string("threads", "1,4,16"));
    Duration poll = Duration.ofMillis(options.positiveInt("poll-ms", 100));
    String polling = options.string("dbs-polling", "lock-and-fetch");
    int pool = options.notNegativeInt("pool", 0);
    Duration timeout = Duration.ofSeconds(options.positiveInt("timeout-s", 300));
    Servers servers = Servers.from(options);
    options.expectNoMore();
    if (!polling.equals("lock-and-fetch") && !polling.equals("fetch")) {
      throw new IllegalArgumentException("--dbs-polling is lock-and-fetch or fetch: " + polling);
    }

    System.out.println("QueueVsDbSchedulerBench start: " + Machine.describe());
    QueueVsDbSchedulerBench bench =
        new QueueVsDbSchedulerBench(
            servers, ops, poll, polling.equals("lock-and-fetch"), pool, timeout);
    for (int round = 1; round <= rounds; round++) {
      for (int t : threads) {
        if (round % 2 == 1) {
          bench.dbScheduler(round, t);
        }
        for (int a : accounts) {
          bench.ferry(round, t, a);
        }
        if (round % 2 == 0) {
          bench.dbScheduler(round, t);
        }
      }
    }

    System.out.println();
    System.out.println(
        "| round | threads | system | accounts | pool | operations | time (ms) | operations/s |"
            + " DB commits per op | DB statements per op |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    bench.rows.forEach(System.out::println);
    System.out.println();
    bench.summary(rounds, accounts, threads);
    System.out.println();
    bench.notes.forEach(System.out::println);
    System.out.println("QueueVsDbSchedulerBench end: " + Machine.describe());
  }

  private int poolFor(int threads) {
    return pool > 0 ? pool : threads + 2;
  }

  private void ferry(int round, int threads, int accounts) throws Exception {
    try (ScratchDatabase db =
        ScratchDatabase.create(ScratchDatabase.Kind.POSTGRESQL, servers, poolFor(threads))) {
      CountingDataSource counting = new CountingDataSource(db.dataSource());
      JooqPendingOperationStore store =
          JooqPendingOperationStore.builder(counting.dataSource()).build();
      store.migrate();
      BackgroundDrain.fill(store, ops, accounts, 1000);
      db.analyzeIfPostgres();
      BackgroundDrain.Result r = BackgroundDrain.run(store, counting, threads, poll, ops, timeout);
      if (!r.timedOut()) {
        BackgroundDrain.expectAllCompleted(store, ops);
      }
      record(round, threads, "Ferry", String.valueOf(accounts), r);
    }
  }

  private void dbScheduler(int round, int threads) throws Exception {
    try (ScratchDatabase db =
        ScratchDatabase.create(ScratchDatabase.Kind.POSTGRESQL, servers, poolFor(threads))) {
      DbSchedulerDrain.createTable(db.dataSource());
      CountingDataSource counting = new CountingDataSource(db.dataSource());
      BackgroundDrain.Result r =
          DbSchedulerDrain.run(
              counting, threads, poll, lockAndFetch, ops, timeout, db::analyzeIfPostgres);
      String system = DBS + (lockAndFetch ? " (lock-and-fetch)" : " (fetch)");
      record(round, threads, system, "-", r);
    }
  }

  private void record(
      int round, int threads, String system, String accounts, BackgroundDrain.Result r) {
    String row =
        String.format(
            Locale.ROOT,
            "| %d | %d | %s | %s | %d | %d%s | %s | %.0f | %.3f | %.3f |",
            round,
            threads,
            system,
            accounts,
            poolFor(threads),
            r.completed(),
            r.timedOut() ? " of " + r.expected() + " (timed out)" : "",
            Measurements.millis(r.took()),
            r.perSecond(),
            (double) r.db().commits() / Math.max(1, r.completed()),
            (double) r.db().statements() / Math.max(1, r.completed()));
    System.out.println(row);
    rows.add(row);
    if (r.store() != null) {
      notes.add(
          String.format(
              Locale.ROOT,
              "Round %d, %s, %s accounts, %d threads: store %s (summed over the threads)",
              round,
              system,
              accounts,
              threads,
              r.store()));
    }
    String key = system.startsWith(DBS) ? DBS + ", threads " + threads : key(accounts, threads);
    rates.computeIfAbsent(key, k -> new ArrayList<>()).add(r.timedOut() ? 0 : r.perSecond());
  }

  private static String key(String accounts, int threads) {
    return "Ferry, accounts " + accounts + ", threads " + threads;
  }

  private void summary(int rounds, List<Integer> accounts, List<Integer> threads) {
    System.out.println(
        "| system | operations/s per round | median | derived: Ferry / db-scheduler per round |"
            + " target |");
    System.out.println("|---|---|---|---|---|");
    for (int t : threads) {
      List<Double> dbs = rates.getOrDefault(DBS + ", threads " + t, List.of());
      System.out.printf(
          Locale.ROOT, "| %s, threads %d | %s | %.0f | - | - |%n", DBS, t, list(dbs), median(dbs));
      for (int a : accounts) {
        List<Double> ferry = rates.getOrDefault(key(String.valueOf(a), t), List.of());
        List<String> ratios = new ArrayList<>();
        int met = 0;
        for (int i = 0; i < Math.min(ferry.size(), dbs.size()); i++) {
          double ratio = ferry.get(i) / dbs.get(i);
          ratios.add(String.format(Locale.ROOT, "%.2f", ratio));
          if (ratio >= TARGET_RATIO && ferry.get(i) >= TARGET_OPS) {
            met++;
          }
        }
        System.out.printf(
            Locale.ROOT,
            "| Ferry, accounts %d, threads %d | %s | %.0f | %s | >= %.0f/s and >= %.0fx: met in %d"
                + " of %d rounds |%n",
            a,
            t,
            list(ferry),
            median(ferry),
            String.join(", ", ratios),
            TARGET_OPS,
            TARGET_RATIO,
            met,
            rounds);
      }
    }
  }

  private static String list(List<Double> values) {
    return values.stream()
        .map(v -> String.format(Locale.ROOT, "%.0f", v))
        .collect(Collectors.joining(", "));
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static List<Integer> ints(String csv) {
    List<Integer> values = new ArrayList<>();
    for (String part : csv.split(",")) {
      int v = Integer.parseInt(part.trim());
      if (v < 1) {
        throw new IllegalArgumentException("must be at least 1: " + csv);
      }
      values.add(v);
    }
    return values;
  }
}
