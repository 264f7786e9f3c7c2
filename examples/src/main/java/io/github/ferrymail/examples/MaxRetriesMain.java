package io.github.ferrymail.examples;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoQueue;
import io.github.ferrymail.examples.support.RetryPrinter;
import io.github.ferrymail.examples.support.TcpForwarder;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.testing.SettableClock;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Retries with backoff, the attempt limit, the failed list and an administrator's retry. The user
 * flags a message while the network is down ({@link TcpForwarder} hangs up on Ferry): each attempt
 * fails with {@code CONNECTION_LOST}, a transient failure, and is rescheduled with exponential
 * backoff and full jitter; the program moves a {@link SettableClock}, shared by queue and
 * processor, to each due time, so the backoff passes in no time. After {@value #MAX_ATTEMPTS}
 * attempts the operation is {@code FAILED}; the network comes back, {@code retry(id)} resets the
 * attempts, and the next pass sets the flag.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.MaxRetriesMain}.
 */
public final class MaxRetriesMain {
  /** The attempt limit of this example (also Ferry's default). */
  public static final int MAX_ATTEMPTS = 3;

  private static final String ALICE = DemoMailServer.USER;

  private MaxRetriesMain() {}

  public static void main(String[] args) {
    try (DemoMailServer server = DemoMailServer.start()) {
      run(System.out, server);
    }
  }

  /** Runs the walkthrough on {@code server}; returns the operation as it ends. */
  public static PendingOperation run(PrintStream out, DemoMailServer server) {
    server.seedInbox(3);
    SettableClock clock = new SettableClock(Instant.parse("2030-01-01T09:00:00Z"));
    RetryPrinter printer = new RetryPrinter(out, clock, MAX_ATTEMPTS);
    RetryPolicy retryPolicy =
        RetryPolicy.builder()
            .maxAttempts(MAX_ATTEMPTS)
            .initialBackoff(Duration.ofSeconds(30))
            .maxBackoff(Duration.ofMinutes(15))
            .build();
    try (TcpForwarder network = TcpForwarder.start("127.0.0.1", server.port());
        DemoQueue queue = DemoQueue.inMemory("max-retries", clock);
        // Ferry reaches the server through the forwarder, so that the program can cut the network.
        ImapOperationExecutor imap =
            ImapOperationExecutor.create(user -> server.accountThrough(user, network.port()));
        QueueProcessor processor =
            QueueProcessor.builder(queue.store(), imap)
                .clock(clock)
                .retryPolicy(retryPolicy)
                .listener(printer)
                .build()) {
      MessageRef ref = server.inboxRefs(ALICE).get(1);
      PendingOperation op = queue.store().queue(Operation.flag(ref));
      printer.print("queued operation " + op.id() + ": flag on " + ref);

      out.println("\n== The network to the server goes down ==");
      network.cut();
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        processor.processPendingOperations(ALICE);
        PendingOperation now = queue.store().get(op.id()).orElseThrow();
        if (now.status() == OperationStatus.PENDING) {
          clock.set(now.nextAttemptAt()); // the backoff passes in no time at all
        }
      }
      out.println("\n== Failed list of " + ALICE + " ==");
      for (PendingOperation f : processor.admin().failed(ALICE, PageRequest.first(10)).items()) {
        out.printf(
            "operation %d: %s after %d attempts, last error: %s%n",
            f.id(), f.status(), f.attempts(), f.lastError());
      }
      out.println("flagged on the server? " + server.message(ref).flagged());

      out.println(
          "\n== The network is back; an administrator retries operation " + op.id() + " ==");
      network.restore();
      out.println("retry(" + op.id() + ") = " + processor.admin().retry(op.id()));
      processor.processPendingOperations(ALICE);
      PendingOperation done = queue.store().get(op.id()).orElseThrow();
      out.printf(
          "operation %d is %s with %d attempts; flagged on the server? %s%n",
          op.id(), done.status(), done.attempts(), server.message(ref).flagged());
      return done;
    }
  }
}
