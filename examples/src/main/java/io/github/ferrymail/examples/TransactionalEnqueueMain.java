package io.github.ferrymail.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.examples.support.ExampleDatabases;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The application's own change and Ferry's queued operation in one JDBC transaction: both commit,
 * or neither does. No mail server is needed; this one is about the database.
 *
 * <ol>
 *   <li>An H2 file database holds Ferry's queue (migrated by {@code migrate()}) and the
 *       application's {@code app_messages} table, plus the application's own migration: a foreign
 *       key from {@code ferry_operations.message_key} to {@code app_messages}.
 *   <li>The user reads a message: the {@code seen} update and the queued mark-read commit together.
 *   <li>The user files a message, but the application fails after queueing the MOVE: the
 *       transaction rolls back, and neither the new folder nor the MOVE is anywhere.
 *   <li>A bug queues an operation for a message the application does not have: the database refuses
 *       it (the foreign key), so the queue never holds an operation nobody can map back.
 *   <li>The user deletes a message for good: the PERMANENT_DELETE is queued first, then the row is
 *       deleted; {@code ON DELETE SET NULL} keeps the operation (the server still has to delete the
 *       message) and clears its key.
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.TransactionalEnqueueMain}; the database stays in
 * {@code examples/target/transactional-enqueue} for a look with any SQL tool.
 */
public final class TransactionalEnqueueMain {
  /** The application's migration: its own table, separate from Ferry's. */
  static final String CREATE_MESSAGES =
      "create table app_messages ("
          + " message_key varchar(255) primary key,"
          + " account varchar(255) not null,"
          + " folder varchar(1000) not null,"
          + " uid_validity bigint not null,"
          + " uid bigint not null,"
          + " subject varchar(500) not null,"
          + " seen boolean not null)";

  /**
   * The foreign key, added by the application's own migration after Ferry's. {@code ON DELETE SET
   * NULL}, never {@code CASCADE}: deleting the local row must not delete the operation that deletes
   * the message on the server.
   */
  static final String ADD_FOREIGN_KEY =
      "alter table %soperations add constraint app_operations_message_fk"
          + " foreign key (message_key) references app_messages (message_key) on delete set null";

  private static final String ACCOUNT = "alice";
  private static final long UID_VALIDITY = 1_700_000_000L;

  private TransactionalEnqueueMain() {}

  /**
   * Runs the example.
   *
   * @param args none
   */
  public static void main(String[] args) {
    run(System.out, Path.of("target", "transactional-enqueue"));
  }

