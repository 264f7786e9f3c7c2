package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.queue.jdbc.internal.Migrations;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ferry's own migrator: the schema it makes is the one the plain DDL makes, its history is the one
 * Flyway keeps (either tool carries on after the other), instances starting at once apply each
 * script once, and a history that does not match the jar stops it.
 */
abstract class MigrationsTest {
  private static final String PREFIX = "ferry_";
  private static final int SCRIPTS = Migrations.SCRIPTS.size();

  private Scratch scratch;
  private DataSource pool;

  abstract TestDatabase database();

  @BeforeEach
  void createDatabase() {
    scratch = database().create();
    pool = scratch.pool(8);
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    scratch.close();
  }

  @Test
  void theMigratorMakesTheSchemaThatThePlainDdlMakes() throws Exception {
    assertThat(Migrations.migrate(pool, scratch.dialect(), PREFIX)).isEqualTo(SCRIPTS);
    assertThat(Migrations.migrate(pool, scratch.dialect(), PREFIX)).isZero();
    String migrated = schema(PREFIX);

    // An embedder who runs its own tool applies QueueSchema.ddl (the same scripts, as plain SQL).
    Scratch other = database().create();
    try (other;
        Connection c = other.connect();
        Statement s = c.createStatement()) {
      for (String statement : statements(QueueSchema.ddl(scratch.dialect(), PREFIX))) {
        s.execute(statement);
      }
      assertThat(schemaOf(c, PREFIX)).isEqualTo(migrated);
    }
    assertThat(migrated).contains("operations.payload", "accounts.account");
  }

  @Test
  void aQueueMigratedByFlywayIsCarriedOnAndFlywayReadsTheResult() throws Exception {
    // Ferry before its own migrator: Flyway, as Migrations configured it, up to V2.
    flyway().target("2").load().migrate();
    try (Connection c = scratch.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO ferry_operations (account, kind, folder, uid_validity, uid, status,"
              + " attempts, created_at, next_attempt_at) VALUES ('acct', 'MARK_READ', 'INBOX', 7,"
              + " 1, 'PENDING', 0, "
              + now()
              + ", "
              + now()
              + ")");
    }

    assertThat(Migrations.migrate(pool, scratch.dialect(), PREFIX)).isEqualTo(SCRIPTS - 2);

    List<String> expected = new ArrayList<>();
    for (int v = 1; v <= SCRIPTS; v++) {
      expected.add(v + " true");
    }
    // Flyway may have written a row of its own first (on H2, its schema marker, with no version).
    assertThat(history())
        .filteredOn(row -> row.get(1) != null)
        .extracting(row -> row.get(1) + " " + row.get(2))
        .containsExactlyElementsOf(expected);
    // Flyway finds every checksum as it would have written it, and nothing left to do.
    flyway().load().validate();
    assertThat(flyway().load().migrate().migrationsExecuted).isZero();
    try (Connection c = scratch.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT kind, payload FROM ferry_operations")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("FLAGS");
      assertThat(r.getString(2)).isEqualTo("+\\Seen");
    }
  }

  @Test
  void aQueueMigratedByTheMigratorIsOneFlywayWouldHaveMade() {
    assertThat(Migrations.migrate(pool, scratch.dialect(), PREFIX)).isEqualTo(SCRIPTS);
    flyway().load().validate();
    assertThat(flyway().load().migrate().migrationsExecuted).isZero();
  }

