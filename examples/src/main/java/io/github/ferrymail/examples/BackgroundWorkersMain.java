package io.github.ferrymail.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import io.github.ferrymail.examples.support.ExampleDatabases;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The background mode: {@code processor.start()} runs a pool of workers that poll the queue, and
 * {@code nudge} (done by {@code processor.queue}) starts an account at once.
 *
 * <ol>
 *   <li>An in-process GreenMail server with four users, eight messages each, and an embedded H2
 *       queue.
 *   <li>The processor starts with {@value #WORKER_THREADS} workers.
 *   <li>While it runs, the users work in three rounds a moment apart: they read, flag, file and
 *       trash messages. Each operation is queued through {@code processor.queue}, which nudges the
 *       workers; one account is never on two workers at once.
 *   <li>A listener counts the completions and prints the timeline (time since start, worker thread,
 *       event). Once all are done the processor is closed, which stops the workers.
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.BackgroundWorkersMain}.
 */
public final class BackgroundWorkersMain {
  /** The accounts of this example. */
  public static final List<String> ACCOUNTS = List.of("alice", "bob", "carol", "dave");

  /** The background workers. */
  public static final int WORKER_THREADS = 3;

  /** How long the program waits for every operation before it gives up (never in practice). */
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private static final Duration BETWEEN_ROUNDS = Duration.ofMillis(300);

  /** What every user does, round by round: which of the seeded INBOX messages, and how. */
  private static final List<List<Step>> ROUNDS =
      List.of(
          List.of(
              new Step(1, Operation::markRead),
              new Step(2, Operation::markRead),
              new Step(3, Operation::flag)),
          List.of(
              new Step(4, ref -> Operation.move(ref, "Archive")), new Step(5, Operation::markRead)),
          List.of(new Step(6, Operation::moveToTrash), new Step(7, Operation::flag)));

  private BackgroundWorkersMain() {}

  /**
   * Runs the example.
   *
   * @param args none
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the walkthrough.
   *
   * @param out where to print
   * @return what happened, for the test that keeps this example honest
   */
  public static Result run(PrintStream out) {
    int total = ACCOUNTS.size() * ROUNDS.stream().mapToInt(List::size).sum();
    CountDownLatch allDone = new CountDownLatch(total);
    Map<String, Integer> completionsByThread = new ConcurrentHashMap<>();
    Timeline timeline = new Timeline(out);

    try (DemoMailServer server = DemoMailServer.start();
        HikariDataSource db = ExampleDatabases.inMemory("background-workers")) {
      for (String account : ACCOUNTS) {
        if (!account.equals(DemoMailServer.USER)) {
          server.addUser(account);
        }
        server.seedInbox(account, 8);
      }
      // What the application knows of each INBOX after its first sync.
      Map<String, Function<Integer, MessageRef>> inboxes = new LinkedHashMap<>();
      for (String account : ACCOUNTS) {
        inboxes.put(account, inboxRefs(server, account));
      }
      JooqPendingOperationStore queue = JooqPendingOperationStore.builder(db).build();
      queue.migrate();

      ProcessingListener counter =
          new ProcessingListener() {
            @Override
            public void completed(PendingOperation op, MessageRef newLocation) {
              completionsByThread.merge(Thread.currentThread().getName(), 1, Integer::sum);
              timeline.print(
                  "completed %2d %-5s %-15s UID %d%s",
                  op.id(),
                  op.account(),
                  change(op),
                  op.message().uid(),
                  newLocation == null ? "" : " -> " + newLocation.folder());
              allDone.countDown();
            }

            @Override
            public void failed(PendingOperation op, Throwable error) {
              timeline.print("FAILED    %2d %-5s %s", op.id(), op.account(), error.getMessage());
            }
          };

      Map<OperationStatus, Long> counts;
      boolean finished;
      try (ImapOperationExecutor imap = ImapOperationExecutor.create(server::account);
          QueueProcessor processor =
              QueueProcessor.builder(queue, imap)
                  .workerThreads(WORKER_THREADS)
                  .pollInterval(Duration.ofMillis(250))
                  .listener(counter)
                  .build()) {
        timeline.restart();
        processor.start();
        timeline.print("processor started with %d workers", WORKER_THREADS);

        for (int round = 0; round < ROUNDS.size(); round++) {
          if (round > 0) {
            pause(BETWEEN_ROUNDS);
          }
          for (String account : ACCOUNTS) {
            for (Step step : ROUNDS.get(round)) {
              MessageRef ref = inboxes.get(account).apply(step.message());
              // queue() stores the operation and nudges the workers for its account.
              PendingOperation op = processor.queue(NewOperation.of(step.operation().apply(ref)));
              timeline.print(
                  "queued    %2d %-5s %-15s UID %d (round %d)",
                  op.id(), account, change(op), op.message().uid(), round + 1);
            }
          }
        }

        finished = await(allDone);
        timeline.print(
            finished ? "all %d operations completed; closing" : "gave up waiting for %d", total);
      }
      timeline.print("processor closed");
      counts = queue.countByStatus(null);

      Map<String, Map<String, List<ServerMessage>>> serverAfter = new LinkedHashMap<>();
      for (String account : ACCOUNTS) {
        serverAfter.put(account, server.snapshot(account));
      }
      out.println();
      out.println("completions per worker thread: " + new TreeMap<>(completionsByThread));
      out.println("queue: " + counts);
      serverAfter.forEach(
          (account, folders) -> {
            StringBuilder line = new StringBuilder(String.format("%-5s", account));
            folders.forEach(
                (folder, messages) -> {
                  long read = messages.stream().filter(ServerMessage::seen).count();
                  long flagged = messages.stream().filter(ServerMessage::flagged).count();
                  line.append(
                      String.format(
                          "  %s: %d (%d read, %d flagged)",
                          folder, messages.size(), read, flagged));
                });
            out.println(line);
          });
      return new Result(
          finished,
          total,
          total - (int) allDone.getCount(),
          Map.copyOf(completionsByThread),
          counts,
          serverAfter);
    }
  }

