package io.github.ferrymail.benchmarks;

import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.testing.DovecotServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Ferry end to end with a durable queue against one command per message, on a Dovecot started for
 * the run (MODERN profile; needs root and Debian's dovecot-imapd): marking {@code --read} messages
 * read (default 10,000) and moving {@code --move} messages (default 2,000), first with Angus Mail
 * one message at a time ({@link AngusPerMessage}), then with Ferry on each database of {@code
 * --databases} ({@link DurableFerry}), on the same messages. With {@code --ceiling=true} (the
 * default) the same processor and executor over the in-memory store ({@link ProcessorOverImap}) run
 * too: the speed-up no durable store can exceed, measured in the same run.
 *
 * <p>First, untimed, every variant marks {@code --warmup} messages of a folder of their own read
 * (default 100; 0 leaves it out). Then it reports per variant every run's time, the median, the
 * speed-up against Angus (median over median), the IMAP commands of one more untimed run through
 * {@link CountingRelay}, and for Ferry the database commits and statements per operation and the
 * time spent per store and executor method. Targets, reported and never asserted: mark-read at
 * least 50 times and moves at least 30 times faster than one message at a time; at most 0.01
 * commits per operation.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ferrymail.benchmarks.DurableImapBench \
 *     [--runs=3] [--read=10000] [--move=2000] [--databases=postgresql,h2-file,mariadb] \
 *     [--batch=500] [--angus=true] [--count=true] [--ceiling=true] [--pg-url=...] [--mariadb-url=...]
 * </pre>
 */
public final class DurableImapBench {
  private static final String INBOX = "INBOX";
  private static final String SOURCE = "MoveSource";
  private static final String ARCHIVE = "Archive";
  private static final String WARMUP = "Warmup";
  private static final double MAX_COMMITS_PER_OP = 0.01;

  private final int runs;
  private final boolean count;
  private final List<String> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private DurableImapBench(int runs, boolean count) {
    this.runs = runs;
    this.count = count;
  }

  /**
   * Runs the bench and prints Markdown tables.
   *
   * @param args options, see the class description
   */
  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    int runs = options.positiveInt("runs", 3);
    int read = options.positiveInt("read", 10_000);
    int move = options.positiveInt("move", 2_000);
    String databases = options.string("databases", "postgresql,h2-file,mariadb");
    int batch = options.positiveInt("batch", 500);
    boolean angus = options.flag("angus", true);
    boolean count = options.flag("count", true);
    boolean ceiling = options.flag("ceiling", true);
    int warmup = options.notNegativeInt("warmup", 100);
    Servers servers = Servers.from(options);
    options.expectNoMore();

    System.out.println("DurableImapBench start: " + Machine.describe());
    DurableImapBench bench = new DurableImapBench(runs, count);
    try (DovecotServer dovecot = DovecotServer.start(DovecotServer.Profile.MODERN)) {
      Mailbox mailbox = new Mailbox(dovecot);
      mailbox.append(INBOX, read);
      dovecot.createMailbox(SOURCE);
      mailbox.append(SOURCE, move);
      Endpoint endpoint = Endpoint.direct(dovecot, ImapAccount.DEFAULT_NO_UIDPLUS_POLICY);
      if (warmup > 0) {
        warmUp(dovecot, mailbox, endpoint, warmup, databases, servers, batch);
      }
      List<ImapScenario> scenarios =
          List.of(
              new ImapScenario(
                  "mark " + read + " read", ImapJob.Kind.MARK_READ, INBOX, null, read, mailbox),
              new ImapScenario(
                  "move " + move + " (UID MOVE)",
                  ImapJob.Kind.MOVE,
                  SOURCE,
                  ARCHIVE,
                  move,
                  mailbox));
      for (ImapScenario scenario : scenarios) {
        Measurements baseline =
            angus ? bench.measure(scenario, new AngusPerMessage(), endpoint, null) : null;
        if (ceiling) {
          // The same processor and executor without durability: what no store can beat.
          bench.measure(scenario, new ProcessorOverImap(), endpoint, baseline);
        }
        for (String name : databases.split(",")) {
          DurableFerry ferry = new DurableFerry(ScratchDatabase.Kind.parse(name), servers, batch);
          bench.measure(scenario, ferry, endpoint, baseline);
        }
      }
    }

    System.out.println();
    System.out.println(
        "| job | variant | runs (ms) | median (ms) | messages/s | derived: times faster than"
            + " Angus | IMAP commands | DB commits per op | DB statements per op |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    bench.rows.forEach(System.out::println);
    System.out.println();
    bench.notes.forEach(System.out::println);
    System.out.println("DurableImapBench end: " + Machine.describe());
  }

  /**
   * One untimed mark-read run of every variant on a folder of its own, so that the first measured
   * variant does not pay alone for loading classes and the first compilations.
   */
  private static void warmUp(
      DovecotServer dovecot,
      Mailbox mailbox,
      Endpoint endpoint,
      int messages,
      String databases,
      Servers servers,
      int batch)
      throws Exception {
    dovecot.createMailbox(WARMUP);
    mailbox.append(WARMUP, messages);
    ImapScenario scenario =
        new ImapScenario("warm-up", ImapJob.Kind.MARK_READ, WARMUP, null, messages, mailbox);
    ImapRuns.time(scenario, new AngusPerMessage(), endpoint, 1);
    for (String name : databases.split(",")) {
      ImapRuns.time(
          scenario,
          new DurableFerry(ScratchDatabase.Kind.parse(name), servers, batch),
          endpoint,
          1);
    }
  }

  private Measurements measure(
      ImapScenario scenario, ImapVariant variant, Endpoint endpoint, Measurements baseline)
      throws Exception {
    Measurements times = ImapRuns.time(scenario, variant, endpoint, runs);
    List<DurableFerry.RunStats> stats =
        variant instanceof DurableFerry ? ((DurableFerry) variant).runs() : List.of();
    CommandTally tally = count ? ImapRuns.countCommands(scenario, variant, endpoint) : null;
    double speedUp =
        baseline == null ? Double.NaN : Measurements.seconds(baseline.median()) / seconds(times);
    String row =
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s | %.0f | %s | %s | %s | %s |",
            scenario.title(),
            variant.name(),
            times.runsInMillis(),
            Measurements.millis(times.median()),
            times.perSecond(scenario.messages()),
            baseline == null ? "-" : String.format(Locale.ROOT, "%.1f", speedUp),
            tally == null ? "not counted" : tally.toString(),
            perOp(stats, DurableFerry.RunStats::commitsPerOperation),
            perOp(stats, DurableFerry.RunStats::statementsPerOperation));
    System.out.println(row);
    rows.add(row);
    for (int i = 0; i < stats.size(); i++) {
      DurableFerry.RunStats s = stats.get(i);
      notes.add(
          String.format(
              Locale.ROOT,
              "%s, %s, run %d: %d commits, %d statements, %d rollbacks; store: %s; executor"
                  + " (its time includes the checkpoint saves it asks the store for): %s;"
                  + " slowest statements: %s",
              scenario.title(),
              variant.name(),
              i + 1,
              s.db().commits(),
              s.db().statements(),
              s.db().rollbacks(),
              s.store(),
              s.imap(),
              s.slowestStatements()));
    }
    if (!stats.isEmpty()) {
      double target = scenario.kind() == ImapJob.Kind.MARK_READ ? 50 : 30;
      double commits = stats.get(stats.size() - 1).commitsPerOperation();
      notes.add(
          String.format(
              Locale.ROOT,
              "Targets, %s, %s: at least %.0fx faster than Angus: %s (%.1fx); at most %.2f commits"
                  + " per operation: %s (%.4f)",
              scenario.title(),
              variant.name(),
              target,
              Double.isNaN(speedUp) ? "not measured" : speedUp >= target ? "met" : "MISSED",
              speedUp,
              MAX_COMMITS_PER_OP,
              commits <= MAX_COMMITS_PER_OP ? "met" : "MISSED",
              commits));
    }
    return times;
  }

  private static double seconds(Measurements m) {
    return Measurements.seconds(m.median());
  }

  /** The runs' values, one if they all agree: {@code "2.0010"} or {@code "2.0010, 2.0020"}. */
  private static String perOp(
      List<DurableFerry.RunStats> stats,
      java.util.function.ToDoubleFunction<DurableFerry.RunStats> value) {
    if (stats.isEmpty()) {
      return "-";
    }
    return stats.stream()
        .map(s -> String.format(Locale.ROOT, "%.4f", value.applyAsDouble(s)))
        .distinct()
        .collect(Collectors.joining(", "));
  }
}
