package io.github.ferrymail.benchmarks;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Explains and times the statements of one store call and prints them as Markdown: per statement
 * its SQL, its bind values, its rows and plain time (median of several runs), and each plan (in a
 * collapsed {@code <details>} block). A statement whose SQL text already appeared in the call
 * (Forwarding's chunks, say) gets its time but not its plan again.
 */
final class PlanPrinter {
  private final PlanExplainer explainer;
  private final ScratchDatabase.Kind kind;
  private final int runs;
  private final Duration slow;
  private final PrintStream out;

  /** One way to explain: the prefix, a setup statement for the transaction, and a label. */
  record Mode(String label, String prefix, boolean generic) {}

  PlanPrinter(
      PlanExplainer explainer,
      ScratchDatabase.Kind kind,
      int runs,
      Duration slow,
      PrintStream out) {
    this.explainer = explainer;
    this.kind = kind;
    this.runs = runs;
    this.slow = slow;
    this.out = out;
  }

  /** How this database explains: PostgreSQL and H2 one way, MariaDB as a table and as JSON. */
  List<Mode> modes() {
    switch (kind) {
      case POSTGRESQL:
        return List.of(
            new Mode("EXPLAIN (ANALYZE, BUFFERS)", "EXPLAIN (ANALYZE, BUFFERS) ", false));
      case MARIADB:
        return List.of(
            new Mode("ANALYZE", "ANALYZE ", false),
            new Mode("ANALYZE FORMAT=JSON", "ANALYZE FORMAT=JSON ", false));
      default:
        return List.of(new Mode("EXPLAIN ANALYZE", "EXPLAIN ANALYZE ", false));
    }
  }

  /** PostgreSQL's generic plan, which a server-prepared statement may switch to. */
  static Mode genericPlan() {
    return new Mode(
        "generic plan: PREPARE, then EXPLAIN (ANALYZE, BUFFERS) EXECUTE under plan_cache_mode ="
            + " force_generic_plan",
        "",
        true);
  }

  /** Prints the call's statements with their plans in every mode; returns the summed medians. */
  double print(String call, List<CapturedStatement> statements, List<Mode> modes)
      throws SQLException {
    return print(call, statements, modes, true);
  }

  /**
   * Prints the call's statements with their plans; with {@code run} false (the call did not finish
   * within the timeout) only the plans without running them, and no times.
   */
  double print(String call, List<CapturedStatement> statements, List<Mode> modes, boolean run)
      throws SQLException {
    Map<Mode, List<PlanExplainer.Plan>> plans = new HashMap<>();
    List<Mode> shown = run ? modes : List.of(new Mode("EXPLAIN (not run)", "", false));
    for (Mode mode : shown) {
      List<PlanExplainer.Plan> p;
      if (!run) {
        p = explainer.explainWithoutRunning(statements);
      } else if (mode.generic()) {
        p = explainer.explainGeneric(statements);
      } else {
        p = explainer.explain(statements, mode.prefix(), null);
      }
      plans.put(mode, p);
    }
    Map<String, Integer> firstSeen = new HashMap<>();
    double total = 0;
    for (int i = 0; i < statements.size(); i++) {
      CapturedStatement s = statements.get(i);
      String batch =
          s.batchSize() > 1 ? "; a JDBC batch of " + s.batchSize() + ", the first explained" : "";
      if (run) {
        PlanExplainer.Timing t = explainer.time(s, runs, slow);
        double median = t.runs().median().toNanos() / 1e6;
        total += median;
        out.printf(
            Locale.ROOT,
            "%n**%s, statement %d** (%s): %s; plain %.2f ms median of %d (%s ms)%s%n",
            call,
            i + 1,
            s.shortSql(70),
            t.timedOut() ? "did not finish (cancelled at the timeout)" : t.rows() + " row(s)",
            median,
            t.runs().count(),
            t.runs().runsInMillis(),
            batch);
      } else {
        out.printf(
            "%n**%s, statement %d** (%s): not run again, the call did not finish%s%n",
            call, i + 1, s.shortSql(70), batch);
      }
      Integer seen = firstSeen.putIfAbsent(s.sql(), i + 1);
      if (seen != null) {
        out.printf("%nSame SQL as statement %d; plan not repeated.%n", seen);
        continue;
      }
      out.printf("%n```sql%n%s%n```%n%nBinds: %s%n", s.sql(), shortBinds(s));
      for (Mode mode : shown) {
        out.printf(
            "%n<details><summary>%s</summary>%n%n```%n%s```%n%n</details>%n",
            mode.label(), plans.get(mode).get(i).text());
      }
    }
    out.printf(Locale.ROOT, "%n%s: statements' plain medians summed %.2f ms%n", call, total);
    return total;
  }

  /** The binds, the middle of a long list left out. */
  private static String shortBinds(CapturedStatement s) {
    String all = s.describeBinds();
    if (s.binds().size() <= 40) {
      return all.isEmpty() ? "(none)" : all;
    }
    List<CapturedStatement.Bind> b = s.binds();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      text.append(b.get(i)).append(", ");
    }
    text.append("... (").append(b.size() - 30).append(" more) ...");
    for (int i = b.size() - 10; i < b.size(); i++) {
      text.append(", ").append(b.get(i));
    }
    return text.toString();
  }
}
