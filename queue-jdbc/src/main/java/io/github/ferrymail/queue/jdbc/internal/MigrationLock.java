package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Lets one migrator at a time work on a schema's queue tables, however many instances start at
 * once: a session-level advisory lock on PostgreSQL, a named lock on MariaDB (both held by the
 * connection that migrates, and released by the server if that connection dies), and a lock in this
 * JVM for H2 and SQLite, which are embedded in one process (instances of H2 in server mode, or
 * processes on one SQLite file, that start at once are carried by {@link Migrations}' retries
 * instead: SQLite runs each script in a transaction, so the loser's try fails whole and the next
 * one finds the winner's history).
 */
final class MigrationLock implements AutoCloseable {
  /** How long an instance waits for another one's migration to finish. */
  static final int WAIT_SECONDS = 600;

  private static final Map<String, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private final Connection connection;
  private final Dialect dialect;
  private final String name;
  private final @Nullable ReentrantLock local;

  private MigrationLock(
      Connection connection, Dialect dialect, String name, @Nullable ReentrantLock local) {
    this.connection = connection;
    this.dialect = dialect;
    this.name = name;
    this.local = local;
  }

  static MigrationLock acquire(Connection c, Dialect dialect, String prefix) throws SQLException {
    String name = "ferry-migrations/" + prefix;
    switch (dialect) {
      case POSTGRESQL:
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT pg_advisory_lock(hashtext(COALESCE(current_schema(), '') || ?))")) {
          s.setString(1, "/" + name);
          s.execute();
        }
        return new MigrationLock(c, dialect, name, null);
      case MARIADB:
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT GET_LOCK(SHA1(CONCAT(COALESCE(DATABASE(), ''), '/', ?)), ?)")) {
          s.setString(1, name);
          s.setInt(2, WAIT_SECONDS);
          try (ResultSet r = s.executeQuery()) {
            if (!r.next() || r.getInt(1) != 1) {
              throw new StoreException(
                  "another instance held the lock on Ferry's migrations for more than "
                      + WAIT_SECONDS
                      + " s",
                  null);
            }
          }
        }
        return new MigrationLock(c, dialect, name, null);
      default:
        ReentrantLock local =
            LOCAL_LOCKS.computeIfAbsent(
                localKey(c, dialect) + "/" + name, k -> new ReentrantLock());
        try {
          if (!local.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new StoreException(
                "another thread held the lock on Ferry's migrations for more than "
                    + WAIT_SECONDS
                    + " s",
                null);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while waiting to migrate", e);
        }
        return new MigrationLock(c, dialect, name, local);
    }
  }

  /**
   * The database a lock in this JVM stands for: H2's URL, or SQLite's file as the database itself
   * names it ({@code PRAGMA database_list}), whatever parameters or relative path the URL has.
   */
  private static String localKey(Connection c, Dialect dialect) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("PRAGMA database_list")) {
        while (r.next()) {
          String file = r.getString("file");
          if ("main".equals(r.getString("name")) && file != null && !file.isEmpty()) {
            return "sqlite:" + file;
          }
        }
      }
    }
    return c.getMetaData().getURL();
  }

  @Override
  public void close() throws SQLException {
    switch (dialect) {
      case POSTGRESQL:
        try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT pg_advisory_unlock(hashtext(COALESCE(current_schema(), '') || ?))")) {
          s.setString(1, "/" + name);
          s.execute();
        }
        break;
      case MARIADB:
        try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT RELEASE_LOCK(SHA1(CONCAT(COALESCE(DATABASE(), ''), '/', ?)))")) {
          s.setString(1, name);
          s.execute();
        }
        break;
      default:
        if (local != null) {
          local.unlock();
        }
    }
  }
}
