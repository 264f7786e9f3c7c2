package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole of Ferry minus the database: the job queued as one operation per message in the
 * in-memory store (not timed), then drained by {@link QueueProcessor#processPendingOperations}
 * through {@link ImapOperationExecutor} with the default settings (claims of 1,000, batches of
 * 500). The executor logs in lazily, so the timed part includes connecting and logging in.
 */
final class ProcessorOverImap implements ImapVariant {
  private static final String ACCOUNT = "bench";

  @Override
  public String name() {
    return "QueueProcessor + ImapOperationExecutor (login included)";
  }

  @Override
  public Duration run(Endpoint endpoint, ImapJob job, Runnable loggedIn) throws Exception {
    InMemoryPendingOperationStore store = new InMemoryPendingOperationStore();
    List<NewOperation> ops = new ArrayList<>();
    for (Operation op : job.operations(ACCOUNT)) {
      ops.add(NewOperation.of(op));
    }
    store.queueAll(ops);
    try (ImapOperationExecutor executor = ImapOperationExecutor.create(key -> endpoint.account());
        QueueProcessor processor = QueueProcessor.builder(store, executor).build()) {
      loggedIn.run();
      ProcessingReport[] report = new ProcessingReport[1];
      Duration took =
          Measurements.time(() -> report[0] = processor.processPendingOperations(ACCOUNT));
      if (report[0].completed() != job.uids().size()) {
        throw new IllegalStateException("not every operation completed: " + report[0]);
      }
      return took;
    }
  }
}
