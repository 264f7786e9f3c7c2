package io.github.ferrymail.it.support;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;
import java.util.UUID;

/**
 * Ferry as a running application has it: an H2 queue, the IMAP executor and a processor working in
 * the background on the system clock, with short backoffs and enough attempts to outlast an outage
 * of a few seconds. Call {@link QueueProcessor#start()} on {@link #processor} when ready.
 */
public final class LiveStack implements AutoCloseable {
  public static final RetryPolicy RETRIES =
      RetryPolicy.builder()
          .maxAttempts(10)
          .initialBackoff(Duration.ofMillis(500))
          .maxBackoff(Duration.ofSeconds(4))
          .build();

  public final HikariDataSource db;
  public final JooqPendingOperationStore store;
  public final ImapOperationExecutor executor;
  public final QueueProcessor processor;

  public LiveStack(ImapAccount account, ProcessingListener listener, int maxBatchSize) {
    db =
        FerryDataSources.hikari(
            "jdbc:h2:mem:live-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    store = JooqPendingOperationStore.builder(db).build();
    store.migrate();
    executor = ImapOperationExecutor.create(key -> account);
    processor =
        QueueProcessor.builder(store, executor)
            .retryPolicy(RETRIES)
            .pollInterval(Duration.ofMillis(200))
            .workerThreads(2)
            .maxBatchSize(maxBatchSize)
            .listener(listener)
            .build();
  }

  @Override
  public void close() {
    processor.close();
    executor.close();
    db.close();
  }
}
