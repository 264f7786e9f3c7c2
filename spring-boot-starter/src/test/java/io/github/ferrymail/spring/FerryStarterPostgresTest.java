package io.github.ferrymail.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.ImapAccountResolver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter on PostgreSQL ({@code 127.0.0.1:5432}, database {@code test}, user {@code postgres}),
 * through Spring Boot's own pool: the tables are created in the application's schema at start-up,
 * and an operation queued through the processor bean completes on the mail server.
 */
@Tag("postgres")
class FerryStarterPostgresTest {
  private static final String SERVER =
      System.getProperty("ferry.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getProperty("ferry.test.postgres.user", "postgres");

  @Test
  void anOperationQueuedThroughTheStarterCompletesAndItsRowIsInTheApplicationsSchema()
      throws Exception {
    String schema = "ferry_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + schema);
    try (Mailbox mailbox = new Mailbox()) {
      MessageRef message = mailbox.deliver("carol", "<pg-1@example.org>");
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, FerryAutoConfiguration.class))
          .withBean(ImapAccountResolver.class, () -> mailbox::account)
          .withPropertyValues(
              "spring.datasource.url=" + SERVER + "?currentSchema=" + schema,
              "spring.datasource.username=" + USER,
              "ferry.processor.poll-interval=200ms")
          .run(
              context -> {
                QueueProcessor processor = context.getBean(QueueProcessor.class);
                PendingOperation op = processor.queue(NewOperation.of(Operation.markRead(message)));
                FerryStarterTest.await(
                    () ->
                        processor.admin().get(op.id()).orElseThrow().status()
                            == OperationStatus.COMPLETED);
                assertThat(mailbox.seen("carol", "<pg-1@example.org>")).isTrue();
                assertThat(statusInSchema(schema, op.id())).isEqualTo("COMPLETED");
              });
    } finally {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static String statusInSchema(String schema, long id) throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER, USER, "");
        PreparedStatement s =
            c.prepareStatement("SELECT status FROM " + schema + ".ferry_operations WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER, USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
