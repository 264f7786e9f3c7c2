package io.github.ferrymail.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a queue's rows on a connection of its own, outside the store's pool, so that watching a
 * test never disturbs (or is disturbed by) the pool of the processor under test.
 */
public final class QueueProbe {
  private final String url;
  private final String user;

  public QueueProbe(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** Rows per status: finished (completed, cancelled, failed) and unfinished. */
  public record Counts(long finished, long unfinished, long failed) {}

  /** The counts now, or null while the database cannot be reached. */
  public Counts countsOrNull() {
    try {
      return counts();
    } catch (SQLException e) {
      return null;
    }
  }

  public Counts counts() throws SQLException {
    long finished = 0;
    long unfinished = 0;
    long failed = 0;
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      s.setQueryTimeout(10);
      try (ResultSet rs =
          s.executeQuery("SELECT status, count(*) FROM ferry_operations GROUP BY status")) {
        while (rs.next()) {
          String status = rs.getString(1);
          long n = rs.getLong(2);
          switch (status) {
            case "PENDING", "IN_FLIGHT" -> unfinished += n;
            case "FAILED" -> {
              failed += n;
              finished += n;
            }
            default -> finished += n;
          }
        }
      }
    }
    return new Counts(finished, unfinished, failed);
  }

  /** One operation's row, without its checkpoint (which is large and of no interest here). */
  public record Row(
      long id,
      String kind,
      String status,
      int attempts,
      String messageKey,
      String movedFolder,
      Long movedUid,
      String failureReason,
      String lastError) {}

  /** The account's rows in id order. */
  public List<Row> rows(String account) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, kind, status, attempts, message_key, moved_folder, moved_uid,"
                    + " failure_reason, last_error FROM ferry_operations WHERE account = ?"
                    + " ORDER BY id")) {
      s.setString(1, account);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long movedUid = rs.getLong(7);
          rows.add(
              new Row(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.wasNull() ? null : movedUid,
                  rs.getString(8),
                  rs.getString(9)));
        }
      }
    }
    return rows;
  }

  /**
   * Every row of one message (by message key) in queue order, one line each with what it asked for
   * and how it ended: what a failed check of the message prints.
   */
  public String history(String account, String messageKey) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url, user, "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, kind, folder, uid, destination, payload, status, attempts,"
                    + " moved_folder, moved_uid, last_error FROM ferry_operations"
                    + " WHERE account = ? AND message_key = ? ORDER BY id")) {
      s.setString(1, account);
      s.setString(2, messageKey);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.append(
              String.format(
                  "%n  #%d %s %s/%d%s%s: %s after %d attempt(s)%s%s",
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getLong(4),
                  rs.getString(5) == null ? "" : " to " + rs.getString(5),
                  rs.getString(6) == null ? "" : " " + rs.getString(6),
                  rs.getString(7),
                  rs.getInt(8),
                  rs.getString(9) == null ? "" : ", now " + rs.getString(9) + "/" + rs.getLong(10),
                  rs.getString(11) == null ? "" : ", last error: " + rs.getString(11)));
        }
      }
    }
    return out.toString();
  }

  /** How many accounts still hold a lease. */
  public long leasesHeld() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM ferry_accounts WHERE lease_token IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
