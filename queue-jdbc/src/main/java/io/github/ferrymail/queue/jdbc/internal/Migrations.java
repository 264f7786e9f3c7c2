package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Ferry's migrations with their own history table ({@code <prefix>schema_history}, in Flyway's
 * format), without Flyway: {@link SchemaMigrator} applies the scripts, so that {@code
 * ferry-queue-jdbc} brings no migration tool, and none whose version fights the application's.
 *
 * <p>The scripts are read with {@link Class#getResourceAsStream} from this module instead of
 * class-path scanning: that finds them on the class path, on the module path (where the resource
 * folders are encapsulated) and in fat jars alike, and never picks up the embedder's own
 * migrations.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** The placeholder the scripts use for the table prefix. */
  public static final String PREFIX_PLACEHOLDER = "table_prefix";

  /** Every migration, in order. Add new ones here as well as in each dialect's folder. */
  public static final List<String> SCRIPTS =
      List.of(
          "V1__create_queue.sql",
          "V2__batch_outcomes.sql",
          "V3__polling_indexes.sql",
          "V4__operation_payload.sql",
          "V5__folder_barrier.sql",
          "V6__pause_streak.sql");

  /** The history table's name without prefix. */
  public static final String HISTORY_TABLE = "schema_history";

  /** How often {@link #migrate} tries before it gives up. */
  private static final int MAX_ATTEMPTS = 5;

  private Migrations() {}

  /**
   * Brings the schema up to date.
   *
   * @param dataSource the database
   * @param dialect its dialect
   * @param prefix the table prefix
   * @return how many migrations ran
   */
  public static int migrate(DataSource dataSource, Dialect dialect, String prefix) {
    return migrate(dataSource, dialect, prefix, null);
  }

  /**
   * Migrates up to a version only, as an older Ferry would have left the schema: for the tests that
   * upgrade a populated queue.
   *
   * @param dataSource the database
   * @param dialect its dialect
   * @param prefix the table prefix
   * @param target the last version to apply, for example {@code "1"}
   * @return how many migrations ran
   */
  public static int migrateTo(
      DataSource dataSource, Dialect dialect, String prefix, String target) {
    return migrate(dataSource, dialect, prefix, Integer.valueOf(target));
  }

  private static int migrate(
      DataSource dataSource, Dialect dialect, String prefix, @Nullable Integer target) {
    QueueTables.checkPrefix(prefix);
    List<SqlScript> scripts = scripts(dialect);
    SchemaMigrator migrator = new SchemaMigrator(dialect, prefix);
    for (int attempt = 1; ; attempt++) {
      try {
        return migrator.migrate(dataSource, scripts, target);
      } catch (SQLException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreException(
              "could not migrate the Ferry queue schema (" + dialect + "): " + e.getMessage(), e);
        }
        // The lock serialises instances on PostgreSQL, MariaDB and within one JVM on H2; what
        // remains (H2 in server mode shared by several JVMs, a connection lost mid-way) is
        // carried by trying again: once the winner is done, another try finds its history and
        // does nothing, while a real failure fails every try.
        LOG.info("migration attempt {} failed, trying again: {}", attempt, e.getMessage());
        LockSupport.parkNanos(
            Duration.ofMillis(100L << attempt).toNanos()
                + ThreadLocalRandom.current().nextLong(50_000_000L));
      }
    }
  }

  /** The dialect's scripts as shipped, in version order. */
  static List<SqlScript> scripts(Dialect dialect) {
    List<SqlScript> scripts = new ArrayList<>();
    for (String name : SCRIPTS) {
      scripts.add(new SqlScript(name, read(dialect, name)));
    }
    return scripts;
  }

  /**
   * The complete DDL for a dialect and prefix, as the migrations would run it.
   *
   * @param dialect the dialect
   * @param prefix the table prefix
   * @return the SQL script
   */
  public static String ddl(Dialect dialect, String prefix) {
    QueueTables.checkPrefix(prefix);
    StringBuilder sql = new StringBuilder();
    for (String script : SCRIPTS) {
      sql.append("-- ").append(dialect.migrationLocation()).append('/').append(script).append('\n');
      sql.append(read(dialect, script).replace("${" + PREFIX_PLACEHOLDER + "}", prefix));
    }
    return sql.toString();
  }

  private static String read(Dialect dialect, String script) {
    try (Reader reader = open(dialect, script)) {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n; (n = reader.read(buffer)) > 0; ) {
        text.append(buffer, 0, n);
      }
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reader open(Dialect dialect, String script) {
    String path = "/" + dialect.migrationLocation() + "/" + script;
    InputStream in = Migrations.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("migration " + path + " is missing from the jar");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }
}
