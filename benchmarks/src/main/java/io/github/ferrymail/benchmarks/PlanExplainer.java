package io.github.ferrymail.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Replays captured statements with the same bind values: under the database's {@code EXPLAIN
 * ANALYZE} in one transaction, in the order the store sent them, and plainly, each alone and
 * several times, for its own time. Every transaction is rolled back, so a replay changes nothing
 * and every run sees the same rows.
 */
final class PlanExplainer {
  private final DataSource dataSource;
  private final String explainOnly;
  private final int timeoutSeconds;

  /** The plans of one replay: one {@link Plan} per statement, in order. */
  record Plan(CapturedStatement statement, String text) {}

  /**
   * What a statement returned when run plainly (rows read or updated; -1 when it timed out), how
   * long it took, and whether a run was cancelled at the timeout.
   */
  record Timing(long rows, Measurements runs, boolean timedOut) {}

  /**
   * @param explainOnly the prefix that shows the plan without running the statement ({@code
   *     "EXPLAIN "}), for statements that do not finish within the timeout
   * @param timeoutSeconds every statement's query timeout
   */
  PlanExplainer(DataSource dataSource, String explainOnly, int timeoutSeconds) {
    this.dataSource = dataSource;
    this.explainOnly = explainOnly;
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * Runs every statement prefixed with {@code prefix} ({@code "EXPLAIN (ANALYZE, BUFFERS) "}, ...)
   * in one transaction, after {@code setup} if not null, and rolls it back. A statement that fails
   * (cancelled at the timeout, say) is shown with the plan {@link #explainOnly} gives and the
   * error; the statements after it run in a new transaction.
   */
  List<Plan> explain(List<CapturedStatement> statements, String prefix, @Nullable String setup)
      throws SQLException {
    List<Plan> plans = new ArrayList<>();
    int next = 0;
    while (next < statements.size()) {
      int from = next;
      int[] failedAt = {-1};
      SQLException[] failure = {null};
      inRolledBackTransaction(
          isolationOf(statements),
          connection -> {
            if (setup != null) {
              try (Statement s = connection.createStatement()) {
                s.execute(setup);
              }
            }
            for (int i = from; i < statements.size(); i++) {
              CapturedStatement captured = statements.get(i);
              try (PreparedStatement ps = connection.prepareStatement(prefix + captured.sql())) {
                ps.setQueryTimeout(timeoutSeconds);
                captured.bindTo(ps);
                plans.add(new Plan(captured, output(ps, ps.execute())));
              } catch (SQLException e) {
                failedAt[0] = i;
                failure[0] = e;
                return;
              }
            }
          });
      if (failedAt[0] < 0) {
        break;
      }
      CapturedStatement failed = statements.get(failedAt[0]);
      plans.add(
          new Plan(
              failed,
              "("
                  + prefix.trim()
                  + " did not finish: "
                  + failure[0].getMessage()
                  + ")\n"
                  + "The plan without running the statement ("
                  + explainOnly.trim()
                  + "):\n"
                  + explain(List.of(failed), explainOnly, setup).get(0).text()));
      next = failedAt[0] + 1;
    }
    return plans;
  }

  /** The plans without running the statements, for those that do not finish. */
  List<Plan> explainWithoutRunning(List<CapturedStatement> statements) throws SQLException {
    return explain(statements, explainOnly, null);
  }

  /**
   * PostgreSQL only: the generic plan, the one a server-side prepared statement may switch to after
   * five executions (pgjdbc prepares a statement on the server from its fifth use on a connection).
   * Each statement is prepared by name with {@code $n} placeholders and explained as {@code
   * EXECUTE} with the bind values as literals, under {@code plan_cache_mode = force_generic_plan}.
   */
  List<Plan> explainGeneric(List<CapturedStatement> statements) throws SQLException {
    List<Plan> plans = new ArrayList<>();
    inRolledBackTransaction(
        isolationOf(statements),
        connection -> {
          try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            for (CapturedStatement captured : statements) {
              String name = "query_plans_bench_" + plans.size();
              s.execute("PREPARE " + name + " AS " + numbered(captured.sql()));
              try {
                String execute =
                    captured.binds().isEmpty() ? name : name + "(" + literals(captured) + ")";
                s.setQueryTimeout(timeoutSeconds);
                s.execute("EXPLAIN (ANALYZE, BUFFERS) EXECUTE " + execute);
                plans.add(new Plan(captured, output(s, true)));
              } finally {
                s.execute("DEALLOCATE " + name);
              }
            }
          }
        });
    return plans;
  }

  /** The SQL with {@code $1}, {@code $2}, ... for its {@code ?} placeholders. */
  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    boolean quoted = false;
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      }
      if (ch == '?' && !quoted) {
        out.append('$').append(++n);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** The bind values as SQL literals, in placeholder order. */
  private static String literals(CapturedStatement captured) {
    List<String> values = new ArrayList<>();
    for (CapturedStatement.Bind bind : captured.binds()) {
      Object value = bind.setter().getName().equals("setNull") ? null : bind.args()[1];
      if (value == null) {
        values.add("NULL");
      } else if (value instanceof Number) {
        values.add(value.toString());
      } else {
        values.add("'" + value.toString().replace("'", "''") + "'");
      }
    }
    return String.join(", ", values);
  }

  /**
   * Runs the statement plainly {@code times} times, each in a transaction of its own; after a run
   * longer than {@code slow}, no more.
   */
  Timing time(CapturedStatement captured, int times, Duration slow) throws SQLException {
    Measurements runs = new Measurements();
    long[] rows = {0};
    boolean[] timedOut = {false};
    for (int i = 0; i < times && !runs.anyLongerThan(slow) && !timedOut[0]; i++) {
      inRolledBackTransaction(
          captured.isolation(),
          connection -> {
            try (PreparedStatement ps = connection.prepareStatement(captured.sql())) {
              ps.setQueryTimeout(timeoutSeconds);
              captured.bindTo(ps);
              long start = System.nanoTime();
              try {
                rows[0] = drain(ps, ps.execute());
              } catch (SQLException e) {
                timedOut[0] = true;
                rows[0] = -1;
              }
              runs.add(Duration.ofNanos(System.nanoTime() - start));
            }
          });
    }
    return new Timing(rows[0], runs, timedOut[0]);
  }

  @FunctionalInterface
  private interface Work {
    void run(Connection connection) throws SQLException;
  }

  private void inRolledBackTransaction(int isolation, Work work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      int isolationBefore = connection.getTransactionIsolation();
      boolean autoCommitBefore = connection.getAutoCommit();
      if (isolation >= 0 && isolation != isolationBefore) {
        connection.setTransactionIsolation(isolation);
      }
      connection.setAutoCommit(false);
      try {
        work.run(connection);
      } finally {
        connection.rollback();
        connection.setTransactionIsolation(isolationBefore);
        connection.setAutoCommit(autoCommitBefore);
      }
    }
  }

