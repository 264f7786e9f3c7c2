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

  /** The plans of one replay: one {@link Plan} per statement, in order. */
  record Plan(CapturedStatement statement, String text) {}

  /** What a statement returned when run plainly (rows read or updated), and how long it took. */
  record Timing(long rows, Measurements runs) {}

  PlanExplainer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs every statement prefixed with {@code prefix} ({@code "EXPLAIN (ANALYZE, BUFFERS) "}, ...)
   * in one transaction, after {@code setup} if not null, and rolls it back.
   */
  List<Plan> explain(List<CapturedStatement> statements, String prefix, @Nullable String setup)
      throws SQLException {
    List<Plan> plans = new ArrayList<>();
    inRolledBackTransaction(
        isolationOf(statements),
        connection -> {
          if (setup != null) {
            try (Statement s = connection.createStatement()) {
              s.execute(setup);
            }
          }
          for (CapturedStatement captured : statements) {
            try (PreparedStatement ps = connection.prepareStatement(prefix + captured.sql())) {
              captured.bindTo(ps);
              plans.add(new Plan(captured, output(ps, ps.execute())));
            }
          }
        });
    return plans;
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
    for (int i = 0; i < times && !runs.anyLongerThan(slow); i++) {
      inRolledBackTransaction(
          captured.isolation(),
          connection -> {
            try (PreparedStatement ps = connection.prepareStatement(captured.sql())) {
              captured.bindTo(ps);
              long start = System.nanoTime();
              rows[0] = drain(ps, ps.execute());
              runs.add(Duration.ofNanos(System.nanoTime() - start));
            }
          });
    }
    return new Timing(rows[0], runs);
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
