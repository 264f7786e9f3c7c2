package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Ferry's Flyway migrations with their own history table ({@code <prefix>schema_history}).
 *
 * <p>The scripts are read with {@link Class#getResourceAsStream} from this module instead of
 * Flyway's class-path scanning: that finds them on the class path, on the module path (where the
 * resource folders are encapsulated) and in fat jars alike, and never picks up the embedder's own
 * migrations or callbacks.
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
          "V4__operation_payload.sql");

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
    QueueTables.checkPrefix(prefix);
    for (int attempt = 1; ; attempt++) {
      try {
        return migrateOnce(dataSource, dialect, prefix);
      } catch (FlywayException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreException("could not migrate the Ferry queue schema (" + dialect + ")", e);
        }
        // Flyway decides whether to create or baseline its history table before it takes its
        // lock, so instances starting at once on a new schema can trip over each other's
        // half-made history table. Once the winner is done, another try finds it and does
        // nothing; a real failure fails every try.
        LOG.info("migration attempt {} failed, trying again: {}", attempt, e.getMessage());
        LockSupport.parkNanos(
            Duration.ofMillis(100L << attempt).toNanos()
                + ThreadLocalRandom.current().nextLong(50_000_000L));
      }
    }
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
    QueueTables.checkPrefix(prefix);
    return migrateOnce(dataSource, dialect, prefix, target);
  }

  private static int migrateOnce(DataSource dataSource, Dialect dialect, String prefix) {
    return migrateOnce(dataSource, dialect, prefix, null);
  }

  private static int migrateOnce(
      DataSource dataSource, Dialect dialect, String prefix, @Nullable String target) {
    var configuration =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .table(prefix + HISTORY_TABLE)
            .locations("classpath:" + dialect.migrationLocation())
            .resourceProvider(new Scripts(dialect))
            .javaMigrationClassProvider(List::of)
            .skipDefaultCallbacks(true)
            .placeholders(Map.of(PREFIX_PLACEHOLDER, prefix))
            // The schema usually holds the embedder's tables already: start Ferry's own history
            // there instead of refusing a non-empty schema.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .baselineDescription("<< Ferry queue baseline >>");
    if (target != null) {
      configuration = configuration.target(target);
    }
    MigrateResult result = configuration.load().migrate();
    LOG.info(
        "Ferry queue schema ({} tables {}*) at version {}; {} migration(s) applied",
        dialect,
        prefix,
        result.targetSchemaVersion == null
            ? result.initialSchemaVersion
            : result.targetSchemaVersion,
        result.migrationsExecuted);
    return result.migrationsExecuted;
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

  /** Hands Flyway the dialect's scripts. */
  private static final class Scripts implements ResourceProvider {
    private final Dialect dialect;

    Scripts(Dialect dialect) {
      this.dialect = dialect;
    }

    @Override
    public @Nullable LoadableResource getResource(String name) {
      for (String script : SCRIPTS) {
        if (script.equals(name) || name.endsWith("/" + script)) {
          return new Script(dialect, script);
        }
      }
      return null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
      List<LoadableResource> found = new ArrayList<>();
      for (String script : SCRIPTS) {
        for (String suffix : suffixes) {
          if (script.startsWith(prefix) && script.endsWith(suffix)) {
            found.add(new Script(dialect, script));
            break;
          }
        }
      }
      return found;
    }
  }

  /** One script, read from this module. */
  private static final class Script extends LoadableResource {
    private final Dialect dialect;
    private final String name;

    Script(Dialect dialect, String name) {
      this.dialect = dialect;
      this.name = name;
    }

    @Override
    public Reader read() {
      return open(dialect, name);
    }

    @Override
    public String getAbsolutePath() {
      return dialect.migrationLocation() + "/" + name;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return getAbsolutePath();
    }

    @Override
    public String getFilename() {
      return name;
    }

    @Override
    public String getRelativePath() {
      return name;
    }
  }
}
