package io.github.ferrymail.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.examples.support.ExampleDatabases;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the transactional-enqueue example, then opens the database it left behind with a plain JDBC
 * connection and checks both tables row by row.
 */
class TransactionalEnqueueMainTest {

  @Test
  void commitsBothOrNeitherAndTheForeignKeyRefusesUnknownMessages(@TempDir Path workDir)
      throws SQLException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    TransactionalEnqueueMain.run(new PrintStream(printed, true, StandardCharsets.UTF_8), workDir);

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(
            "rolled back after: the label rules rejected the change to m2",
            "refused by the database: Referential integrity constraint violation");
    String operations = JooqPendingOperationStore.DEFAULT_TABLE_PREFIX + "operations";
    try (Connection c = DriverManager.getConnection(ExampleDatabases.fileUrl(workDir), "sa", "")) {
      // The application's table: m1 read (committed), m2 still in the INBOX (rolled back), m3 gone.
      assertThat(rows(c, "select message_key, folder, seen from app_messages order by 1"))
          .containsExactly("m1|INBOX|TRUE", "m2|INBOX|FALSE");

      // Ferry's queue: the committed mark-read (FLAGS) and the PERMANENT_DELETE whose key was
      // cleared;
      // no MOVE (rolled back with m2's update) and nothing for m404 (refused).
      assertThat(
              rows(
                  c,
                  "select kind, folder, uid, message_key, status from "
                      + operations
                      + " order by id"))
          .containsExactly("FLAGS|INBOX|1|m1|PENDING", "PERMANENT_DELETE|INBOX|3|null|PENDING");

      // The foreign key is in place and still refuses a key the application does not have.
      assertThat(
              rows(
                  c,
                  "select constraint_type from information_schema.table_constraints"
                      + " where constraint_name = 'APP_OPERATIONS_MESSAGE_FK'"))
          .containsExactly("FOREIGN KEY");
      try (Statement s = c.createStatement()) {
        assertThatThrownBy(
                () ->
                    s.executeUpdate(
                        "update " + operations + " set message_key = 'm404' where kind = 'FLAGS'"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("APP_OPERATIONS_MESSAGE_FK");
        assertThat(rows(c, "select message_key from " + operations + " where kind = 'FLAGS'"))
            .containsExactly("m1");
      }
    }
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("== Before ==", "== 1.", "== 2.", "== 3.", "== 4.", "== After ==");
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(
              String.valueOf(rs.getString(i)).toUpperCase().equals("TRUE")
                      || String.valueOf(rs.getString(i)).toUpperCase().equals("FALSE")
                  ? rs.getString(i).toUpperCase()
                  : String.valueOf(rs.getString(i)));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }
}
