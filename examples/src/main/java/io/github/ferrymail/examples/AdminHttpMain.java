package io.github.ferrymail.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.processor.ProcessingReport;
import io.github.ferrymail.core.processor.QueueAdmin;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.admin.AdminHttpServer;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import io.github.ferrymail.examples.support.ExampleDatabases;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin endpoints of the original design, {@code GET /api/sync/pending}, {@code GET
 * /api/sync/failed} and {@code POST /api/sync/retry/{id}} (plus {@code discard} and {@code
 * counts}), served as JSON by {@link AdminHttpServer} over Ferry's {@link QueueAdmin}.
 *
 * <ol>
 *   <li>An in-process GreenMail server with six messages and an embedded H2 queue.
 *   <li>Four operations are queued and processed: a mark-read and a move to Archive succeed; a move
 *       to the folder {@code Projects}, which does not exist, fails permanently ({@code
 *       FOLDER_NOT_FOUND}); a flag of a message another client deleted fails too ({@code
 *       MESSAGE_NOT_FOUND}). Two more operations are queued and left pending.
 *   <li>The endpoints are served on 127.0.0.1.
 * </ol>
 *
 * <p>With {@code --demo} the program calls its own endpoints with {@link HttpClient}: it lists the
 * pending (page by page) and failed operations, creates the missing folder, retries the failed move
 * and discards the other one, runs a sync pass, shows that nothing is failed any more, and shows
 * the answers to wrong requests (400, 404, 405). Then it stops. Without {@code --demo} it creates
 * the missing folder, prints {@code curl} commands to try, and serves until Enter is pressed (at
 * most {@value #SERVE_AT_MOST_MINUTES} minutes); then it runs a last sync pass and stops.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.AdminHttpMain -Dexec.args="--demo"} (or {@code
 * -Dexec.args="8080"} to serve on port 8080 and try the endpoints yourself).
 */
public final class AdminHttpMain {
  /** The folder the failing move is meant for; it does not exist on the server at first. */
  public static final String MISSING_FOLDER = "Projects";

  /** The longest the interactive mode serves. */
  public static final int SERVE_AT_MOST_MINUTES = 10;

  private static final String ACCOUNT = DemoMailServer.USER;
  private static final Pattern NEXT_AFTER = Pattern.compile("\"nextAfter\":(\\d+)");

  private AdminHttpMain() {}

  /**
   * Runs the example.
   *
   * @param args {@code [port] [--demo]}: the port on 127.0.0.1 (default 0, a free one), and whether
   *     to call the endpoints itself and stop
   */
  public static void main(String[] args) {
    run(System.out, args);
  }

  /**
   * Runs the example.
   *
   * @param out where to print
   * @param args see {@link #main}
   */
  public static void run(PrintStream out, String... args) {
    boolean demo = false;
    int port = 0;
    for (String arg : args) {
      if (arg.equals("--demo")) {
        demo = true;
      } else {
        port = parsePort(arg);
      }
    }
    try (Demo running = Demo.start(out, port)) {
      if (demo) {
        tour(out, running);
      } else {
        serveUntilEnter(out, running);
      }
    }
  }

  /** Calls every endpoint as an administrator would, printing requests and answers. */
  private static void tour(PrintStream out, Demo demo) {
    Ids ids = demo.ids();
    AdminCalls http = new AdminCalls(out, demo.baseUri());
    out.println();
    out.println("== The admin API at " + demo.baseUri() + " ==");
    http.get("counts?account=" + ACCOUNT);
    String firstPage = http.get("pending?account=" + ACCOUNT + "&size=1").body();
    Matcher next = NEXT_AFTER.matcher(firstPage);
    if (next.find()) {
      http.get("pending?account=" + ACCOUNT + "&size=1&after=" + next.group(1));
    }
    http.get("failed?account=" + ACCOUNT);

    out.println();
    out.println("== The administrator creates the missing folder, retries the move ==");
    out.println("== and discards the flag of the message that is gone ==");
    demo.mailServer().createFolder(ACCOUNT, MISSING_FOLDER);
    http.post("retry/" + ids.moveToMissingFolder());
    http.post("discard/" + ids.flagOfVanishedMessage());
    out.println("next sync pass: " + demo.processAgain());
    http.get("failed?account=" + ACCOUNT);
    http.get("counts?account=" + ACCOUNT);

    out.println();
    out.println("== Requests the API refuses ==");
    http.get("pending");
    http.get("failed?account=%20");
    http.post("retry/abc");
    http.post("retry/" + ids.moveToMissingFolder());
    http.post("discard/999999");
    http.get("retry/" + ids.moveToMissingFolder());
    http.send("DELETE", "pending?account=" + ACCOUNT);

    out.println();
    out.println("== The server now ==");
    printServer(out, demo.mailServer());
  }

