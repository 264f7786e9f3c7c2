package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link QueueProcessor#processPendingOperations} draining one account from the in-memory store
 * through an executor that does nothing ({@link NoOpExecutor}): the processor's own cost per
 * operation (claim, coalesce, plan batches, record every outcome, re-point operations after moves).
 * The batch planner is package-private in core, so it is measured here, inside the pass. One
 * benchmark operation drains the whole queue; the queue is filled again, unmeasured, before each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProcessorBenchmark {

  /** How many operations the account has queued. */
  @Param({"1000", "10000"})
  public int operations;

  /** Which mix of operations (see {@link Workload}). */
  @Param({"BULK_READ", "TRIAGE"})
  public String workload;

  private List<NewOperation> toQueue = List.of();
  private QueueProcessor processor = newProcessor();

  /** Builds the operations once. */
  @Setup(Level.Trial)
  public void prepare() {
    toQueue = Workload.valueOf(workload).newOperations(operations);
  }

  /** A new store holding the whole workload, and a processor on it. */
  @Setup(Level.Invocation)
  public void fill() {
    processor.close();
    processor = newProcessor(toQueue);
  }

  /** Stops the processor's lease-renewal thread. */
  @TearDown(Level.Trial)
  public void close() {
    processor.close();
  }

  /** Drains the account. */
  @Benchmark
  public ProcessingReport drain() {
    ProcessingReport report = processor.processPendingOperations(Workload.ACCOUNT);
    if (report.completed() + report.cancelled() != operations) {
      throw new IllegalStateException("not drained: " + report);
    }
    return report;
  }

  private static QueueProcessor newProcessor() {
    return QueueProcessor.builder(new InMemoryPendingOperationStore(), new NoOpExecutor()).build();
  }

  private static QueueProcessor newProcessor(List<NewOperation> ops) {
    InMemoryPendingOperationStore store = new InMemoryPendingOperationStore();
    store.queueAll(ops);
    return QueueProcessor.builder(store, new NoOpExecutor()).build();
  }
}