  @Test
  void instancesStartingAtOnceApplyEachScriptOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Integer>> starts = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        // Each instance on a pool of its own, as separate processes would be.
        DataSource own = scratch.pool(1);
        starts.add(() -> Migrations.migrate(own, scratch.dialect(), PREFIX));
      }
      int ran = 0;
      for (Future<Integer> f : threads.invokeAll(starts)) {
        ran += f.get();
      }
      assertThat(ran).isEqualTo(SCRIPTS);
    } finally {
      threads.shutdownNow();
    }
    assertThat(history()).hasSize(SCRIPTS);
  }

  @Test
  void aHistoryThatDoesNotMatchTheJarStopsTheMigrator() throws Exception {
    Migrations.migrateTo(pool, scratch.dialect(), PREFIX, "2");
    try (Connection c = scratch.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE "
              + quoted("ferry_schema_history")
              + " SET "
              + quoted("checksum")
              + " = 12345 WHERE "
              + quoted("version")
              + " = '2'");
    }
    assertThatThrownBy(() -> Migrations.migrate(pool, scratch.dialect(), PREFIX))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("V2__batch_outcomes.sql")
        .hasMessageContaining("checksum 12345");
    assertThat(history()).hasSize(2);
  }

  @Test
  void aFailedScriptNamesItselfAndItsStatement() throws Exception {
    Migrations.migrateTo(pool, scratch.dialect(), PREFIX, "3");
    // Someone added the column V4 adds: V4's first statement fails.
    try (Connection c = scratch.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "ALTER TABLE ferry_operations ADD COLUMN payload "
              + (scratch.dialect() == Dialect.SQLITE ? "TEXT" : "VARCHAR(10)"));
    }
    assertThatThrownBy(() -> Migrations.migrate(pool, scratch.dialect(), PREFIX))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("V4__operation_payload.sql, statement 1 of 2");
    assertThat(history()).hasSize(3);
  }

  private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
    return Flyway.configure()
        .dataSource(pool)
        .table(PREFIX + "schema_history")
        .locations("classpath:" + scratch.dialect().migrationLocation())
        .placeholders(Map.of("table_prefix", PREFIX))
        .baselineOnMigrate(true)
        .baselineVersion("0");
  }

  /** Rank, version and success of every history row. */
  private List<List<String>> history() throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = scratch.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT "
                    + quoted("installed_rank")
                    + ", "
                    + quoted("version")
                    + ", "
                    + quoted("success")
                    + " FROM "
                    + quoted("ferry_schema_history")
                    + " ORDER BY 1")) {
      while (r.next()) {
        rows.add(Arrays.asList(r.getString(1), r.getString(2), String.valueOf(r.getBoolean(3))));
      }
    }
    return rows;
  }

  /** The database's current time in a form its timestamp columns take. */
  private String now() {
    return scratch.dialect() == Dialect.SQLITE
        ? "strftime('%Y-%m-%d %H:%M:%f000', 'now')"
        : "CURRENT_TIMESTAMP";
  }

  private String quoted(String name) {
    return scratch.dialect() == Dialect.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
  }

  private String schema(String prefix) throws SQLException {
    try (Connection c = scratch.connect()) {
      return schemaOf(c, prefix);
    }
  }

  /** Every column (name, type, size, nullability) and index of the queue's tables, sorted. */
  private static String schemaOf(Connection c, String prefix) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    TreeSet<String> lines = new TreeSet<>();
    for (String table : List.of("operations", "accounts")) {
      String name = prefix + table;
      String stored = meta.storesUpperCaseIdentifiers() ? name.toUpperCase() : name;
      try (ResultSet r = meta.getColumns(c.getCatalog(), c.getSchema(), stored, null)) {
        while (r.next()) {
          lines.add(
              table
                  + "."
                  + r.getString("COLUMN_NAME").toLowerCase()
                  + " "
                  + r.getString("TYPE_NAME")
                  + "("
                  + r.getInt("COLUMN_SIZE")
                  + ") "
                  + r.getString("IS_NULLABLE"));
        }
      }
      try (ResultSet r = meta.getIndexInfo(c.getCatalog(), c.getSchema(), stored, false, false)) {
        while (r.next()) {
          if (r.getString("INDEX_NAME") != null) {
            lines.add(
                table
                    + " index "
                    + r.getString("INDEX_NAME").toLowerCase()
                    + " "
                    + r.getShort("ORDINAL_POSITION")
                    + " "
                    + String.valueOf(r.getString("COLUMN_NAME")).toLowerCase());
          }
        }
      }
    }
    return String.join("\n", lines);
  }

  /** The DDL's statements, as an embedder's tool would run them (comments dropped). */
  private static List<String> statements(String ddl) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : ddl.split("\n")) {
      String code = line.strip().startsWith("--") ? "" : line;
      current.append(code).append('\n');
      if (code.strip().endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