  private static Function<Integer, MessageRef> inboxRefs(DemoMailServer server, String account) {
    List<ServerMessage> inbox = server.messages(account, "INBOX");
    // Message n of the seed (1-based), as the application last saw it.
    return n -> {
      ServerMessage m = inbox.get(n - 1);
      return new MessageRef(account, "INBOX", m.uidValidity(), m.uid(), m.messageId());
    };
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Prints events with the time since the processor started and the thread they happened on. */
  private static final class Timeline {
    private final PrintStream out;
    private final Thread main = Thread.currentThread();
    private long start = System.nanoTime();

    Timeline(PrintStream out) {
      this.out = out;
    }

    synchronized void restart() {
      start = System.nanoTime();
    }

    synchronized void print(String format, Object... args) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      Thread current = Thread.currentThread();
      out.printf(
          "+%5d ms  %-14s %s%n",
          millis, current == main ? "main" : current.getName(), String.format(format, args));
    }
  }

  /** What an operation does, for example {@code FLAGS +\Seen} or {@code MOVE}. */
  private static String change(PendingOperation op) {
    String payload = op.operation().payload();
    return payload == null ? op.kind().name() : op.kind() + " " + payload;
  }

  /** One user action: an operation on message n (from 1) of the seeded INBOX. */
  private record Step(int message, Function<MessageRef, Operation> operation) {}

  /**
   * What the walkthrough did.
   *
   * @param finished whether every operation completed before the deadline
   * @param queued how many operations the users queued
   * @param completed how many completions the listener heard of
   * @param completionsByThread completions per thread name
   * @param queueCounts the queue's counts per status at the end, all accounts
   * @param serverAfter per account, the server's folders at the end
   */
  public record Result(
      boolean finished,
      int queued,
      int completed,
      Map<String, Integer> completionsByThread,
      Map<OperationStatus, Long> queueCounts,
      Map<String, Map<String, List<ServerMessage>>> serverAfter) {}
}
