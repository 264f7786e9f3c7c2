package io.github.ferrymail.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A scratch schema in the local PostgreSQL ({@code 127.0.0.1:5432}, database {@code test}, user
 * {@code postgres}, trust auth), dropped on close. A missing server fails the test, never skips it.
 */
public final class PostgresSchema implements AutoCloseable {
  public static final String SERVER =
      System.getProperty("ferry.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER = System.getProperty("ferry.test.postgres.user", "postgres");
  public static final String PASSWORD = System.getProperty("ferry.test.postgres.password", "");

  private final String schema;

  private PostgresSchema(String schema) {
    this.schema = schema;
  }

  public static PostgresSchema create() {
    String schema = "ferry_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL is needed at "
              + SERVER
              + " (user "
              + USER
              + ") for the cluster test and could not be reached: "
              + e.getMessage()
              + ". Start it (CI does, in .ci/run), or run ./mvnw verify -Pquick on a developer"
              + " machine.",
          e);
    }
    return new PostgresSchema(schema);
  }

  public String url() {
    return SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  public void close() {
    try {
      execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop schema " + schema, e);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
