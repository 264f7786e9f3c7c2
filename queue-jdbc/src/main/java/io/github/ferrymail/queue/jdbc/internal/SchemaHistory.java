package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.queue.jdbc.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Ferry's history table ({@code <prefix>schema_history}) in Flyway's format: the same quoted,
 * lower-case table and column names, the same columns and types, one row per applied script. A
 * queue migrated by Flyway (before Ferry ran its own migrations) is carried on from its history,
 * and a team that prefers Flyway can point it at the same scripts and table.
 */
final class SchemaHistory {
  /** One row: a script applied, or tried and failed. */
  record Applied(
      int rank, @Nullable String version, String script, @Nullable Integer checksum, boolean ok) {}

  private final Dialect dialect;
  private final String table;

  SchemaHistory(Dialect dialect, String prefix) {
    this.dialect = dialect;
    this.table = quote(prefix + Migrations.HISTORY_TABLE);
  }

  /** Creates the table unless it is there. */
  void create(Connection c) throws SQLException {
    if (exists(c)) {
      return;
    }
    String boolType = dialect == Dialect.MARIADB ? "BOOL" : "BOOLEAN";
    String now = dialect == Dialect.POSTGRESQL ? "now()" : "CURRENT_TIMESTAMP";
    // SQLite as Flyway writes it there: text with milliseconds, which its driver reads back.
    String timestampType = dialect == Dialect.SQLITE ? "TEXT" : "TIMESTAMP";
    if (dialect == Dialect.SQLITE) {
      now = "(strftime('%Y-%m-%d %H:%M:%f','now'))";
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + table
              + " ("
              + col("installed_rank")
              + " INT NOT NULL, "
              + col("version")
              + " VARCHAR(50), "
              + col("description")
              + " VARCHAR(200) NOT NULL, "
              + col("type")
              + " VARCHAR(20) NOT NULL, "
              + col("script")
              + " VARCHAR(1000) NOT NULL, "
              + col("checksum")
              + " INT, "
              + col("installed_by")
              + " VARCHAR(100) NOT NULL, "
              + col("installed_on")
              + " "
              + timestampType
              + " NOT NULL DEFAULT "
              + now
              + ", "
              + col("execution_time")
              + " INT NOT NULL, "
              + col("success")
              + " "
              + boolType
              + " NOT NULL, CONSTRAINT "
              + quote(unquoted() + "_pk")
              + " PRIMARY KEY ("
              + col("installed_rank")
              + "))"
              + (dialect == Dialect.MARIADB ? " ENGINE=InnoDB" : ""));
      s.execute(
          "CREATE INDEX "
              + quote(unquoted() + "_s_idx")
              + " ON "
              + table
              + " ("
              + col("success")
              + ")");
    }
  }

  /** Every row, in rank order. */
  List<Applied> read(Connection c) throws SQLException {
    List<Applied> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT "
                    + String.join(
                        ", ",
                        col("installed_rank"),
                        col("version"),
                        col("script"),
                        col("checksum"),
                        col("success"))
                    + " FROM "
                    + table
                    + " ORDER BY "
                    + col("installed_rank"))) {
      while (r.next()) {
        int checksum = r.getInt(4);
        rows.add(
            new Applied(
                r.getInt(1),
                r.getString(2),
                r.getString(3),
                r.wasNull() ? null : checksum,
                r.getBoolean(5)));
      }
    }
    return rows;
  }

  /** Records a script as applied. */
  void record(Connection c, int rank, SqlScript script, String installedBy, int millis)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + String.join(
                    ", ",
                    col("installed_rank"),
                    col("version"),
                    col("description"),
                    col("type"),
                    col("script"),
                    col("checksum"),
                    col("installed_by"),
                    col("execution_time"),
                    col("success"))
                + ") VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?, ?)")) {
      s.setInt(1, rank);
      s.setString(2, String.valueOf(script.version()));
      s.setString(3, script.description());
      s.setString(4, script.fileName());
      s.setInt(5, script.checksum());
      s.setString(6, installedBy.length() > 100 ? installedBy.substring(0, 100) : installedBy);
      s.setInt(7, millis);
      s.setBoolean(8, true);
      s.executeUpdate();
    }
  }

  private boolean exists(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String name = unquoted();
    String catalog = dialect == Dialect.MARIADB ? c.getCatalog() : null;
    String schema = dialect == Dialect.MARIADB ? null : c.getSchema();
    try (ResultSet r = meta.getTables(catalog, schema, name, null)) {
      while (r.next()) {
        if (name.equals(r.getString("TABLE_NAME"))) {
          return true;
        }
      }
    }
    return false;
  }

  private String unquoted() {
    return table.substring(1, table.length() - 1);
  }

  private String col(String name) {
    return quote(name);
  }

  /** Flyway quotes these names, so they stay lower case on H2 too. */
  private String quote(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return dialect == Dialect.MARIADB ? "`" + lower + "`" : "\"" + lower + "\"";
  }
}
