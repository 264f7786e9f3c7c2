package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.coalesce.Coalescer;
import io.github.ferrymail.core.coalesce.CoalescingResult;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Coalescer#coalesce} over one account's due operations: the pure function every pass runs
 * before anything is sent. One benchmark operation coalesces the whole list.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoalescerBenchmark {

  /** How many operations the account has queued. */
  @Param({"1000", "10000"})
  public int operations;

  /** Which mix of operations (see {@link Workload}). */
  @Param({"BULK_READ", "TRIAGE"})
  public String workload;

  private List<PendingOperation> due = List.of();

  /** Builds the input once; coalescing does not change it. */
  @Setup(Level.Trial)
  public void setUp() {
    due = Workload.valueOf(workload).pending(operations);
  }

  /** Coalesces the whole list. */
  @Benchmark
  public CoalescingResult coalesce() {
    return Coalescer.coalesce(due);
  }
}
