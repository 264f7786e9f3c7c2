package io.github.ferrymail.examples;

import static io.github.ferrymail.examples.support.AppMessages.ref;

import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.examples.support.AppMessages;
import io.github.ferrymail.examples.support.DemoQueue;
import io.github.ferrymail.examples.support.Sql;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The application's change and Ferry's queued operation in one JDBC transaction: both commit, or
 * neither does; and a foreign key from Ferry's queue to the application's table ({@link
 * AppMessages}), so the queue never holds an operation nobody can map back. No mail server needed.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.TransactionalEnqueueMain}; the H2 database stays in
 * {@code examples/target/transactional-enqueue} for a look with any SQL tool.
 */
public final class TransactionalEnqueueMain {
  /**
   * The application's migration after Ferry's. {@code ON DELETE SET NULL}, never {@code CASCADE}:
   * deleting the local row must not delete the operation that deletes the message on the server.
   */
  private static final String ADD_FOREIGN_KEY =
      "alter table %soperations add constraint app_operations_message_fk"
          + " foreign key (message_key) references app_messages (message_key) on delete set null";

  private TransactionalEnqueueMain() {}

  public static void main(String[] args) throws SQLException {
    run(System.out, Path.of("target", "transactional-enqueue"));
  }

  /** Runs the walkthrough; the database lives in {@code workDir}, emptied first, kept after. */
  public static void run(PrintStream out, Path workDir) throws SQLException {
    try (DemoQueue demo = DemoQueue.inFile(workDir)) {
      DataSource db = demo.dataSource();
      JooqPendingOperationStore queue = demo.store();
      AppMessages.create(db, List.of("Quarterly report", "Lunch on Friday?", "Old newsletter"));
      Sql.execute(db, String.format(ADD_FOREIGN_KEY, queue.tablePrefix()));
      AppMessages.print(out, "Before", db, queue.tablePrefix());

      out.println("\n== 1. The user reads m1: update and queue, commit ==");
      try (Connection tx = db.getConnection()) {
        tx.setAutoCommit(false);
        Sql.update(tx, "update app_messages set seen = true where message_key = ?", "m1");
        PendingOperation op = queue.queue(tx, NewOperation.of(Operation.markRead(ref(1)), "m1"));
        tx.commit();
        out.println("committed: m1 is read, operation " + op.id() + " is queued");
      }

      out.println("\n== 2. The user files m2 in Archive, then the application fails: roll back ==");
      try (Connection tx = db.getConnection()) {
        tx.setAutoCommit(false);
        try {
          Sql.update(tx, "update app_messages set folder = 'Archive' where message_key = ?", "m2");
          PendingOperation op =
              queue.queue(tx, NewOperation.of(Operation.move(ref(2), "Archive"), "m2"));
          out.println("inside the transaction: operation " + op.id() + " queued");
          applyLabelRules("m2");
          tx.commit();
        } catch (IllegalStateException e) {
          tx.rollback();
          out.println("rolled back after: " + e.getMessage());
        }
      }

      out.println("\n== 3. A bug queues an operation for m404, which the application lacks ==");
      try (Connection tx = db.getConnection()) {
        tx.setAutoCommit(false);
        try {
          queue.queue(tx, NewOperation.of(Operation.flag(ref(404)), "m404"));
          tx.commit();
        } catch (StoreException e) {
          tx.rollback();
          out.println("refused by the database: " + Sql.reason(e));
        }
      }

      out.println("\n== 4. The user deletes m3 for good: queue first, then delete the row ==");
      try (Connection tx = db.getConnection()) {
        tx.setAutoCommit(false);
        PendingOperation op =
            queue.queue(tx, NewOperation.of(Operation.permanentDelete(ref(3)), "m3"));
        Sql.update(tx, "delete from app_messages where message_key = ?", "m3");
        tx.commit();
        out.println("committed: m3 is gone, operation " + op.id() + " stays (message_key null)");
      }
      out.println();
      AppMessages.print(out, "After", db, queue.tablePrefix());
    }
  }

  /** The application's next step after queueing; here it always fails, to show the rollback. */
  private static void applyLabelRules(String messageKey) {
    throw new IllegalStateException("the label rules rejected the change to " + messageKey);
  }
}
