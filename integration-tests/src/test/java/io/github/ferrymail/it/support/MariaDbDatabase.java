package io.github.ferrymail.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A scratch database in the local MariaDB ({@code 127.0.0.1:3306}, user {@code root}, empty
 * password), dropped on close. A missing server fails the test, never skips it.
 */
public final class MariaDbDatabase implements AutoCloseable {
  public static final String SERVER =
      System.getProperty("ferry.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
  public static final String USER = System.getProperty("ferry.test.mariadb.user", "root");

  private final String name;

  private MariaDbDatabase(String name) {
    this.name = name;
  }

  public static MariaDbDatabase create() {
    String name = "ferry_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
    } catch (SQLException e) {
      throw new AssertionError(
          "MariaDB is needed at "
              + SERVER
              + " (user "
              + USER
              + ") and could not be reached: "
              + e.getMessage()
              + ". Start it (CI does, in .ci/run), or run ./mvnw verify -Pquick on a developer"
              + " machine.",
          e);
    }
    return new MariaDbDatabase(name);
  }

  public String url() {
    return SERVER + name;
  }

  @Override
  public void close() {
    try {
      execute("DROP DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop database " + name, e);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(SERVER, USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