  private static void serveUntilEnter(PrintStream out, Demo demo) {
    demo.mailServer().createFolder(ACCOUNT, MISSING_FOLDER);
    URI base = demo.baseUri();
    Ids ids = demo.ids();
    out.println();
    out.println("The administrator has created the missing folder " + MISSING_FOLDER + ".");
    out.println("Try the admin API (the processor runs when you press Enter):");
    out.println("  curl -s '" + base + "counts?account=" + ACCOUNT + "'");
    out.println("  curl -s '" + base + "pending?account=" + ACCOUNT + "&size=1'");
    out.println("  curl -s '" + base + "failed?account=" + ACCOUNT + "'");
    out.println("  curl -s -X POST " + base + "retry/" + ids.moveToMissingFolder());
    out.println("  curl -s -X POST " + base + "discard/" + ids.flagOfVanishedMessage());
    out.println("  curl -s -i " + base + "retry/" + ids.moveToMissingFolder() + "   # 405");
    out.println("Press Enter to run a sync pass and stop.");
    awaitEnter();
    out.println("sync pass: " + demo.processAgain());
    out.println("counts: " + demo.admin().counts(ACCOUNT));
    printServer(out, demo.mailServer());
  }

  private static void awaitEnter() {
    CountDownLatch entered = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try {
                System.in.read();
              } catch (IOException e) {
                // No console: stop as if Enter was pressed.
              }
              entered.countDown();
            },
            "await-enter");
    reader.setDaemon(true);
    reader.start();
    try {
      entered.await(SERVE_AT_MOST_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void printServer(PrintStream out, DemoMailServer server) {
    for (String folder : List.of("INBOX", "Archive", MISSING_FOLDER)) {
      if (!server.hasFolder(ACCOUNT, folder)) {
        out.printf("%-8s (no such folder)%n", folder);
        continue;
      }
      List<ServerMessage> messages = server.messages(ACCOUNT, folder);
      out.printf("%-8s %d message(s)%n", folder, messages.size());
      for (ServerMessage m : messages) {
        out.printf(
            "    UID %-2d %s%s%s%n",
            m.uid(), m.subject(), m.seen() ? "  [read]" : "", m.flagged() ? "  [flagged]" : "");
      }
    }
  }

  private static int parsePort(String arg) {
    try {
      int port = Integer.parseInt(arg);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("port must be a number from 0 to 65535 (or --demo): " + arg);
  }

  /**
   * The operations the demo queued.
   *
   * @param markRead a mark-read that completed
   * @param moveToArchive a move to Archive that completed
   * @param moveToMissingFolder a move to {@value #MISSING_FOLDER}, failed with FOLDER_NOT_FOUND
   * @param flagOfVanishedMessage a flag of a UID the server does not have, failed with
   *     MESSAGE_NOT_FOUND
   * @param flagWhileOffline pending: queued after the first sync pass
   * @param readWhileOffline pending: queued after the first sync pass
   */
  public record Ids(
      long markRead,
      long moveToArchive,
      long moveToMissingFolder,
      long flagOfVanishedMessage,
      long flagWhileOffline,
      long readWhileOffline) {}

  /**
   * The running demo: mail server, queue, processor and admin HTTP server. Close it to stop them
   * all.
   */
  public static final class Demo implements AutoCloseable {
    private final DemoMailServer mailServer;
    private final HikariDataSource database;
    private final ImapOperationExecutor imap;
    private final QueueProcessor processor;
    private final AdminHttpServer http;
    private final Ids ids;

    private Demo(
        DemoMailServer mailServer,
        HikariDataSource database,
        ImapOperationExecutor imap,
        QueueProcessor processor,
        AdminHttpServer http,
        Ids ids) {
      this.mailServer = mailServer;
      this.database = database;
      this.imap = imap;
      this.processor = processor;
      this.http = http;
      this.ids = ids;
    }

    /**
     * Sets the scene (see the class description) and starts serving.
     *
     * @param out where to print
     * @param port the port on 127.0.0.1, or 0 for a free one
     * @return the running demo
     */
    public static Demo start(PrintStream out, int port) {
      DemoMailServer mailServer = DemoMailServer.start();
      HikariDataSource database = null;
      ImapOperationExecutor imap = null;
      QueueProcessor processor = null;
      try {
        mailServer.seedInbox(6);
        database = ExampleDatabases.inMemory("admin-http");
        JooqPendingOperationStore queue = JooqPendingOperationStore.builder(database).build();
        queue.migrate();
        imap = ImapOperationExecutor.create(mailServer::account);
        processor = QueueProcessor.builder(queue, imap).build();

        Function<Integer, MessageRef> inbox = inboxRefs(mailServer);
        MessageRef vanished =
            new MessageRef(ACCOUNT, "INBOX", inbox.apply(1).uidValidity(), 999, null);
        long markRead = queue.queue(NewOperation.of(Operation.markRead(inbox.apply(1)), "m1")).id();
        long archive =
            queue.queue(NewOperation.of(Operation.move(inbox.apply(2), "Archive"), "m2")).id();
        long missing =
            queue.queue(NewOperation.of(Operation.move(inbox.apply(3), MISSING_FOLDER), "m3")).id();
        long gone = queue.queue(NewOperation.of(Operation.flag(vanished), "m999")).id();
        out.println(
            "queued "
                + markRead
                + " mark read, "
                + archive
                + " MOVE to Archive, "
                + missing
                + " MOVE to "
                + MISSING_FOLDER
                + " (no such folder), "
                + gone
                + " flag of UID 999 (no such message)");
        out.println("first sync pass: " + processor.processPendingOperations(ACCOUNT));

        long flag = queue.queue(NewOperation.of(Operation.flag(inbox.apply(4)), "m4")).id();
        long read = queue.queue(NewOperation.of(Operation.markRead(inbox.apply(5)), "m5")).id();
        out.println("queued " + flag + " flag and " + read + " mark read, not synced yet");

        AdminHttpServer http = AdminHttpServer.start(processor.admin(), port);
        out.println("admin API at " + http.baseUri());
        return new Demo(
            mailServer,
            database,
            imap,
            processor,
            http,
            new Ids(markRead, archive, missing, gone, flag, read));
      } catch (IOException | RuntimeException e) {
        closeAll(processor, imap, database, mailServer);
        if (e instanceof IOException) {
          throw new UncheckedIOException(
              "could not serve the admin API on port " + port, (IOException) e);
        }
        throw (RuntimeException) e;
      }
    }

    /**
     * The base URI of the endpoints.
     *
     * @return for example {@code http://127.0.0.1:8080/api/sync/}
     */
    public URI baseUri() {
      return http.baseUri();
    }

    /**
     * The operations queued.
     *
     * @return their ids
     */
    public Ids ids() {
      return ids;
    }

    /**
     * The mail server, to look at or to fix.
     *
     * @return the server
     */
    public DemoMailServer mailServer() {
      return mailServer;
    }

    /**
     * The admin facade behind the endpoints.
     *
     * @return the facade
     */
    public QueueAdmin admin() {
      return processor.admin();
    }

    /**
     * Runs a sync pass for the account now, as the application's sync engine would.
     *
     * @return what it did
     */
    public ProcessingReport processAgain() {
      return processor.processPendingOperations(ACCOUNT);
    }

    @Override
    public void close() {
      http.close();
      closeAll(processor, imap, database, mailServer);
    }

    private static Function<Integer, MessageRef> inboxRefs(DemoMailServer server) {
      List<ServerMessage> inbox = server.messages(ACCOUNT, "INBOX");
      // Message n of the seed (1-based), as the application last saw it.
      return n -> {
        ServerMessage m = inbox.get(n - 1);
        return new MessageRef(ACCOUNT, "INBOX", m.uidValidity(), m.uid(), m.messageId());
      };
    }

    private static void closeAll(AutoCloseable... resources) {
      for (AutoCloseable r : resources) {
        if (r == null) {
          continue;
        }
        try {
          r.close();
        } catch (Exception e) {
          // Closing the rest matters more; the demo is ending.
        }
      }
    }
  }

  /** Calls the admin API and prints each request with its answer. */
  private static final class AdminCalls {
    private final PrintStream out;
    private final URI base;
    private final HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminCalls(PrintStream out, URI base) {
      this.out = out;
      this.base = base;
    }

    HttpResponse<String> get(String path) {
      return send("GET", path);
    }

    HttpResponse<String> post(String path) {
      return send("POST", path);
    }

    HttpResponse<String> send(String method, String path) {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .method(method, HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(10))
              .build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        out.println(
            method
                + " "
                + request.uri().getRawPath()
                + query(request.uri())
                + "  ->  "
                + response.statusCode());
        out.println("    " + response.body());
        return response;
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + path + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted calling " + path, e);
      }
    }

    private static String query(URI uri) {
      return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    }
  }
}
