package io.github.ferrymail.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An empty database of its own for one bench run, with a pool of {@link FerryDataSources#hikari}
 * (default size unless the caller asks for another); closing it drops everything the run wrote.
 */
final class ScratchDatabase implements AutoCloseable {

  /** The databases the queue bench knows. */
  enum Kind {
    /** Embedded H2, in memory. */
    H2_MEM,
    /** Embedded H2 in a file (the durable embedded setup), in a temporary directory. */
    H2_FILE,
    /**
     * PostgreSQL: a schema of its own, created and dropped, in the database of {@code --pg-url}.
     */
    POSTGRESQL,
    /**
     * MariaDB: a database of its own, created and dropped, on the server of {@code --mariadb-url}.
     */
    MARIADB;

    static Kind parse(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** For reports: {@code h2-file}, {@code postgresql}, ... */
    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static final int DEFAULT_POOL_SIZE = FerryDataSources.DEFAULT_MAXIMUM_POOL_SIZE;

  private final Kind kind;
  private final HikariDataSource dataSource;
  private final Runnable drop;
  private final Thread dropOnExit;
  private boolean closed;

  private ScratchDatabase(Kind kind, HikariDataSource dataSource, Runnable drop) {
    this.kind = kind;
    this.dataSource = dataSource;
    this.drop = drop;
    // A bench stopped with Ctrl-C must not leave its schema behind in the shared database.
    this.dropOnExit = new Thread(this::dropOnce, "scratch-database-drop");
    Runtime.getRuntime().addShutdownHook(dropOnExit);
  }

  static ScratchDatabase create(Kind kind, String pgUrl, String pgUser, String pgPassword) {
    return create(kind, new Servers(pgUrl, pgUser, pgPassword, "", "", ""), DEFAULT_POOL_SIZE);
  }

  /**
   * A new scratch database.
   *
   * @param kind which database
   * @param servers where PostgreSQL and MariaDB are
   * @param poolSize the most connections of its pool
   */
  static ScratchDatabase create(Kind kind, Servers servers, int poolSize) {
    String pgUrl = servers.pgUrl();
    String pgUser = servers.pgUser();
    String pgPassword = servers.pgPassword();
    String name = "ferry_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    switch (kind) {
      case H2_MEM:
        {
          String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
          return open(kind, url, "sa", "", poolSize, () -> execute(url, "sa", "", "SHUTDOWN"));
        }
      case H2_FILE:
        {
          Path dir = createTempDirectory();
          String url = "jdbc:h2:file:" + dir.resolve("queue");
          return open(
              kind,
              url,
              "sa",
              "",
              poolSize,
              () -> {
                execute(url, "sa", "", "SHUTDOWN");
                deleteRecursively(dir);
              });
        }
      case POSTGRESQL:
        {
          try {
            executeChecked(pgUrl, pgUser, pgPassword, "CREATE SCHEMA " + name);
          } catch (SQLException e) {
            throw new IllegalStateException(
                "PostgreSQL is not reachable at "
                    + pgUrl
                    + " as "
                    + pgUser
                    + " (leave it out with --databases=h2-mem,h2-file): "
                    + e.getMessage(),
                e);
          }
          String url = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
          return open(
              kind,
              url,
              pgUser,
              pgPassword,
              poolSize,
              () -> execute(pgUrl, pgUser, pgPassword, "DROP SCHEMA " + name + " CASCADE"));
        }
      case MARIADB:
        {
          String server = servers.mariadbUrl();
          String user = servers.mariadbUser();
          String password = servers.mariadbPassword();
          try {
            executeChecked(server, user, password, "CREATE DATABASE " + name);
          } catch (SQLException e) {
            throw new IllegalStateException(
                "MariaDB is not reachable at " + server + " as " + user + ": " + e.getMessage(), e);
          }
          return open(
              kind,
              server + name,
              user,
              password,
              poolSize,
              () -> execute(server, user, password, "DROP DATABASE " + name));
        }
    }
    throw new AssertionError(kind);
  }

  Kind kind() {
    return kind;
  }

  HikariDataSource dataSource() {
    return dataSource;
  }

  /**
   * Refreshes PostgreSQL's statistics of the scratch schema ({@code ANALYZE}), as autovacuum would
   * some time after a bulk insert; does nothing on the other databases.
   */
  void analyzeIfPostgres() {
    if (kind == Kind.POSTGRESQL) {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      } catch (SQLException e) {
        throw new IllegalStateException("ANALYZE failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    dropOnce();
    try {
      Runtime.getRuntime().removeShutdownHook(dropOnExit);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook has run or runs dropOnce again, harmlessly.
    }
  }

  private synchronized void dropOnce() {
    if (closed) {
      return;
    }
    closed = true;
    dataSource.close();
    drop.run();
  }

  private static ScratchDatabase open(
      Kind kind, String url, String user, String password, int poolSize, Runnable drop) {
    return new ScratchDatabase(kind, FerryDataSources.hikari(url, user, password, poolSize), drop);
  }

  private static void execute(String url, String user, String password, String sql) {
    try {
      executeChecked(url, user, password, sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + sql + ": " + e.getMessage(), e);
    }
  }

  private static void executeChecked(String url, String user, String password, String sql)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("ferry-bench-h2-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
