package io.github.ferrymail.queue.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The databases the tests run on. Each test gets a scratch database of its own: an in-memory H2
 * database, a PostgreSQL schema in database {@code test}, a MariaDB database, or a SQLite file in a
 * temporary directory of its own; it is dropped afterwards. PostgreSQL and MariaDB must be running
 * (see {@link #unreachable}).
 */
enum TestDatabase {
  H2(Dialect.H2) {
    @Override
    Scratch create() {
      String name = scratchName();
      String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
      return new Scratch(this, url, "sa", "", () -> execute(url, "sa", "", "SHUTDOWN"));
    }
  },

  POSTGRESQL(Dialect.POSTGRESQL) {
    private final String server =
        System.getProperty("ferry.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String user = System.getProperty("ferry.test.postgres.user", "postgres");
    private final String password = System.getProperty("ferry.test.postgres.password", "");

    @Override
    Scratch create() {
      String schema = scratchName();
      try {
        execute(server, user, password, "CREATE SCHEMA " + schema);
      } catch (SQLException e) {
        throw unreachable("PostgreSQL", server + " (user " + user + ", trust auth)", "postgres", e);
      }
      String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      return new Scratch(
          this,
          url,
          user,
          password,
          () -> execute(server, user, password, "DROP SCHEMA " + schema + " CASCADE"));
    }
  },

  MARIADB(Dialect.MARIADB) {
    private final String server =
        System.getProperty("ferry.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
    private final String user = System.getProperty("ferry.test.mariadb.user", "root");
    private final String password = System.getProperty("ferry.test.mariadb.password", "");

    @Override
    Scratch create() {
      String database = scratchName();
      try {
        execute(server, user, password, "CREATE DATABASE " + database);
      } catch (SQLException e) {
        throw unreachable("MariaDB", server + " (user " + user + ", empty password)", "mariadb", e);
      }
      return new Scratch(
          this,
          server + database,
          user,
          password,
          () -> execute(server, user, password, "DROP DATABASE " + database));
    }
  },

  SQLITE(Dialect.SQLITE) {
    @Override
    Scratch create() {
      Path directory;
      try {
        directory = Files.createTempDirectory("ferry-sqlite-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // A real file, configured as docs/databases.md tells a desktop client to.
      String url =
          "jdbc:sqlite:"
              + directory.resolve(scratchName() + ".db")
              + "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true&synchronous=NORMAL";
      return new Scratch(this, url, "", "", () -> deleteTree(directory));
    }

    @Override
    Object timestamp(Instant instant) {
      return DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
          .withZone(ZoneOffset.UTC)
          .format(instant);
    }
  };

  final Dialect dialect;

  TestDatabase(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Creates an empty scratch database (or schema) for one test. */
  abstract Scratch create();

  /**
   * An instant as a test's own SQL binds it into a timestamp column: a {@code Timestamp}, or on
   * SQLite the UTC text the store writes (its driver would write a {@code Timestamp} as a number).
   */
  Object timestamp(Instant instant) {
    return Timestamp.from(instant);
  }

  static String scratchName() {
    return "ferry_t_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  }

  /** Deletes a scratch directory and the SQLite files in it (the database, its WAL and index). */
  static void deleteTree(Path directory) throws SQLException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new SQLException("could not delete the scratch directory " + directory, e);
    }
  }

  static void execute(String url, String user, String password, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * The test's failure when a database server is missing: never a skip, so that CI cannot pass
   * without it.
   */
  static AssertionError unreachable(String product, String where, String tag, SQLException e) {
    return new AssertionError(
        product
            + " is needed at "
            + where
            + " for the tests tagged '"
            + tag
            + "' and could not be reached: "
            + e.getMessage().replaceAll("\\.+$", "")
            + ". Start it (CI does, in .ci/run), or run ./mvnw verify -Pquick to leave out the"
            + " tagged postgres, mariadb and slow tests on a developer machine.",
        e);
  }
}
