package io.github.ferrymail.examples.support;

import io.github.ferrymail.core.MessageRef;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The application's own {@code app_messages} table of the transactional example: one row per
 * message of {@value #ACCOUNT}'s INBOX, keyed {@code m1}, {@code m2}, ... (no mail server needed),
 * and how the example shows it beside Ferry's queue.
 */
public final class AppMessages {
  /** The account of every row. */
  public static final String ACCOUNT = "alice";

  private static final long UID_VALIDITY = 1_700_000_000L;

  private AppMessages() {}

  /**
   * The application's migration (its own table, separate from Ferry's) and its first sync: message
   * n (from 1) gets key {@code m<n>} and UID n in the INBOX, unread.
   *
   * @param db the database
   * @param subjects the messages' subjects, in UID order
   * @throws SQLException when the database refuses
   */
  public static void create(DataSource db, List<String> subjects) throws SQLException {
    Sql.execute(
        db,
        "create table app_messages ("
            + " message_key varchar(255) primary key,"
            + " account varchar(255) not null,"
            + " folder varchar(1000) not null,"
            + " uid_validity bigint not null,"
            + " uid bigint not null,"
            + " subject varchar(500) not null,"
            + " seen boolean not null)");
    String insert =
        "insert into app_messages (message_key, account, folder, uid_validity, uid, subject, seen)"
            + " values (?, ?, 'INBOX', ?, ?, ?, false)";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(insert)) {
      for (int n = 1; n <= subjects.size(); n++) {
        ps.setString(1, "m" + n);
        ps.setString(2, ACCOUNT);
        ps.setLong(3, UID_VALIDITY);
        ps.setLong(4, n);
        ps.setString(5, subjects.get(n - 1));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Prints {@code app_messages} and Ferry's operations table, row by row, under a title.
   *
   * @param out where to print
   * @param title for example {@code Before}
   * @param db the database
   * @param tablePrefix the queue's table prefix
   * @throws SQLException when a query fails
   */
  public static void print(PrintStream out, String title, DataSource db, String tablePrefix)
      throws SQLException {
    out.println("== " + title + " ==");
    Sql.print(
        out,
        db,
        "app_messages",
        "select message_key, folder, uid, seen, subject from app_messages order by 1");
    String operations = tablePrefix + "operations";
    Sql.print(
        out,
        db,
        operations,
        "select id, kind, folder, uid, destination, message_key, status from "
            + operations
            + " order by id");
  }

  /**
   * Where message n is on the server, as the application knows it.
   *
   * @param n the message's UID
   * @return its location
   */
  public static MessageRef ref(long n) {
    return new MessageRef(ACCOUNT, "INBOX", UID_VALIDITY, n, null);
  }
}
