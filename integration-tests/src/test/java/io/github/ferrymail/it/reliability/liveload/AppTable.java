package io.github.ferrymail.it.reliability.liveload;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.queue.jdbc.OutcomeHook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The application's own messages table, as a mail client keeps one: where each message is. The
 * application reads a message's location from it when it queues an operation (the ordering
 * convention: the last location it knew), and the store's {@link OutcomeHook} keeps it in line, in
 * the transaction that records each completion: a completed move, trash or restore writes the new
 * location, a completed permanent delete removes the row.
 */
public final class AppTable {
  private final DataSource db;
  private final String table;

  private AppTable(DataSource db, String table) {
    this.db = db;
    this.table = checked(table);
  }

  /** Creates the table, empty. */
  public static AppTable create(DataSource db, String table) throws SQLException {
    AppTable t = new AppTable(db, table);
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + t.table
              + " (message_key VARCHAR(200) PRIMARY KEY, account VARCHAR(100) NOT NULL,"
              + " folder VARCHAR(100) NOT NULL, uid_validity BIGINT NOT NULL, uid BIGINT NOT NULL)");
    }
    return t;
  }

  /** The hook that keeps table {@code table} in line with what the queue completes. */
  public static OutcomeHook hook(String table) {
    String name = checked(table);
    return (connection, finished) -> {
      for (FinishedOperation f : finished) {
        if (f.operation().status() != OperationStatus.COMPLETED
            || f.operation().messageKey() == null) {
          continue;
        }
        if (f.operation().kind().isDeletion()) {
          try (PreparedStatement s =
              connection.prepareStatement("DELETE FROM " + name + " WHERE message_key = ?")) {
            s.setString(1, f.operation().messageKey());
            s.executeUpdate();
          }
        } else if (f.operation().kind().movesMessage()
            && f.relocation() != null
            && f.relocation().uidKnown()) {
          MessageRef to = f.relocation().location();
          try (PreparedStatement s =
              connection.prepareStatement(
                  "UPDATE "
                      + name
                      + " SET folder = ?, uid_validity = ?, uid = ? WHERE message_key = ?")) {
            s.setString(1, to.folder());
            s.setLong(2, to.uidValidity());
            s.setLong(3, to.uid());
            s.setString(4, f.operation().messageKey());
            s.executeUpdate();
          }
        }
      }
    };
  }

  /** Adds the seeded messages, keyed by their Message-IDs. */
  public void insert(List<MessageRef> messages) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (message_key, account, folder, uid_validity, uid) VALUES (?, ?, ?, ?, ?)")) {
      for (MessageRef m : messages) {
        s.setString(1, m.messageId());
        s.setString(2, m.account());
        s.setString(3, m.folder());
        s.setLong(4, m.uidValidity());
        s.setLong(5, m.uid());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** The account's messages as the application knows them, by key. */
  public Map<String, MessageRef> locations(String account) throws SQLException {
    Map<String, MessageRef> out = new HashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT message_key, folder, uid_validity, uid FROM "
                    + table
                    + " WHERE account = ?")) {
      s.setString(1, account);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1);
          out.put(key, new MessageRef(account, rs.getString(2), rs.getLong(3), rs.getLong(4), key));
        }
      }
    }
    return out;
  }

  private static String checked(String table) {
    if (!table.matches("[a-z_][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("not a plain table name: " + table);
    }
    return table;
  }
}