  /**
   * Runs the walkthrough.
   *
   * @param out where to print
   * @param workDir where the H2 database lives; emptied first, kept afterwards
   * @return what happened, for the test that keeps this example honest
   */
  public static Result run(PrintStream out, Path workDir) {
    try (HikariDataSource db = ExampleDatabases.freshFile(workDir)) {
      JooqPendingOperationStore queue = JooqPendingOperationStore.builder(db).build();
      queue.migrate();
      execute(db, CREATE_MESSAGES);
      execute(db, String.format(ADD_FOREIGN_KEY, queue.tablePrefix()));
      insertMessages(db, List.of("Quarterly report", "Lunch on Friday?", "Old newsletter"));
      out.println("== Before ==");
      printTables(out, db, queue);

      out.println();
      out.println("== 1. The user reads m1: update and queue, commit ==");
      try (Connection tx = db.getConnection()) {
        tx.setAutoCommit(false);
        update(tx, "update app_messages set seen = true where message_key = ?", "m1");
        PendingOperation op = queue.queue(tx, NewOperation.of(Operation.markRead(ref(1)), "m1"));
        tx.commit();
        out.println("committed: m1 is read, operation " + op.id() + " is queued");
      }

      out.println();
      out.println("== 2. The user files m2 in Archive, then the application fails: roll back ==");
      String rolledBack;
      try (Connection tx = db.getConnection()) {
        tx.setAutoCommit(false);
        try {
          update(tx, "update app_messages set folder = 'Archive' where message_key = ?", "m2");
          PendingOperation op =
              queue.queue(tx, NewOperation.of(Operation.move(ref(2), "Archive"), "m2"));
          out.println("inside the transaction: operation " + op.id() + " queued");
          applyLabelRules("m2");
          tx.commit();
          rolledBack = null;
        } catch (IllegalStateException e) {
          tx.rollback();
          rolledBack = e.getMessage();
          out.println("rolled back after: " + rolledBack);
        }
      }

      out.println();
      out.println(
          "== 3. A bug queues an operation for m404, which the application does not have ==");
      String refused;
      try (Connection tx = db.getConnection()) {
        tx.setAutoCommit(false);
        try {
          queue.queue(tx, NewOperation.of(Operation.flag(ref(404)), "m404"));
          tx.commit();
          refused = null;
        } catch (StoreException e) {
          tx.rollback();
          refused = rootMessage(e);
          out.println("refused by the database: " + refused);
        }
      }

      out.println();
      out.println("== 4. The user deletes m3 for good: queue first, then delete the row ==");
      try (Connection tx = db.getConnection()) {
        tx.setAutoCommit(false);
        PendingOperation op =
            queue.queue(tx, NewOperation.of(Operation.permanentDelete(ref(3)), "m3"));
        update(tx, "delete from app_messages where message_key = ?", "m3");
        tx.commit();
        out.println(
            "committed: m3 is gone locally, operation "
                + op.id()
                + " stays queued (its message_key is now null)");
      }

      out.println();
      out.println("== After ==");
      printTables(out, db, queue);
      return new Result(rolledBack, refused, queue.tablePrefix());
    } catch (SQLException e) {
      throw new IllegalStateException("the example's database failed", e);
    }
  }

  /** The application's next step after queueing; here it always fails, to show the rollback. */
  private static void applyLabelRules(String messageKey) {
    throw new IllegalStateException("the label rules rejected the change to " + messageKey);
  }

  /** The message's location as the application knows it (the demo's UIDs). */
  private static MessageRef ref(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", UID_VALIDITY, uid, null);
  }

  private static void update(Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      ps.executeUpdate();
    }
  }

  /** The first sync: message n (from 1) gets key {@code m<n>} and UID n in the INBOX. */
  private static void insertMessages(DataSource db, List<String> subjects) throws SQLException {
    String sql =
        "insert into app_messages (message_key, account, folder, uid_validity, uid, subject, seen)"
            + " values (?, ?, 'INBOX', ?, ?, ?, false)";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
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

  private static void execute(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void printTables(PrintStream out, DataSource db, JooqPendingOperationStore queue)
      throws SQLException {
    for (String line :
        rows(db, "select message_key, folder, uid, seen, subject from app_messages order by 1")) {
      out.println("app_messages      " + line);
    }
    String operations =
        "select id, kind, folder, uid, destination, message_key, status from "
            + queue.tablePrefix()
            + "operations order by id";
    List<String> queued = rows(db, operations);
    for (String line : queued) {
      out.println(queue.tablePrefix() + "operations  " + line);
    }
    if (queued.isEmpty()) {
      out.println(queue.tablePrefix() + "operations  (empty)");
    }
  }

  private static List<String> rows(DataSource db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i == 1 ? "" : "  ")
              .append(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT))
              .append('=')
              .append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    // H2 appends the statement after the reason; the reason is what matters here.
    int statement = message.indexOf("; SQL statement:");
    int newline = message.indexOf('\n');
    int end = statement >= 0 ? statement : newline >= 0 ? newline : message.length();
    return message.substring(0, end);
  }

  /**
   * What the walkthrough did.
   *
   * @param rollbackReason the application error that rolled back action 2, or null if it committed
   * @param refusal the database's refusal of the operation for an unknown message, or null if it
   *     was accepted
   * @param tablePrefix the queue's table prefix
   */
  public record Result(String rollbackReason, String refusal, String tablePrefix) {}
}
