package io.github.ferrymail.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import io.github.ferrymail.examples.support.ExampleDatabases;
import io.github.ferrymail.examples.support.TcpForwarder;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import io.github.ferrymail.testing.SettableClock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Retries with backoff, the attempt limit, the failed list and an administrator's retry.
 *
 * <ol>
 *   <li>The user flags a message, but the network to the IMAP server is down (a {@link
 *       TcpForwarder} between Ferry and an in-process GreenMail server hangs up on every
 *       connection).
 *   <li>Each attempt fails with {@code CONNECTION_LOST}, a transient failure: the operation is
 *       rescheduled with exponential backoff and full jitter. A listener prints every retry. The
 *       program moves a {@link SettableClock} (shared by the queue and the processor) to each due
 *       time, so the minutes of backoff pass in no time.
 *   <li>After {@value #MAX_ATTEMPTS} attempts the operation is {@code FAILED} and listed by {@code
 *       QueueAdmin.failed}.
 *   <li>The network comes back; an administrator calls {@code QueueAdmin.retry(id)} (attempts
 *       reset) and the next pass sets the flag on the server.
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.MaxRetriesMain}.
 */
public final class MaxRetriesMain {
  /** The attempt limit of this example (also Ferry's default). */
  public static final int MAX_ATTEMPTS = 3;

  private static final DateTimeFormatter CLOCK_FORMAT =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private static final Instant START = Instant.parse("2030-01-01T09:00:00Z");

  /** The most passes the program makes while the network is down: a bound, never reached. */
  private static final int MAX_PASSES = 10;

