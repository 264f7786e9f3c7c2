package io.github.ferrymail.it.reliability.liveload;

import io.github.ferrymail.it.cluster.ClusterWorkerMain;
import io.github.ferrymail.it.support.WorkerJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processor JVMs of the live load ({@link ClusterWorkerMain}, one queue processor each), which
 * the test kills outright and starts again under the same worker id. Each start logs to {@code
 * target/live-load/processor-N-k.log}.
 */
public final class Processors implements AutoCloseable {
  private final List<String> arguments;
  private final Path logs;
  private final List<Process> running = new ArrayList<>();
  private final List<Integer> starts = new ArrayList<>();

  /**
   * @param count how many processors
   * @param arguments {@link ClusterWorkerMain}'s arguments but the worker id
   */
  public Processors(int count, List<String> arguments) throws IOException {
    this.arguments = List.copyOf(arguments);
    this.logs = Files.createDirectories(Path.of("target", "live-load"));
    for (int i = 0; i < count; i++) {
      running.add(null);
      starts.add(0);
      start(i);
    }
  }

  /** Kills processor {@code index} outright: it releases nothing. */
  public void kill(int index) throws InterruptedException {
    Process p = running.get(index);
    p.destroyForcibly();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("processor " + (index + 1) + " survived SIGKILL");
    }
  }

  /** Starts processor {@code index} (again), under the same worker id. */
  public void start(int index) throws IOException {
    int start = starts.get(index) + 1;
    starts.set(index, start);
    String id = "processor-" + (index + 1);
    // ClusterWorkerMain takes the worker id fifth, after URL, user, IMAP port and password.
    List<String> args = new ArrayList<>(arguments);
    args.add(4, id);
    running.set(
        index,
        WorkerJvm.start(
            ClusterWorkerMain.class,
            logs.resolve(id + "-" + start + ".log"),
            args.toArray(String[]::new)));
  }

  /** Stops every processor gently (its standard input closes: it releases its leases). */
  @Override
  public void close() throws IOException, InterruptedException {
    for (Process p : running) {
      if (p.isAlive()) {
        p.getOutputStream().close();
      }
    }
    for (Process p : running) {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
