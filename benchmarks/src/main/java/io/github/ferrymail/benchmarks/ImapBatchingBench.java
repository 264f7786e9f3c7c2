package io.github.ferrymail.benchmarks;

import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.NoUidPlusPolicy;
import io.github.ferrymail.imap.testing.DovecotServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One command per message against Ferry's UID sets, on a real Dovecot started for the run (needs
 * root and Debian's dovecot-imapd, like the Dovecot tests):
 *
 * <ol>
 *   <li>marking 10,000 messages read;
 *   <li>moving 2,000 messages to Archive;
 *   <li>the same move on a server announcing neither MOVE nor UIDPLUS (COPY, STORE, then the {@link
 *       NoUidPlusPolicy}).
 * </ol>
 *
 * <p>Each variant runs {@code --runs} times (default 3) straight to Dovecot, timed from after the
 * login to the last reply; after every run the server's state is checked and put back. Then one
 * more run goes through {@link CountingRelay}, untimed, to count the commands sent.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ferrymail.benchmarks.ImapBatchingBench \
 *     [--runs=3] [--read=10000] [--move=2000] [--per-message=true] [--count=true]
 * </pre>
 */
public final class ImapBatchingBench {
  private static final String INBOX = "INBOX";
  private static final String SOURCE = "MoveSource";
  private static final String ARCHIVE = "Archive";

  private final int runs;
  private final boolean count;
  private final List<String> rows = new ArrayList<>();

  private ImapBatchingBench(int runs, boolean count) {
    this.runs = runs;
    this.count = count;
  }

  /**
   * Runs the bench and prints a Markdown table.
   *
   * @param args options, see the class description
   */
  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    int runs = options.positiveInt("runs", 3);
    int read = options.positiveInt("read", 10_000);
    int move = options.positiveInt("move", 2_000);
    boolean perMessage = options.flag("per-message", true);
    boolean count = options.flag("count", true);
    options.expectNoMore();

    System.out.println("ImapBatchingBench start: " + Machine.describe());
    ImapBatchingBench bench = new ImapBatchingBench(runs, count);
    List<ImapVariant> all = new ArrayList<>();
    if (perMessage) {
      all.add(new AngusPerMessage());
      all.add(new SessionPerUid());
    }
    all.add(new SessionUidSet());
    all.add(new ProcessorOverImap());

    try (DovecotServer modern = DovecotServer.start(DovecotServer.Profile.MODERN)) {
      Mailbox mailbox = new Mailbox(modern);
      mailbox.append(INBOX, read);
      modern.createMailbox(SOURCE);
      mailbox.append(SOURCE, move);
      Endpoint endpoint = Endpoint.direct(modern, ImapAccount.DEFAULT_NO_UIDPLUS_POLICY);
      ImapScenario markRead =
          new ImapScenario(
              "mark " + read + " read, MODERN", ImapJob.Kind.MARK_READ, INBOX, null, read, mailbox);
      for (ImapVariant variant : all) {
        bench.measure(markRead, variant, endpoint);
      }
      ImapScenario moves =
          new ImapScenario(
              "move " + move + ", MODERN (UID MOVE)",
              ImapJob.Kind.MOVE,
              SOURCE,
              ARCHIVE,
              move,
              mailbox);
      for (ImapVariant variant : all) {
        bench.measure(moves, variant, endpoint);
      }
    }

    try (DovecotServer old = DovecotServer.start(DovecotServer.Profile.OLD_NO_MOVE_NO_UIDPLUS)) {
      Mailbox mailbox = new Mailbox(old);
      old.createMailbox(SOURCE);
      mailbox.append(SOURCE, move);
      for (NoUidPlusPolicy policy : NoUidPlusPolicy.values()) {
        ImapScenario moves =
            new ImapScenario(
                "move " + move + ", OLD_NO_MOVE_NO_UIDPLUS, " + policy,
                ImapJob.Kind.MOVE,
                SOURCE,
                ARCHIVE,
                move,
                mailbox);
        Endpoint endpoint = Endpoint.direct(old, policy);
        bench.measure(moves, new SessionUidSet(), endpoint);
        bench.measure(moves, new ProcessorOverImap(), endpoint);
      }
    }

    System.out.println();
    System.out.println(
        "| scenario | variant | runs (ms) | median (ms) | messages/s | commands sent |");
    System.out.println("|---|---|---|---|---|---|");
    bench.rows.forEach(System.out::println);
    System.out.println();
    System.out.println("ImapBatchingBench end: " + Machine.describe());
  }

  private void measure(ImapScenario scenario, ImapVariant variant, Endpoint endpoint)
      throws Exception {
    Measurements times = ImapRuns.time(scenario, variant, endpoint, runs);
    CommandTally tally = count ? ImapRuns.countCommands(scenario, variant, endpoint) : null;
    String row =
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s | %.0f | %s |",
            scenario.title(),
            variant.name(),
            times.runsInMillis(),
            Measurements.millis(times.median()),
            times.perSecond(scenario.messages()),
            tally == null ? "not counted" : tally.toString());
    System.out.println(row);
    rows.add(row);
  }
}
