package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Ferry end to end and durable: the job queued as one operation per message in a {@link
 * JooqPendingOperationStore} on a new scratch database (not timed), then drained by {@link
 * QueueProcessor#processPendingOperations} through {@link ImapOperationExecutor} (timed; the
 * executor logs in lazily, so connecting and logging in are included). The store's data source
 * counts commits and statements ({@link CountingDataSource}); the store and the executor are timed
 * per method ({@link TimedCalls}). After the run the store must hold every operation completed, and
 * the listener must have heard each completed exactly once.
 */
final class DurableFerry implements ImapVariant {
  private static final String ACCOUNT = "bench";
  private static final int QUEUE_CHUNK = 1000;

  /** What one run cost besides its time. */
  record RunStats(
      CountingDataSource.Counts db,
      int operations,
      TimedCalls store,
      TimedCalls imap,
      String slowestStatements) {
    double commitsPerOperation() {
      return (double) db.commits() / operations;
    }

    double statementsPerOperation() {
      return (double) db.statements() / operations;
    }
  }

  private final ScratchDatabase.Kind database;
  private final Servers servers;
  private final int maxBatchSize;
  private final List<RunStats> runs = new ArrayList<>();

  DurableFerry(ScratchDatabase.Kind database, Servers servers, int maxBatchSize) {
    this.database = database;
    this.servers = servers;
    this.maxBatchSize = maxBatchSize;
  }

  @Override
  public String name() {
    return "Ferry, " + database.label() + " store + IMAP executor, batches of " + maxBatchSize;
  }

  /** The stats of every run so far, in order. */
  List<RunStats> runs() {
    return List.copyOf(runs);
  }

  @Override
  public Duration run(Endpoint endpoint, ImapJob job, Runnable loggedIn) throws Exception {
    try (ScratchDatabase db =
        ScratchDatabase.create(database, servers, ScratchDatabase.DEFAULT_POOL_SIZE)) {
      CountingDataSource counting = new CountingDataSource(db.dataSource());
      JooqPendingOperationStore jooq =
          JooqPendingOperationStore.builder(counting.dataSource()).build();
      jooq.migrate();
      List<Operation> ops = job.operations(ACCOUNT);
      for (int i = 0; i < ops.size(); i += QUEUE_CHUNK) {
        List<NewOperation> chunk = new ArrayList<>();
        for (Operation op : ops.subList(i, Math.min(ops.size(), i + QUEUE_CHUNK))) {
          chunk.add(NewOperation.of(op, "msg-" + op.message().uid()));
        }
        jooq.queueAll(chunk);
      }
      TimedCalls storeCalls = new TimedCalls();
      TimedCalls imapCalls = new TimedCalls();
      Set<Long> completed = ConcurrentHashMap.newKeySet();
      int[] duplicates = {0};
      try (ImapOperationExecutor imap = ImapOperationExecutor.create(key -> endpoint.account());
          QueueProcessor processor =
              QueueProcessor.builder(
                      storeCalls.wrap(PendingOperationStore.class, jooq),
                      imapCalls.wrap(OperationExecutor.class, imap))
                  .maxBatchSize(maxBatchSize)
                  .listener(
                      new ProcessingListener() {
                        @Override
                        public void completed(PendingOperation op, @Nullable MessageRef at) {
                          if (!completed.add(op.id())) {
                            duplicates[0]++;
                          }
                        }
                      })
                  .build()) {
        loggedIn.run();
        CountingDataSource.Counts before = counting.counts();
        counting.resetStatementTimes();
        int[] done = {0};
        Duration took =
            Measurements.time(
                () -> {
                  while (done[0] < ops.size()) {
                    ProcessingReport report = processor.processPendingOperations(ACCOUNT);
                    done[0] += report.completed();
                    if (!report.madeProgress()) {
                      throw new IllegalStateException("the drain stalled: " + report);
                    }
                  }
                });
        CountingDataSource.Counts spent = counting.counts().minus(before);
        expectAllCompletedOnce(jooq, ops.size(), completed.size(), duplicates[0]);
        runs.add(
            new RunStats(spent, ops.size(), storeCalls, imapCalls, counting.slowestStatements(3)));
        return took;
      }
    }
  }

  private static void expectAllCompletedOnce(
      PendingOperationStore store, int expected, int heard, int duplicates) {
    Map<OperationStatus, Long> counts = store.countByStatus(ACCOUNT);
    long done = counts.getOrDefault(OperationStatus.COMPLETED, 0L);
    long all = counts.values().stream().mapToLong(Long::longValue).sum();
    if (done != expected || all != expected || heard != expected || duplicates != 0) {
      throw new IllegalStateException(
          "expected "
              + expected
              + " operations completed once: store "
              + counts
              + ", listener heard "
              + heard
              + " ("
              + duplicates
              + " twice)");
    }
  }
}
