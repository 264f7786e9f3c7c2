package io.github.ferrymail.spring;

import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueAdmin;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.imap.ImapAccountResolver;
import io.github.ferrymail.imap.ImapCommandListener;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Ferry on the application's {@code DataSource}: the JDBC store (its tables migrated at start-up
 * unless {@code ferry.migrate=false}), and, when the application has an {@link ImapAccountResolver}
 * bean (or its own {@link OperationExecutor}), the IMAP executor and the queue processor, whose
 * background workers start and stop with the context. Without a resolver the application gets the
 * store and nothing runs work: the shape of a web tier that only queues and lists, next to workers
 * elsewhere. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass({QueueProcessor.class, JooqPendingOperationStore.class})
@ConditionalOnProperty(prefix = "ferry", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(FerryProperties.class)
public class FerryAutoConfiguration {

  /** Creates the auto-configuration; Spring does. */
  public FerryAutoConfiguration() {}

  /**
   * The JDBC store on the application's data source, migrated unless turned off.
   *
   * @param dataSource the application's data source
   * @param properties Ferry's settings
   * @param customizers adjustments of the store's builder
   * @return the store
   */
  @Bean
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnMissingBean(PendingOperationStore.class)
  public JooqPendingOperationStore ferryStore(
      DataSource dataSource,
      FerryProperties properties,
      ObjectProvider<FerryStoreCustomizer> customizers) {
    JooqPendingOperationStore.Builder builder =
        JooqPendingOperationStore.builder(dataSource).tablePrefix(properties.getTablePrefix());
    customizers.orderedStream().forEach(c -> c.customize(builder));
    JooqPendingOperationStore store = builder.build();
    if (properties.isMigrate()) {
      store.migrate();
    }
    return store;
  }

  /**
   * The IMAP executor, from the application's account resolver and {@code ferry.imap.*}; closed
   * (logging out of every session) with the context.
   *
   * @param resolver the application's account resolver
   * @param properties Ferry's settings
   * @param commandListener told of every IMAP command (the Micrometer timers), when there is one
   * @return the executor
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnBean(ImapAccountResolver.class)
  @ConditionalOnMissingBean(OperationExecutor.class)
  public ImapOperationExecutor ferryImapExecutor(
      ImapAccountResolver resolver,
      FerryProperties properties,
      ObjectProvider<ImapCommandListener> commandListener) {
    FerryProperties.Imap imap = properties.getImap();
    return ImapOperationExecutor.builder(resolver)
        .commandListener(commandListener.getIfAvailable(() -> ImapCommandListener.NONE))
        .maxSessions(imap.getMaxSessions())
        .maxSessionsPerAccount(imap.getMaxSessionsPerAccount())
        .idleTimeout(imap.getIdleTimeout())
        .acquireTimeout(imap.getAcquireTimeout())
        .build();
  }

  /**
   * The processor, from {@code ferry.processor.*}, every {@link ProcessingListener} bean, every
   * {@link OperationExecutorDecorator} and every {@link FerryProcessorCustomizer}. Started by
   * {@link #ferryProcessorLifecycle}, not here.
   *
   * @param store the store
   * @param executor the executor
   * @param properties Ferry's settings
   * @param listeners the listener beans
   * @param decorators the executor decorators
   * @param customizers adjustments of the builder
   * @return the processor
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnBean({PendingOperationStore.class, OperationExecutor.class})
  @ConditionalOnMissingBean(QueueProcessor.class)
  public QueueProcessor ferryProcessor(
      PendingOperationStore store,
      OperationExecutor executor,
      FerryProperties properties,
      ObjectProvider<ProcessingListener> listeners,
      ObjectProvider<OperationExecutorDecorator> decorators,
      ObjectProvider<FerryProcessorCustomizer> customizers) {
    OperationExecutor decorated = executor;
    for (OperationExecutorDecorator d : decorators.orderedStream().toList()) {
      decorated = d.decorate(decorated);
    }
    FerryProperties.Processor p = properties.getProcessor();
    QueueProcessor.Builder builder =
        QueueProcessor.builder(store, decorated)
            .workerThreads(p.getWorkerThreads())
            .pollInterval(p.getPollInterval())
            .leaseDuration(p.getLeaseDuration())
            .claimLimit(p.getClaimLimit())
            .maxBatchSize(p.getMaxBatchSize())
            .shutdownTimeout(p.getShutdownTimeout())
            .conflictPolicy(p.getConflictPolicy())
            .defaultHold(properties.getDefaultHold());
    if (p.getWorkerId() != null) {
      builder.workerId(p.getWorkerId());
    }
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * The application's side of the queue: queueing, the overlay, the lists, retry, discard and undo.
   * The processor's own when one runs here (what it makes due goes to the workers at once), else a
   * store-only client ({@code QueueAdmin.forStore}): a web tier without an account resolver queues
   * and administers, and processors elsewhere on the same database run the work.
   *
   * @param store the store
   * @param processor the processor, if one runs in this application
   * @param properties Ferry's settings ({@code ferry.default-hold})
   * @return the client
   */
  @Bean
  @ConditionalOnBean(PendingOperationStore.class)
  @ConditionalOnMissingBean(QueueAdmin.class)
  public QueueAdmin ferryQueueAdmin(
      PendingOperationStore store,
      ObjectProvider<QueueProcessor> processor,
      FerryProperties properties) {
    QueueProcessor local = processor.getIfAvailable();
    return local != null
        ? local.admin()
        : QueueAdmin.forStore(store).withDefaultHold(properties.getDefaultHold());
  }

  /**
   * Starts the processor's background workers with the context and stops them with it.
   *
   * @param processor the processor
   * @param properties Ferry's settings
   * @return the lifecycle
   */
  @Bean
  @ConditionalOnBean(QueueProcessor.class)
  public FerryProcessorLifecycle ferryProcessorLifecycle(
      QueueProcessor processor, FerryProperties properties) {
    return new FerryProcessorLifecycle(processor, properties.getProcessor().isAutoStart());
  }
}
