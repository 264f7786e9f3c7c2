package io.github.ferrymail.examples;

import static io.github.ferrymail.examples.support.AdminScene.MISSING_FOLDER;

import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.admin.AdminHttpServer;
import io.github.ferrymail.examples.support.AdminApiClient;
import io.github.ferrymail.examples.support.AdminScene;
import io.github.ferrymail.examples.support.Console;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoQueue;
import io.github.ferrymail.examples.support.ServerPrinter;
import io.github.ferrymail.imap.ImapOperationExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Ferry's {@code QueueAdmin} as JSON over HTTP ({@link AdminHttpServer}): {@code GET
 * /api/sync/pending}, {@code GET /api/sync/failed}, {@code POST /api/sync/retry/{id}}, {@code POST
 * /api/sync/discard/{id}} and {@code GET /api/sync/counts}, on 127.0.0.1. The queue starts as
 * {@link AdminScene} sets it: two operations failed for good, two pending. With {@code --demo} the
 * program calls the endpoints itself, fixes the missing folder, retries and discards, shows the
 * answers to wrong requests, and stops; with a port instead it prints {@code curl} commands and
 * serves until Enter is pressed (at most ten minutes).
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.AdminHttpMain -Dexec.args="--demo"} (or {@code
 * -Dexec.args="8080"}).
 */
public final class AdminHttpMain {
  private static final String ALICE = DemoMailServer.USER;

  private AdminHttpMain() {}

  public static void main(String[] args) throws IOException {
    run(System.out, args);
  }

  /**
   * Runs the example; {@code args} are {@code [port] [--demo]}, the port 0 (a free one) if none.
   */
  public static void run(PrintStream out, String... args) throws IOException {
    boolean demo = List.of(args).contains("--demo");
    int port = args.length > 0 && !args[0].equals("--demo") ? Integer.parseInt(args[0]) : 0;
    try (DemoMailServer server = DemoMailServer.start();
        DemoQueue queue = DemoQueue.inMemory("admin-http");
        ImapOperationExecutor imap = ImapOperationExecutor.create(server::account);
        QueueProcessor processor = QueueProcessor.builder(queue.store(), imap).build()) {
      AdminScene scene = AdminScene.set(out, server, queue, processor);
      try (AdminHttpServer http = AdminHttpServer.start(processor.admin(), port)) {
        out.println("admin API at " + http.baseUri());
        if (demo) {
          tour(out, new AdminApiClient(out, http.baseUri()), server, processor, scene);
        } else {
          server.createFolder(ALICE, MISSING_FOLDER);
          AdminApiClient.printCurlCommands(out, http.baseUri(), scene);
          Console.awaitEnter(Duration.ofMinutes(10));
          out.println("sync pass: " + processor.processPendingOperations(ALICE));
        }
      }
      out.println("\n== The server now ==");
      ServerPrinter.folders(
          out, server.snapshot(ALICE, List.of("INBOX", "Archive", MISSING_FOLDER)));
    }
  }

  /** Calls every endpoint as an administrator would; the client prints requests and answers. */
  private static void tour(
      PrintStream out,
      AdminApiClient http,
      DemoMailServer server,
      QueueProcessor processor,
      AdminScene scene) {
    out.println("\n== The admin API ==");
    http.get("counts?account=" + ALICE);
    long nextAfter = http.get("pending?account=" + ALICE + "&size=1").get("nextAfter").asLong();
    http.get("pending?account=" + ALICE + "&size=1&after=" + nextAfter);
    http.get("failed?account=" + ALICE);

    out.println("\n== The administrator creates the missing folder, retries the move ==");
    out.println("== and discards the flag of the message that is gone ==");
    server.createFolder(ALICE, MISSING_FOLDER);
    http.post("retry/" + scene.moveToMissingFolder());
    http.post("discard/" + scene.flagOfVanishedMessage());
    out.println("next sync pass: " + processor.processPendingOperations(ALICE));
    http.get("failed?account=" + ALICE);
    http.get("counts?account=" + ALICE);

    out.println("\n== Requests the API refuses ==");
    http.get("pending");
    http.get("failed?account=%20");
    http.post("retry/abc");
    http.post("retry/" + scene.moveToMissingFolder());
    http.post("discard/999999");
    http.get("retry/" + scene.moveToMissingFolder());
    http.send("DELETE", "pending?account=" + ALICE);
  }
}
