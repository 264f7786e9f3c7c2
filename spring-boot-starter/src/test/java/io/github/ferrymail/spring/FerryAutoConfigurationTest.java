package io.github.ferrymail.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueAdmin;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.processor.Undo;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.imap.ImapAccountResolver;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/** What the auto-configuration contributes, and backs off from, in each set-up. */
class FerryAutoConfigurationTest {
  private static final Mailbox MAILBOX = new Mailbox();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, FerryAutoConfiguration.class))
          .withPropertyValues(
              "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

  @AfterAll
  static void stopMailServer() {
    MAILBOX.close();
  }

  @Test
  void withoutAnAccountResolverTheApplicationGetsTheStoreAndAStoreOnlyClientAndNothingRunsWork() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(JooqPendingOperationStore.class);
          assertThat(context).doesNotHaveBean(QueueProcessor.class);
          assertThat(context).hasSingleBean(QueueAdmin.class);
          QueueAdmin web = context.getBean(QueueAdmin.class);
          PendingOperation viaClient =
              web.queue(
                  NewOperation.of(
                      Operation.flag(
                          new io.github.ferrymail.core.MessageRef("web", "INBOX", 1, 2, null))));
          assertThat(web.pending("web", PageRequest.first(10)).items())
              .extracting(PendingOperation::id)
              .containsExactly(viaClient.id());
          assertThat(web.cancel(viaClient.id())).isEqualTo(Undo.CANCELLED);
          PendingOperation queued =
              context
                  .getBean(PendingOperationStore.class)
                  .queue(
                      NewOperation.of(
                          Operation.markRead(
                              new io.github.ferrymail.core.MessageRef(
                                  "web", "INBOX", 1, 1, null))));
          assertThat(queued.status()).isEqualTo(OperationStatus.PENDING);
        });
  }

  @Test
  void aDefaultHoldGivesTheClientsOperationsAnUndoWindow() {
    runner
        .withPropertyValues("ferry.default-hold=15s")
        .run(
            context -> {
              PendingOperation op =
                  context
                      .getBean(QueueAdmin.class)
                      .queue(
                          NewOperation.of(
                              Operation.markRead(
                                  new io.github.ferrymail.core.MessageRef(
                                      "web", "INBOX", 1, 3, null))));
              assertThat(op.nextAttemptAt()).isEqualTo(op.createdAt().plusSeconds(15));
            });
  }

  @Test
  void theTablesAreCreatedAtStartUpUnlessMigrationIsTurnedOff() {
    runner.run(context -> assertThat(tables(context.getBean(DataSource.class))).isPositive());
    runner
        .withPropertyValues(
            "ferry.migrate=false",
            "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .run(context -> assertThat(tables(context.getBean(DataSource.class))).isZero());
  }

  @Test
  void turnedOffThereIsNoFerryBeanAtAll() {
    runner
        .withPropertyValues("ferry.enabled=false")
        .withBean(ImapAccountResolver.class, () -> MAILBOX::account)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(PendingOperationStore.class);
              assertThat(context).doesNotHaveBean(QueueProcessor.class);
            });
  }

  @Test
  void theProcessorStartsWithTheContextTakesItsPropertiesAndStopsWithIt() {
    runner
        .withBean(ImapAccountResolver.class, () -> MAILBOX::account)
        .withPropertyValues("ferry.processor.worker-id=node-7", "ferry.table-prefix=mail_")
        .run(
            context -> {
              assertThat(context).hasSingleBean(QueueProcessor.class);
              assertThat(context).hasSingleBean(QueueAdmin.class);
              FerryProcessorLifecycle lifecycle = context.getBean(FerryProcessorLifecycle.class);
              assertThat(lifecycle.isRunning()).isTrue();
              assertThat(tables(context.getBean(DataSource.class), "MAIL_OPERATIONS")).isOne();
              context.close();
              assertThat(lifecycle.isRunning()).isFalse();
            });
  }

  @Test
  void autoStartOffLeavesTheProcessorToTheApplication() {
    runner
        .withBean(ImapAccountResolver.class, () -> MAILBOX::account)
        .withPropertyValues("ferry.processor.auto-start=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(QueueProcessor.class);
              assertThat(context.getBean(FerryProcessorLifecycle.class).isRunning()).isFalse();
            });
  }

  @Test
  void customizersAndAnApplicationsOwnBeansAreUsed() {
    QueueProcessor.Builder[] seen = new QueueProcessor.Builder[1];
    runner
        .withBean(ImapAccountResolver.class, () -> MAILBOX::account)
        .withBean(
            FerryProcessorCustomizer.class,
            () -> b -> seen[0] = b.shutdownTimeout(Duration.ofSeconds(1)))
        .withBean(
            "myStore",
            PendingOperationStore.class,
            () -> new io.github.ferrymail.testing.InMemoryPendingOperationStore())
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(JooqPendingOperationStore.class);
              assertThat(context.getBean(PendingOperationStore.class))
                  .isInstanceOf(io.github.ferrymail.testing.InMemoryPendingOperationStore.class);
              assertThat(seen[0]).as("the customizer ran").isNotNull();
            });
  }

  @Test
  void aBadPropertyFailsTheStartWithTheLibrarysMessage() {
    runner
        .withBean(ImapAccountResolver.class, () -> MAILBOX::account)
        .withPropertyValues("ferry.processor.worker-threads=0")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("workerThreads");
            });
  }

  @Test
  void aBadSessionPoolPropertyFailsTheStartWithTheLibrarysMessage() {
    runner
        .withBean(ImapAccountResolver.class, () -> MAILBOX::account)
        .withPropertyValues("ferry.imap.idle-timeout=10ms")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("idleTimeout must be at least PT1S");
            });
  }

  @Test
  void queueingOnTheTransactionsConnectionCommitsAndRollsBackWithTheApplicationsChange() {
    runner.run(
        context -> {
          DataSource db = context.getBean(DataSource.class);
          JooqPendingOperationStore store = context.getBean(JooqPendingOperationStore.class);
          TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));
          io.github.ferrymail.core.MessageRef ref =
              new io.github.ferrymail.core.MessageRef("tx", "INBOX", 1, 1, null);

          tx.executeWithoutResult(
              status -> {
                store.queue(
                    DataSourceUtils.getConnection(db), NewOperation.of(Operation.markRead(ref)));
                status.setRollbackOnly();
              });
          assertThat(store.countByStatus("tx").get(OperationStatus.PENDING)).isZero();

          tx.executeWithoutResult(
              status ->
                  store.queue(
                      DataSourceUtils.getConnection(db), NewOperation.of(Operation.markRead(ref))));
          assertThat(store.countByStatus("tx").get(OperationStatus.PENDING)).isOne();
        });
  }

  private static long tables(DataSource db) throws Exception {
    return tables(db, "FERRY_OPERATIONS");
  }

  private static long tables(DataSource db, String name) throws Exception {
    try (Connection c = db.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
      long n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }
}
