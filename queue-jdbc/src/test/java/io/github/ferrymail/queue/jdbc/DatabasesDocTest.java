package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.testing.SettableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** docs/databases.md shows the real DDL, and its foreign-key examples work as it says. */
class DatabasesDocTest {
  private static final Path DOC = Path.of("..", "docs", "databases.md");

  @Test
  void thePostgresqlDdlInTheDocsIsTheOneTheStoreRuns() throws IOException {
    assertThat(statements(block("ddl:postgresql")))
        .containsExactlyElementsOf(statements(QueueSchema.ddl(Dialect.POSTGRESQL)));
  }

  @Test
  void theSqliteDdlInTheDocsIsTheOneTheStoreRuns() throws IOException {
    assertThat(statements(block("ddl:sqlite")))
        .containsExactlyElementsOf(statements(QueueSchema.ddl(Dialect.SQLITE)));
  }

  @Test
  @Tag("postgres")
  void theForeignKeyExampleWorksOnPostgresql() throws Exception {
    foreignKeysWorkAsDocumented(TestDatabase.POSTGRESQL, "fk:postgresql", "");
  }

  @Test
  @Tag("mariadb")
  void theForeignKeyExampleWorksOnMariadb() throws Exception {
    foreignKeysWorkAsDocumented(
        TestDatabase.MARIADB,
        "fk:mariadb",
        " DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin");
  }

  private void foreignKeysWorkAsDocumented(TestDatabase database, String example, String options)
      throws Exception {
    try (Scratch scratch = database.create()) {
      SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
      execute(
          scratch,
          List.of(
              "CREATE TABLE accounts (account_key VARCHAR(255) PRIMARY KEY)" + options,
              "CREATE TABLE messages (id VARCHAR(255) PRIMARY KEY,"
                  + " account_key VARCHAR(255) NOT NULL)"
                  + options,
              "INSERT INTO accounts VALUES ('acct')",
              "INSERT INTO messages VALUES ('m-1', 'acct')"));
      JooqPendingOperationStore store = scratch.migratedStore(clock);
      execute(scratch, statements(block(example)));

      PendingOperation delete =
          store.queue(
              NewOperation.of(Operation.permanentDelete(JdbcStoreTestBase.msg("acct", 1)), "m-1"));
      assertThatThrownBy(() -> store.queue(Operation.flag(JdbcStoreTestBase.msg("nobody", 1))))
          .isInstanceOf(StoreException.class);

      // Deleting the local message keeps the queued permanent delete, without its key.
      execute(scratch, List.of("DELETE FROM messages WHERE id = 'm-1'"));
      PendingOperation kept = store.get(delete.id()).orElseThrow();
      assertThat(kept.messageKey()).isNull();
      assertThat(kept.status()).isEqualTo(OperationStatus.PENDING);

      // Deleting the account drops its queue and its lease.
      Claim claim = store.claim("acct", "w1", Duration.ofMinutes(1), 10).orElseThrow();
      execute(scratch, List.of("DELETE FROM accounts WHERE account_key = 'acct'"));
      assertThat(store.get(delete.id())).isEmpty();
      assertThatThrownBy(() -> store.complete(claim.lease(), delete.id()))
          .isInstanceOf(LeaseLostException.class);
      assertThat(store.countByStatus(null).values()).allMatch(n -> n == 0L);
    }
  }

  private static void execute(Scratch scratch, List<String> sql) throws SQLException {
    try (Connection connection = scratch.connect();
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  /** The SQL code block after an HTML comment marker in the doc. */
  private static String block(String marker) throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int at = doc.indexOf("<!-- " + marker + " -->");
    assertThat(at).as("marker %s in %s", marker, DOC).isNotNegative();
    int start = doc.indexOf("```sql\n", at) + "```sql\n".length();
    return doc.substring(start, doc.indexOf("```", start));
  }

  /** Statements without comments, whitespace collapsed. */
  private static List<String> statements(String script) {
    StringBuilder code = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : code.toString().split(";")) {
      String collapsed = statement.replaceAll("\\s+", " ").strip();
      if (!collapsed.isEmpty()) {
        statements.add(collapsed);
      }
    }
    return statements;
  }
}
