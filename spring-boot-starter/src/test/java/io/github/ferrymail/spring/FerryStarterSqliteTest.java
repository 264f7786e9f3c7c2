package io.github.ferrymail.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.ImapAccountResolver;
import io.github.ferrymail.queue.jdbc.Dialect;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter on a desktop client's SQLite file: the store detects SQLite from the application's
 * {@code DataSource}, migrates the file, and an operation queued through the processor completes
 * against the server.
 */
class FerryStarterSqliteTest {
  @Test
  void anOperationQueuedThroughTheStarterOnASqliteFileCompletes() throws Exception {
    Path folder = Files.createTempDirectory("ferry-boot-sqlite-");
    String url =
        "jdbc:sqlite:"
            + folder.resolve("mail.db")
            + "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true";
    try (Mailbox mailbox = new Mailbox()) {
      MessageRef message = mailbox.deliver("dave", "<sqlite-1@example.org>");
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, FerryAutoConfiguration.class))
          .withBean(ImapAccountResolver.class, () -> mailbox::account)
          .withPropertyValues(
              "spring.datasource.url=" + url,
              "spring.datasource.hikari.maximum-pool-size=2",
              "ferry.processor.poll-interval=200ms")
          .run(
              context -> {
                assertThat(context.getBean(JooqPendingOperationStore.class).dialect())
                    .isEqualTo(Dialect.SQLITE);
                QueueProcessor processor = context.getBean(QueueProcessor.class);
                PendingOperation op = processor.queue(NewOperation.of(Operation.markRead(message)));
                FerryStarterTest.await(
                    () ->
                        processor.admin().get(op.id()).orElseThrow().status()
                            == OperationStatus.COMPLETED);
                assertThat(mailbox.seen("dave", "<sqlite-1@example.org>")).isTrue();
                assertThat(statusInFile(url, op.id())).isEqualTo("COMPLETED");
              });
    } finally {
      try (Stream<Path> paths = Files.walk(folder)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  private static String statusInFile(String url, long id) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s =
            c.prepareStatement("SELECT status FROM ferry_operations WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
