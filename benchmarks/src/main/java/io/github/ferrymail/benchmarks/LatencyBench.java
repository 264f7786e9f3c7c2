package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.imap.testing.DovecotServer;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Latency in the background mode under a steady load: {@code --rate} mark-reads per second (default
 * 300) for {@code --seconds} (default 60), each on a message of its own, spread round-robin over
 * {@code --accounts} accounts (default 10), queued one by one through {@code processor.queue(...)}
 * ({@link PacedLoad}) into a {@link JooqPendingOperationStore} on {@code --database} (default
 * PostgreSQL), with {@code --threads} background workers (default 4) and the default poll interval
 * (5 s; {@code --poll-ms}). Measured per operation: from right before its {@code queue} call to the
 * listener's {@code completed} for it, which the processor calls after the server replied to the
 * batch's command and the store recorded the outcome. The operations queued in the first {@code
 * --warmup-s} seconds (default 5) are left out of the percentiles.
 *
 * <p>Variants ({@code --variants}): {@code dovecot}, {@link ImapOperationExecutor} against a
 * Dovecot started for the run (every account is the same Dovecot user; the run ends with a check
 * that no message is left unseen), and {@code noop}, {@link NoOpExecutor}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ferrymail.benchmarks.LatencyBench \
 *     [--rate=300] [--seconds=60] [--accounts=10] [--threads=4] [--poll-ms=5000] \
 *     [--warmup-s=5] [--variants=dovecot,noop] [--database=postgresql] [--drain-timeout-s=60]
 * </pre>
 */
public final class LatencyBench {
  private static final String INBOX = "INBOX";

  private final int rate;
  private final int seconds;
  private final int accounts;
  private final int threads;
  private final Duration poll;
  private final int warmup;
  private final ScratchDatabase.Kind database;
  private final Duration drainTimeout;
  private final Servers servers;

  private LatencyBench(Options options) {
    rate = options.positiveInt("rate", 300);
    seconds = options.positiveInt("seconds", 60);
    accounts = options.positiveInt("accounts", 10);
    threads = options.positiveInt("threads", 4);
    poll = Duration.ofMillis(options.positiveInt("poll-ms", 5000));
    warmup = options.notNegativeInt("warmup-s", 5);
    database = ScratchDatabase.Kind.parse(options.string("database", "postgresql"));
    drainTimeout = Duration.ofSeconds(options.positiveInt("drain-timeout-s", 60));
    servers = Servers.from(options);
  }

  /**
   * Runs the bench and prints a Markdown table.
   *
   * @param args options, see the class description
   */
  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    String variants = options.string("variants", "dovecot,noop");
    LatencyBench bench = new LatencyBench(options);
    options.expectNoMore();

    System.out.println("LatencyBench start: " + Machine.describe());
    int total = bench.rate * bench.seconds;
    List<String> rows = new ArrayList<>();
    for (String variant : variants.split(",")) {
      String row;
      if (variant.equals("noop")) {
        row =
            bench.run(
                "no-op executor",
                new NoOpExecutor(),
                Workload.UID_VALIDITY,
                i -> (long) i + 1,
                null);
      } else if (variant.equals("dovecot")) {
        try (DovecotServer dovecot = DovecotServer.start(DovecotServer.Profile.MODERN)) {
          Mailbox mailbox = new Mailbox(dovecot);
          mailbox.append(INBOX, total);
          List<Long> uids = mailbox.uids(INBOX);
          long uidValidity = mailbox.uidValidity(INBOX);
          Endpoint endpoint = Endpoint.direct(dovecot, ImapAccount.DEFAULT_NO_UIDPLUS_POLICY);
          try (ImapOperationExecutor imap = ImapOperationExecutor.create(k -> endpoint.account())) {
            row = bench.run("Dovecot, IMAP executor", imap, uidValidity, uids::get, mailbox);
          }
        }
      } else {
        throw new IllegalArgumentException("--variants: dovecot or noop: " + variant);
      }
      rows.add(row);
      System.out.println(row);
    }
    System.out.println();
    System.out.println(
        "| variant | database | rate/s x s | accounts | threads | measured ops | not completed |"
            + " latency p50 (ms) | p99 (ms) | max (ms) | queue call p50 (ms) | p99 (ms) | max (ms)"
            + " | max pacing lag (ms) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println("LatencyBench end: " + Machine.describe());
  }

  private String run(
      String name,
      OperationExecutor executor,
      long uidValidity,
      IntFunction<Long> uid,
      @Nullable Mailbox mailbox)
      throws Exception {
    int total = rate * seconds;
    try (ScratchDatabase db = ScratchDatabase.create(database, servers, threads + 2)) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(db.dataSource()).build();
      store.migrate();
      PacedLoad load = new PacedLoad(total);
      boolean all;
      try (QueueProcessor processor =
          QueueProcessor.builder(store, executor)
              .workerThreads(threads)
              .pollInterval(poll)
              .listener(load.listener())
              .build()) {
        processor.start();
        load.run(
            processor,
            i ->
                Operation.markRead(
                    MessageRef.of("acct-" + (i % accounts), INBOX, uidValidity, uid.apply(i))),
            rate);
        all = load.await(drainTimeout);
      }
      if (all) {
        BackgroundDrain.expectAllCompleted(store, total);
        if (mailbox != null) {
          mailbox.expectUnseen(INBOX, 0);
        }
      }
      if (load.duplicates() != 0 || load.failures() != 0) {
        throw new IllegalStateException(
            load.duplicates() + " operations completed twice, " + load.failures() + " failed");
      }
      return String.format(
          Locale.ROOT,
          "| %s | %s | %d x %d | %d | %d | %s |",
          name,
          database.label(),
          rate,
          seconds,
          accounts,
          threads,
          load.report(Math.min(total, rate * warmup)));
    }
  }
}
