package io.github.ferrymail.benchmarks;

import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A large queue in a small heap: {@code --ops} operations (default 1,000,000) queued with {@code
 * queueAll} in chunks of {@code --chunk} (default 10,000), spread over {@code --accounts} accounts
 * (default 100), then drained by Ferry's background mode ({@link BackgroundDrain}, {@link
 * NoOpExecutor}, {@code --threads} workers, default 4), on each database of {@code --databases}
 * (default H2 in a file, then PostgreSQL). Reports the time of both phases and the heap each needed
 * ({@link HeapWatch}). Meant to run with {@code -Xmx256m}; it says so when the heap is larger.
 *
 * <pre>
 * java -Xmx256m -Xlog:gc:file=/tmp/million-gc.log -cp benchmarks/target/benchmarks.jar \
 *     io.github.ferrymail.benchmarks.MillionDrainBench [--ops=1000000] [--accounts=100] \
 *     [--chunk=10000] [--threads=4] [--poll-ms=100] [--databases=h2-file,postgresql] \
 *     [--timeout-s=3600] [--pg-url=...]
 * </pre>
 */
public final class MillionDrainBench {
  private static final long MAX_HEAP_MEANT = 300L * 1024 * 1024;

  private MillionDrainBench() {}

  /**
   * Runs the bench and prints a Markdown table.
   *
   * @param args options, see the class description
   */
  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    int ops = options.positiveInt("ops", 1_000_000);
    int accounts = options.positiveInt("accounts", 100);
    int chunk = options.positiveInt("chunk", 10_000);
    int threads = options.positiveInt("threads", 4);
    Duration poll = Duration.ofMillis(options.positiveInt("poll-ms", 100));
    String databases = options.string("databases", "h2-file,postgresql");
    Duration timeout = Duration.ofSeconds(options.positiveInt("timeout-s", 3600));
    Servers servers = Servers.from(options);
    options.expectNoMore();

    System.out.println("MillionDrainBench start: " + Machine.describe());
    if (Runtime.getRuntime().maxMemory() > MAX_HEAP_MEANT) {
      System.out.println("Note: the heap is larger than meant; run with -Xmx256m.");
    }
    HeapWatch heap = new HeapWatch();
    List<String> rows = new ArrayList<>();
    for (String name : databases.split(",")) {
      ScratchDatabase.Kind kind = ScratchDatabase.Kind.parse(name);
      try (ScratchDatabase db = ScratchDatabase.create(kind, servers, threads + 2)) {
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        JooqPendingOperationStore store =
            JooqPendingOperationStore.builder(counting.dataSource()).build();
        store.migrate();
        heap.reset();
        Duration queued =
            Measurements.time(() -> BackgroundDrain.fill(store, ops, accounts, chunk));
        String queueHeap = heap.describe();
        System.out.println(
            kind.label() + ", queueing: " + Measurements.millis(queued) + " ms; " + queueHeap);
        db.analyzeIfPostgres();
        heap.reset();
        BackgroundDrain.Result r =
            BackgroundDrain.run(store, counting, threads, poll, ops, timeout);
        String drainHeap = heap.describe();
        System.out.println(
            kind.label()
                + ", draining: "
                + Measurements.millis(r.took())
                + " ms; "
                + drainHeap
                + "; store: "
                + r.store());
        if (!r.timedOut()) {
          BackgroundDrain.expectAllCompleted(store, ops);
        }
        rows.add(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %.1f | %.0f | %.1f | %d%s | %.0f | %.3f | %s | %s |",
                kind.label(),
                ops,
                accounts,
                threads,
                Measurements.seconds(queued),
                ops / Measurements.seconds(queued),
                Measurements.seconds(r.took()),
                r.completed(),
                r.timedOut() ? " (timed out)" : "",
                r.perSecond(),
                (double) r.db().commits() / Math.max(1, r.completed()),
                queueHeap,
                drainHeap));
      }
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT, "Max heap (-Xmx): %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    System.out.println(
        "| database | operations | accounts | threads | queueAll time (s) | queued/s |"
            + " drain time (s) | drained | drained/s | DB commits per op, drain |"
            + " heap, queueing | heap, draining |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println("MillionDrainBench end: " + Machine.describe());
  }
}
