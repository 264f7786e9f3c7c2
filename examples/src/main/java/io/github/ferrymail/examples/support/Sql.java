package io.github.ferrymail.examples.support;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Plain JDBC for the examples' own tables: statements, updates, printed rows, readable errors. */
public final class Sql {
  private Sql() {}

  /**
   * Runs one statement on a connection of its own (auto-commit).
   *
   * @param db the database
   * @param sql the statement
   * @throws SQLException when the database refuses it
   */
  public static void execute(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Runs an update with one string parameter inside the caller's transaction.
   *
   * @param tx the transaction's connection
   * @param sql the statement, with one {@code ?}
   * @param value the parameter
   * @throws SQLException when the database refuses it
   */
  public static void update(Connection tx, String sql, String value) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      ps.setString(1, value);
      ps.executeUpdate();
    }
  }

  /**
   * Prints every row of a query as {@code column=value} pairs after {@code label}, or {@code
   * (empty)}.
   *
   * @param out where to print
   * @param db the database
   * @param label what to print first on every line, such as the table's name
   * @param sql the query
   * @throws SQLException when the query fails
   */
  public static void print(PrintStream out, DataSource db, String label, String sql)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData columns = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          row.add(columns.getColumnLabel(i).toLowerCase(Locale.ROOT) + "=" + rs.getString(i));
        }
        rows.add(String.join("  ", row));
      }
    }
    for (String row : rows.isEmpty() ? List.of("(empty)") : rows) {
      out.printf("%-17s %s%n", label, row);
    }
  }

  /**
   * The database's own words for a failure: the root cause's message without the statement H2
   * appends to it.
   *
   * @param e the failure, perhaps wrapped by Ferry
   * @return the reason
   */
  public static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    int statement = message.indexOf("; SQL statement:");
    int newline = message.indexOf('\n');
    int end = statement >= 0 ? statement : newline >= 0 ? newline : message.length();
    return message.substring(0, end);
  }
}
