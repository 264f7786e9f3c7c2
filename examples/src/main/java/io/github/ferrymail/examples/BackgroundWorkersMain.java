package io.github.ferrymail.examples;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoQueue;
import io.github.ferrymail.examples.support.OperationText;
import io.github.ferrymail.examples.support.ServerPrinter;
import io.github.ferrymail.examples.support.Timeline;
import io.github.ferrymail.imap.ImapOperationExecutor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The background mode: {@code processor.start()} runs {@value #WORKER_THREADS} workers that poll
 * the queue, and {@code processor.queue} stores an operation and nudges them, so its account starts
 * at once. Four users read, flag, file and trash messages in three rounds while the workers run;
 * one account is never on two workers at once. A listener prints the timeline; once all operations
 * are done, {@code close()} stops the workers.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.BackgroundWorkersMain}.
 */
public final class BackgroundWorkersMain {
  /** The accounts of this example. */
  public static final List<String> ACCOUNTS = List.of("alice", "bob", "carol", "dave");

  /** The background workers. */
  public static final int WORKER_THREADS = 3;

  /** What every user does, round by round: an operation on the seeded INBOX message n. */
  private static final List<Map<Integer, Function<MessageRef, Operation>>> ROUNDS =
      List.of(
          Map.of(1, Operation::markRead, 2, Operation::markRead, 3, Operation::flag),
          Map.of(4, ref -> Operation.move(ref, "Archive"), 5, Operation::markRead),
          Map.of(6, Operation::moveToTrash, 7, Operation::flag));

  private BackgroundWorkersMain() {}

  public static void main(String[] args) throws InterruptedException {
    try (DemoMailServer server = DemoMailServer.start()) {
      run(System.out, server);
    }
  }

  /** Runs the walkthrough on {@code server}; returns the completions per worker thread. */
  public static Map<String, Integer> run(PrintStream out, DemoMailServer server)
      throws InterruptedException {
    server.seedUsers(ACCOUNTS, 8);
    Map<String, List<MessageRef>> inboxes = // the application's first sync
        ACCOUNTS.stream().collect(Collectors.toMap(a -> a, server::inboxRefs));
    int total = ACCOUNTS.size() * ROUNDS.stream().mapToInt(Map::size).sum();
    CountDownLatch allDone = new CountDownLatch(total);
    Map<String, Integer> completionsByThread = new ConcurrentHashMap<>();
    Timeline timeline = new Timeline(out);
    ProcessingListener counter =
        new ProcessingListener() {
          @Override
          public void completed(PendingOperation op, MessageRef newLocation) {
            completionsByThread.merge(Thread.currentThread().getName(), 1, Integer::sum);
            timeline.print("completed %2d %s", op.id(), OperationText.of(op));
            allDone.countDown();
          }
        };
    try (DemoQueue queue = DemoQueue.inMemory("background-workers");
        ImapOperationExecutor imap = ImapOperationExecutor.create(server::account);
        QueueProcessor processor =
            QueueProcessor.builder(queue.store(), imap)
                .workerThreads(WORKER_THREADS)
                .pollInterval(Duration.ofMillis(250))
                .listener(counter)
                .build()) {
      timeline.restart();
      processor.start();
      timeline.print("processor started with %d workers", WORKER_THREADS);
      for (int round = 0; round < ROUNDS.size(); round++) {
        Thread.sleep(round == 0 ? 0 : 300); // the users take a moment between rounds
        for (String account : ACCOUNTS) {
          for (var step : new TreeMap<>(ROUNDS.get(round)).entrySet()) {
            MessageRef ref = inboxes.get(account).get(step.getKey() - 1);
            PendingOperation op = processor.queue(NewOperation.of(step.getValue().apply(ref)));
            timeline.print("queued    %2d %s (round %d)", op.id(), OperationText.of(op), round + 1);
          }
        }
      }
      boolean finished = allDone.await(90, TimeUnit.SECONDS);
      timeline.print(finished ? "all %d operations completed; closing" : "gave up on %d", total);
      processor.close(); // stops the poller and the workers; the try's close does nothing more
      timeline.print("processor closed");
      out.println("\ncompletions per worker thread: " + new TreeMap<>(completionsByThread));
      out.println("queue: " + queue.store().countByStatus(null));
      ACCOUNTS.forEach(a -> ServerPrinter.summary(out, a, server.snapshot(a)));
      return Map.copyOf(completionsByThread);
    }
  }
}