  /** The isolation level the store set for the call (the first one it set), or -1. */
  private static int isolationOf(List<CapturedStatement> statements) {
    for (CapturedStatement s : statements) {
      if (s.isolation() >= 0) {
        return s.isolation();
      }
    }
    return -1;
  }

  /** Every result set the statement produced, as text: one column as lines, more as a table. */
  private static String output(Statement statement, boolean isResultSet) throws SQLException {
    StringBuilder out = new StringBuilder();
    boolean results = isResultSet;
    while (true) {
      if (results) {
        try (ResultSet rs = statement.getResultSet()) {
          out.append(text(rs));
        }
      } else if (statement.getUpdateCount() == -1) {
        break;
      }
      results = statement.getMoreResults();
    }
    return out.toString();
  }

  private static String text(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int columns = meta.getColumnCount();
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[columns];
    for (int i = 0; i < columns; i++) {
      header[i] = meta.getColumnLabel(i + 1);
    }
    while (rs.next()) {
      String[] row = new String[columns];
      for (int i = 0; i < columns; i++) {
        row[i] = String.valueOf(rs.getString(i + 1));
      }
      rows.add(row);
    }
    StringBuilder out = new StringBuilder();
    if (columns == 1) {
      for (String[] row : rows) {
        out.append(row[0]).append('\n');
      }
      return out.toString();
    }
    int[] width = new int[columns];
    for (int i = 0; i < columns; i++) {
      width[i] = header[i].length();
      for (String[] row : rows) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    appendRow(out, header, width);
    for (String[] row : rows) {
      appendRow(out, row, width);
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String[] cells, int[] width) {
    for (int i = 0; i < cells.length; i++) {
      out.append(i == 0 ? "| " : " | ");
      out.append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
    }
    out.append(" |\n");
  }

  /** Reads every row; returns the rows read, or the rows updated. */
  private static long drain(Statement statement, boolean isResultSet) throws SQLException {
    long rows = 0;
    boolean results = isResultSet;
    while (true) {
      if (results) {
        try (ResultSet rs = statement.getResultSet()) {
          while (rs.next()) {
            rows++;
          }
        }
      } else {
        long updated = statement.getUpdateCount();
        if (updated == -1) {
          break;
        }
        rows += updated;
      }
      results = statement.getMoreResults();
    }
    return rows;
  }
}
