package io.github.ferrymail.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The comparison for the queue alone: db-scheduler (com.github.kagkarlsson) executing one-time
 * tasks that do nothing, from its own {@code scheduled_tasks} table in a scratch PostgreSQL schema.
 * The tasks are scheduled, due now, before the scheduler starts (not timed, as Ferry's queue is
 * filled before its processor starts); the time runs from {@code start()} until its listener heard
 * the last {@code onExecutionComplete}, which db-scheduler calls after the completion handler
 * removed the execution's row.
 *
 * <p>Polling: {@code lock-and-fetch} ({@code SELECT ... FOR UPDATE SKIP LOCKED} picking a batch in
 * one statement, db-scheduler's strategy for high throughput on PostgreSQL; limits 0.5 and 1.0 of
 * the threads) or {@code fetch} (its default, fetch-and-lock-on-execute); poll interval as Ferry's.
 */
final class DbSchedulerDrain {
  private static final String TASK = "ferry-bench-noop";
  private static final int SCHEDULE_CHUNK = 1000;

  private DbSchedulerDrain() {}

  /**
   * Creates db-scheduler's table (its documented PostgreSQL layout) in the data source's schema.
   */
  static void createTable(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE scheduled_tasks ("
              + " task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA,"
              + " execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL,"
              + " picked_by TEXT, last_success TIMESTAMP WITH TIME ZONE,"
              + " last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,"
              + " last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL,"
              + " priority SMALLINT, PRIMARY KEY (task_name, task_instance))");
      s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
      s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
      s.execute(
          "CREATE INDEX priority_execution_time_idx"
              + " ON scheduled_tasks (priority DESC, execution_time ASC)");
    }
  }

  /**
   * Schedules {@code count} no-op executions, due now, calls {@code afterScheduling} (not timed),
   * then runs a scheduler until all are done or the timeout passed.
   */
  static BackgroundDrain.Result run(
      CountingDataSource counting,
      int threads,
      Duration pollInterval,
      boolean lockAndFetch,
      int count,
      Duration timeout,
      Runnable afterScheduling)
      throws InterruptedException, SQLException {
    CountDownLatch left = new CountDownLatch(count);
    OneTimeTask<Void> task = Tasks.oneTime(TASK).execute((instance, context) -> {});
    SchedulerBuilder builder =
        Scheduler.create(counting.dataSource(), task)
            .threads(threads)
            .pollingInterval(pollInterval)
            .shutdownMaxWait(Duration.ofSeconds(10))
            .addSchedulerListener(
                new AbstractSchedulerListener() {
                  @Override
                  public void onExecutionComplete(ExecutionComplete done) {
                    if (done.getResult() == ExecutionComplete.Result.OK) {
                      left.countDown();
                    }
                  }
                });
    if (lockAndFetch) {
      builder.pollUsingLockAndFetch(0.5, 1.0);
    }
    Scheduler scheduler = builder.build();
    Instant due = Instant.now();
    for (int from = 0; from < count; from += SCHEDULE_CHUNK) {
      List<TaskInstance<?>> chunk = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + SCHEDULE_CHUNK); i++) {
        chunk.add(task.instance("op-" + i));
      }
      scheduler.scheduleBatch(chunk, due);
    }
    afterScheduling.run();
    CountingDataSource.Counts before = counting.counts();
    long start = System.nanoTime();
    scheduler.start();
    BackgroundDrain.Result result;
    try {
      left.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      CountingDataSource.Counts spent = counting.counts().minus(before);
      result = new BackgroundDrain.Result(took, count - left.getCount(), count, spent, null);
    } finally {
      scheduler.stop();
    }
    if (!result.timedOut()) {
      expectEmpty(counting.dataSource());
    }
    return result;
  }

  private static void expectEmpty(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM scheduled_tasks")) {
      rs.next();
      long rows = rs.getLong(1);
      if (rows != 0) {
        throw new IllegalStateException(rows + " executions left in scheduled_tasks");
      }
    }
  }
}
