package io.github.ferrymail.it.support;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import io.github.ferrymail.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The whole of Ferry as an application wires it: an H2 queue migrated by the store, the IMAP
 * executor and the processor, on one settable clock.
 */
public final class Stack implements AutoCloseable {
  public final SettableClock clock = new SettableClock(Instant.now());
  public final HikariDataSource db;
  public final JooqPendingOperationStore store;
  public final ImapOperationExecutor executor;
  public final QueueProcessor processor;

  public Stack(ImapAccount account, ProcessingListener listener) {
    db =
        FerryDataSources.hikari(
            "jdbc:h2:mem:it-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    store = JooqPendingOperationStore.builder(db).clock(clock).build();
    store.migrate();
    executor = ImapOperationExecutor.create(key -> account);
    processor =
        QueueProcessor.builder(store, executor)
            .clock(clock)
            .retryPolicy(
                RetryPolicy.builder()
                    .initialBackoff(Duration.ofSeconds(10))
                    .maxBackoff(Duration.ofMinutes(1))
                    .jitter(false)
                    .build())
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
