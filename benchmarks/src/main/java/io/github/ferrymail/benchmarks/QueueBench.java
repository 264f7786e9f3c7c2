package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The queue's own speed, without any IMAP server: per store ({@code --stores}, default in-memory,
 * H2 in memory, H2 in a file, PostgreSQL),
 *
 * <ul>
 *   <li>{@code queueAll} of {@code --ops} operations (default 10,000) in one call;
 *   <li>{@code queue} of 1,000 operations, one call (one transaction) each;
 *   <li>claiming them all (claims of 1,000) and completing each, as the processor does;
 *   <li>the processor end to end: {@code --ops} operations queued, then drained by {@link
 *       QueueProcessor#processPendingOperations} through {@link NoOpExecutor}, for the workloads
 *       BULK_READ and TRIAGE (see {@link Workload});
 * </ul>
 *
 * <p>and the heap the in-memory store keeps for {@code --heap-ops} queued operations (default
 * 100,000). Every run gets a new, empty store (a new schema on PostgreSQL, dropped afterwards).
 * Each measure first runs {@code --warmups} times (default 1) unrecorded, so that the first store
 * does not pay alone for loading classes and compiling hot code. With {@code --pg-analyze=true}
 * PostgreSQL's statistics are refreshed ({@code ANALYZE}, not timed) right after the operations are
 * queued, as autovacuum would do some time later.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ferrymail.benchmarks.QueueBench \
 *     [--warmups=1] [--runs=3] [--ops=10000] [--stores=in-memory,h2-mem,h2-file,postgresql] [--heap-ops=100000] \
 *     [--pg-url=jdbc:postgresql://127.0.0.1:5432/test] [--pg-user=postgres] [--pg-password=] \\
 *     [--pg-analyze=false]
 * </pre>
 */
public final class QueueBench {
  private static final String OWNER = "bench-worker";
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final int CLAIM_LIMIT = QueueProcessor.DEFAULT_CLAIM_LIMIT;
  private static final int SINGLE_QUEUES = 1000;

  private final boolean analyze;
  private final int warmups;
  private final int runs;
  private final int ops;
  private final String pgUrl;
  private final String pgUser;
  private final String pgPassword;
  private final List<String> rows = new ArrayList<>();

  private QueueBench(
      boolean analyze,
      int warmups,
      int runs,
      int ops,
      String pgUrl,
      String pgUser,
      String pgPassword) {
    this.analyze = analyze;
    this.warmups = warmups;
    this.runs = runs;
    this.ops = ops;
    this.pgUrl = pgUrl;
    this.pgUser = pgUser;
    this.pgPassword = pgPassword;
  }

  /**
   * Runs the bench and prints a Markdown table.
   *
   * @param args options, see the class description
   */
  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    int warmups = options.notNegativeInt("warmups", 1);
    int runs = options.positiveInt("runs", 3);
    int ops = options.positiveInt("ops", 10_000);
    int heapOps = options.positiveInt("heap-ops", 100_000);
    String stores = options.string("stores", "in-memory,h2-mem,h2-file,postgresql");
    String pgUrl = options.string("pg-url", "jdbc:postgresql://127.0.0.1:5432/test");
    String pgUser = options.string("pg-user", "postgres");
    String pgPassword = options.string("pg-password", "");
    boolean analyze = options.flag("pg-analyze", false);
    options.expectNoMore();

    System.out.println("QueueBench start: " + Machine.describe());
    QueueBench bench = new QueueBench(analyze, warmups, runs, ops, pgUrl, pgUser, pgPassword);
    for (String name : stores.split(",")) {
      BenchStore.Backend backend = BenchStore.Backend.parse(name);
      bench.storeCalls(backend);
      bench.processor(backend, Workload.BULK_READ);
      bench.processor(backend, Workload.TRIAGE);
    }
    String heap = heapOfInMemoryStore(heapOps);

    System.out.println();
    System.out.println("| store | measure | operations | runs (ms) | median (ms) | operations/s |");
    System.out.println("|---|---|---|---|---|---|");
    bench.rows.forEach(System.out::println);
    System.out.println();
    System.out.println(heap);
    System.out.println("QueueBench end: " + Machine.describe());
  }

  /** queueAll, single queue calls, and claim + complete, each run on a new store. */
  private void storeCalls(BenchStore.Backend backend) throws Exception {
    Measurements queueAll = new Measurements();
    Measurements queueOne = new Measurements();
    Measurements claims = new Measurements();
    Measurements completes = new Measurements();
    Measurements claimAndComplete = new Measurements();
    List<NewOperation> toQueue = Workload.BULK_READ.newOperations(ops);
    List<NewOperation> singles = singleAccount(Workload.BULK_READ.newOperations(SINGLE_QUEUES));
    for (int run = -warmups; run < runs; run++) {
      boolean measured = run >= 0;
      try (BenchStore bench = BenchStore.open(backend, pgUrl, pgUser, pgPassword)) {
        PendingOperationStore store = bench.store();
        Duration all = Measurements.time(() -> store.queueAll(toQueue));
        if (analyze) {
          bench.analyzeIfPostgres();
        }
        Duration one =
            Measurements.time(
                () -> {
                  for (NewOperation op : singles) {
                    store.queue(op);
                  }
                });
        Duration[] split = claimAndCompleteAll(store);
        if (measured) {
          queueAll.add(all);
          queueOne.add(one);
          claims.add(split[0]);
          completes.add(split[1]);
          claimAndComplete.add(split[0].plus(split[1]));
        }
        long completed =
            store.countByStatus(Workload.ACCOUNT).getOrDefault(OperationStatus.COMPLETED, 0L);
        if (completed != ops) {
          throw new IllegalStateException(completed + " of " + ops + " completed");
        }
      }
    }
    row(backend, "queueAll, one call", ops, queueAll);
    row(backend, "queue, one call each", SINGLE_QUEUES, queueOne);
    row(backend, "claim (limit " + CLAIM_LIMIT + "), time in claims", ops, claims);
    row(backend, "complete, one call each, time in completes", ops, completes);
    row(backend, "claim + complete", ops, claimAndComplete);
  }

  /** Claims and completes every due operation of the account: {time in claims, in completes}. */
  private static Duration[] claimAndCompleteAll(PendingOperationStore store) {
    long claimNanos = 0;
    long completeNanos = 0;
    while (true) {
      long start = System.nanoTime();
      Optional<Claim> claim = store.claim(Workload.ACCOUNT, OWNER, LEASE, CLAIM_LIMIT);
      claimNanos += System.nanoTime() - start;
      Claim held = claim.orElseThrow(() -> new IllegalStateException("account busy"));
      if (held.operations().isEmpty()) {
        store.release(held.lease());
        break;
      }
      start = System.nanoTime();
      for (PendingOperation op : held.operations()) {
        store.complete(held.lease(), op.id());
      }
      completeNanos += System.nanoTime() - start;
      store.release(held.lease());
    }
    return new Duration[] {Duration.ofNanos(claimNanos), Duration.ofNanos(completeNanos)};
  }

  /** Queued (not timed), then drained by the processor with a no-op executor (timed). */
  private void processor(BenchStore.Backend backend, Workload workload) throws Exception {
    Measurements drain = new Measurements();
    List<NewOperation> toQueue = workload.newOperations(ops);
    for (int run = -warmups; run < runs; run++) {
      try (BenchStore bench = BenchStore.open(backend, pgUrl, pgUser, pgPassword);
          QueueProcessor processor =
              QueueProcessor.builder(bench.store(), new NoOpExecutor()).build()) {
        bench.store().queueAll(toQueue);
        if (analyze) {
          bench.analyzeIfPostgres();
        }
        ProcessingReport[] report = new ProcessingReport[1];
        Duration took =
            Measurements.time(
                () -> report[0] = processor.processPendingOperations(Workload.ACCOUNT));
        if (run >= 0) {
          drain.add(took);
        }
        if (report[0].completed() + report[0].cancelled() != ops) {
          throw new IllegalStateException("not drained: " + report[0]);
        }
      }
    }
    row(backend, "processor drain, no-op executor, " + workload, ops, drain);
  }

  /** Heap kept by the in-memory store for {@code count} queued operations, after full GCs. */
  private static String heapOfInMemoryStore(int count) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    InMemoryPendingOperationStore store = new InMemoryPendingOperationStore();
    store.queueAll(Workload.BULK_READ.newOperations(count));
    long after = usedAfterGc(memory);
    long queued = store.countByStatus(null).getOrDefault(OperationStatus.PENDING, 0L);
    long retained = after - before;
    return String.format(
        Locale.ROOT,
        "In-memory store, %d operations queued (%d pending): heap used after GC %.1f MB before,"
            + " %.1f MB after: %.1f MB retained, %d bytes per operation",
        count,
        queued,
        before / 1048576.0,
        after / 1048576.0,
        retained / 1048576.0,
        retained / count);
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The same operations on another account, so that the claim runs see only the queueAll ones. */
  private static List<NewOperation> singleAccount(List<NewOperation> ops) {
    List<NewOperation> moved = new ArrayList<>(ops.size());
    for (NewOperation op : ops) {
      MessageRef ref = op.operation().message();
      MessageRef other =
          MessageRef.of("single-" + ref.account(), ref.folder(), ref.uidValidity(), ref.uid());
      moved.add(new NewOperation(op.operation().withMessage(other), op.messageKey()));
    }
    return moved;
  }

  private void row(BenchStore.Backend backend, String measure, int operations, Measurements m) {
    String row =
        String.format(
            Locale.ROOT,
            "| %s | %s | %d | %s | %s | %.0f |",
            backend.name().toLowerCase(Locale.ROOT).replace('_', '-'),
            measure,
            operations,
            m.runsInMillis(),
            Measurements.millis(m.median()),
            m.perSecond(operations));
    System.out.println(row);
    rows.add(row);
  }
}
