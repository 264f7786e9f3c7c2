package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.OperationBatch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building one {@link OperationBatch} of the processor's default size (500 mark-reads in one
 * folder), which checks that every operation belongs, and reading its UID list, as the executor
 * does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OperationBatchBenchmark {

  private static final int BATCH_SIZE = 500;

  private List<PendingOperation> operations = List.of();

  /** Builds the operations once. */
  @Setup(Level.Trial)
  public void setUp() {
    operations = Workload.BULK_READ.pending(BATCH_SIZE);
  }

  /** Builds the batch and lists its UIDs. */
  @Benchmark
  public List<Long> buildBatch() {
    return new OperationBatch(
            Workload.ACCOUNT,
            operations.get(0).kind(),
            Workload.INBOX,
            Workload.UID_VALIDITY,
            null,
            operations)
        .uids();
  }
}