  private MaxRetriesMain() {}

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
    SettableClock clock = new SettableClock(START);
    List<String> retries = Collections.synchronizedList(new ArrayList<>());
    try (DemoMailServer server = DemoMailServer.start();
        TcpForwarder network = startForwarder(server);
        HikariDataSource db = ExampleDatabases.inMemory("max-retries")) {
      server.seedInbox(3);
      JooqPendingOperationStore queue = JooqPendingOperationStore.builder(db).clock(clock).build();
      queue.migrate();

      ProcessingListener printer =
          new ProcessingListener() {
            @Override
            public void retryScheduled(PendingOperation op, Instant nextAttemptAt, Throwable e) {
              String line =
                  String.format(
                      "attempt %d of %d failed (%s); next attempt in %.1f s, at %s",
                      op.attempts() + 1,
                      MAX_ATTEMPTS,
                      reason(e),
                      Duration.between(clock.instant(), nextAttemptAt).toMillis() / 1000.0,
                      time(nextAttemptAt));
              retries.add(line);
              out.println(time(clock.instant()) + "  " + line);
            }

            @Override
            public void failed(PendingOperation op, Throwable e) {
              out.printf(
                  "%s  attempt %d of %d failed (%s): operation %d is FAILED%n",
                  time(clock.instant()), op.attempts() + 1, MAX_ATTEMPTS, reason(e), op.id());
            }

            @Override
            public void completed(PendingOperation op, MessageRef newLocation) {
              out.printf("%s  operation %d completed%n", time(clock.instant()), op.id());
            }
          };

      RetryPolicy retryPolicy =
          RetryPolicy.builder()
              .maxAttempts(MAX_ATTEMPTS)
              .initialBackoff(Duration.ofSeconds(30))
              .maxBackoff(Duration.ofMinutes(15))
              .build();
      // The account goes through the forwarder, so that the example can cut the network.
      try (ImapOperationExecutor imap =
              ImapOperationExecutor.create(
                  account ->
                      server
                          .accountBuilder(account)
                          .port(network.port())
                          .connectTimeout(Duration.ofSeconds(5))
                          .readTimeout(Duration.ofSeconds(5))
                          .build());
          QueueProcessor processor =
              QueueProcessor.builder(queue, imap)
                  .clock(clock)
                  .retryPolicy(retryPolicy)
                  .listener(printer)
                  .build()) {

        ServerMessage message = server.messages(DemoMailServer.USER, "INBOX").get(1);
        MessageRef ref =
            new MessageRef(
                DemoMailServer.USER,
                "INBOX",
                message.uidValidity(),
                message.uid(),
                message.messageId());
        PendingOperation op = queue.queue(Operation.flag(ref));
        out.printf("%s  queued operation %d: flag on %s%n", time(clock.instant()), op.id(), ref);

        out.println();
        out.println("== The network to the server goes down ==");
        network.cut();
        PendingOperation now = op;
        for (int pass = 0; pass < MAX_PASSES && now.status() != OperationStatus.FAILED; pass++) {
          processor.processPendingOperations(DemoMailServer.USER);
          now = queue.get(op.id()).orElseThrow();
          if (now.status() == OperationStatus.PENDING) {
            // Time passes until the retry is due (seconds to minutes, in no time at all).
            clock.set(now.nextAttemptAt());
          }
        }
        PendingOperation failed = now;
        List<Long> failedList =
            processor.admin().failed(DemoMailServer.USER, PageRequest.first(10)).items().stream()
                .map(PendingOperation::id)
                .toList();
        out.println();
        out.printf(
            "== Failed list of %s == ids %s; operation %d: %s after %d attempts, last error: %s%n",
            DemoMailServer.USER,
            failedList,
            failed.id(),
            failed.status(),
            failed.attempts(),
            failed.lastError());
        boolean flaggedWhileDown = flagged(server, message.uid());
        out.println("flagged on the server? " + flaggedWhileDown);

        out.println();
        out.println(
            "== The network is back; an administrator retries operation " + op.id() + " ==");
        network.restore();
        boolean retried = processor.admin().retry(op.id());
        PendingOperation afterRetry = queue.get(op.id()).orElseThrow();
        out.printf(
            "retry(%d) = %s; now %s with %d attempts%n",
            op.id(), retried, afterRetry.status(), afterRetry.attempts());
        processor.processPendingOperations(DemoMailServer.USER);
        PendingOperation done = queue.get(op.id()).orElseThrow();
        boolean flaggedAfter = flagged(server, message.uid());
        out.printf(
            "operation %d is %s; flagged on the server? %s; connections hung up on: %d%n",
            done.id(), done.status(), flaggedAfter, network.refusedConnections());
        return new Result(
            List.copyOf(retries),
            failed,
            failedList,
            flaggedWhileDown,
            retried,
            done,
            flaggedAfter,
            network.refusedConnections());
      }
    }
  }

  private static TcpForwarder startForwarder(DemoMailServer server) {
    try {
      return TcpForwarder.start("127.0.0.1", server.port());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the forwarder", e);
    }
  }

  /** Reads the flag with an independent IMAP client, straight from the server. */
  private static boolean flagged(DemoMailServer server, long uid) {
    return server.messages(DemoMailServer.USER, "INBOX").stream()
        .filter(m -> m.uid() == uid)
        .findFirst()
        .orElseThrow()
        .flagged();
  }

  private static String reason(Throwable e) {
    return e instanceof OperationFailedException
        ? ((OperationFailedException) e).reason().toString()
        : e.getClass().getSimpleName();
  }

  private static String time(Instant instant) {
    return CLOCK_FORMAT.format(instant);
  }

  /**
   * What the walkthrough did.
   *
   * @param retries one line per retry the listener heard of
   * @param afterRetries the operation after the attempts ran out
   * @param failedList the ids the failed list showed then
   * @param flaggedWhileDown whether the server had the flag then
   * @param retried what {@code QueueAdmin.retry} answered
   * @param afterRecovery the operation after the network came back and the retry ran
   * @param flaggedAfterRecovery whether the server has the flag at the end
   * @param refusedConnections how many connections the cut network hung up on
   */
  public record Result(
      List<String> retries,
      PendingOperation afterRetries,
      List<Long> failedList,
      boolean flaggedWhileDown,
      boolean retried,
      PendingOperation afterRecovery,
      boolean flaggedAfterRecovery,
      int refusedConnections) {}
}
