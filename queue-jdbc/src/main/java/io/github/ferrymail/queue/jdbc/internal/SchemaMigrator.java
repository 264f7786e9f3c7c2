package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the scripts that the history does not list yet, in version order, under {@link
 * MigrationLock}. On PostgreSQL and SQLite each script and its history row commit together; H2 and
 * MariaDB commit DDL statement by statement, so a script that fails there may leave its earlier
 * statements applied (the error says which statement failed).
 *
 * <p>It refuses to go on when the history holds a failed script or a script whose checksum differs
 * from the one in the jar: the schema is then not what this version of Ferry expects.
 */
final class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private final Dialect dialect;
  private final String prefix;
  private final SchemaHistory history;

  SchemaMigrator(Dialect dialect, String prefix) {
    this.dialect = dialect;
    this.prefix = prefix;
    this.history = new SchemaHistory(dialect, prefix);
  }

  /**
   * Migrates up to {@code target} (every script when null).
   *
   * @return how many scripts ran
   */
  int migrate(DataSource dataSource, List<SqlScript> scripts, @Nullable Integer target)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      try (MigrationLock lock = MigrationLock.acquire(c, dialect, prefix)) {
        return migrateLocked(c, scripts, target);
      }
    }
  }

  private int migrateLocked(Connection c, List<SqlScript> scripts, @Nullable Integer target)
      throws SQLException {
    history.create(c);
    List<SchemaHistory.Applied> applied = history.read(c);
    Map<String, SchemaHistory.Applied> byVersion = new HashMap<>();
    int rank = 0;
    for (SchemaHistory.Applied row : applied) {
      rank = Math.max(rank, row.rank());
      if (!row.ok()) {
        throw new StoreException(
            "Ferry's migration "
                + row.script()
                + " failed earlier and is marked so in "
                + prefix
                + Migrations.HISTORY_TABLE
                + ": repair the schema by hand, then delete that row",
            null);
      }
      if (row.version() != null) {
        byVersion.put(row.version(), row);
      }
    }
    String installedBy = String.valueOf(c.getMetaData().getUserName());
    int ran = 0;
    int from = 0;
    for (SqlScript script : scripts) {
      if (target != null && script.version() > target) {
        break;
      }
      SchemaHistory.Applied done = byVersion.get(String.valueOf(script.version()));
      if (done != null) {
        if (done.checksum() != null && done.checksum() != script.checksum()) {
          throw new StoreException(
              "Ferry's migration "
                  + script.fileName()
                  + " was applied with checksum "
                  + done.checksum()
                  + " but the jar's has "
                  + script.checksum()
                  + ": the schema was made by another build of Ferry",
              null);
        }
        from = script.version();
        continue;
      }
      apply(c, script, ++rank, installedBy);
      ran++;
    }
    LOG.info(
        "Ferry queue schema ({} tables {}*) at version {}; {} migration(s) applied",
        dialect,
        prefix,
        ran == 0 ? from : lastVersion(scripts, target),
        ran);
    return ran;
  }

  private void apply(Connection c, SqlScript script, int rank, String installedBy)
      throws SQLException {
    List<String> statements = script.statements(Migrations.PREFIX_PLACEHOLDER, prefix);
    long start = System.nanoTime();
    // PostgreSQL and SQLite run DDL in transactions; H2 and MariaDB commit each statement.
    boolean transactional = dialect == Dialect.POSTGRESQL || dialect == Dialect.SQLITE;
    c.setAutoCommit(!transactional);
    try (Statement s = c.createStatement()) {
      for (int i = 0; i < statements.size(); i++) {
        try {
          s.execute(statements.get(i));
        } catch (SQLException e) {
          throw new SQLException(
              script.fileName()
                  + ", statement "
                  + (i + 1)
                  + " of "
                  + statements.size()
                  + (transactional ? " (the script was rolled back)" : "")
                  + ": "
                  + e.getMessage(),
              e.getSQLState(),
              e);
        }
      }
      int millis = (int) ((System.nanoTime() - start) / 1_000_000);
      history.record(c, rank, script, installedBy, millis);
      if (transactional) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      if (transactional) {
        c.rollback();
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    LOG.info("Applied Ferry migration {}", script.fileName());
  }

  private static int lastVersion(List<SqlScript> scripts, @Nullable Integer target) {
    int last = 0;
    for (SqlScript script : scripts) {
      if (target == null || script.version() <= target) {
        last = Math.max(last, script.version());
      }
    }
    return last;
  }
}
