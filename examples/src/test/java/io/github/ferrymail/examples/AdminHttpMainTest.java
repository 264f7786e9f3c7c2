package io.github.ferrymail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.admin.AdminHttpServer;
import io.github.ferrymail.examples.support.AdminScene;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import io.github.ferrymail.examples.support.DemoQueue;
import io.github.ferrymail.imap.ImapOperationExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starts the admin example's stack on a free port in this JVM and uses its endpoints as an
 * administrator's tool would: over HTTP, reading the JSON with Jackson, checking the server with an
 * independent IMAP client.
 */
class AdminHttpMainTest {
  private static final String ALICE = DemoMailServer.USER;

  /** Strict: a number is a Long, and nothing may follow the document. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_LONG_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private DemoMailServer server;
  private DemoQueue queue;
  private ImapOperationExecutor imap;
  private QueueProcessor processor;
  private AdminHttpServer http;
  private AdminScene ids;

  @BeforeEach
  void start() throws IOException {
    server = DemoMailServer.start();
    queue = DemoQueue.inMemory("admin-http-test");
    imap = ImapOperationExecutor.create(server::account);
    processor = QueueProcessor.builder(queue.store(), imap).build();
    ids =
        AdminScene.set(
            new PrintStream(printed, true, StandardCharsets.UTF_8), server, queue, processor);
    http = AdminHttpServer.start(processor.admin(), 0);
  }

  @AfterEach
  void stop() {
    http.close();
    processor.close();
    imap.close();
    queue.close();
    server.close();
  }

  @Test
  void listsPendingAndFailedThenRetryAfterTheFixFinishesTheMove() throws Exception {
    HttpResponse<String> pending = call("GET", "pending?account=" + ALICE);
    assertThat(pending.statusCode()).isEqualTo(200);
    assertThat(pending.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    Map<String, Object> pendingJson = object(pending.body());
    assertThat(pendingJson).containsEntry("account", ALICE).containsEntry("nextAfter", null);
    List<Map<String, Object>> pendingOps = operations(pendingJson);
    assertThat(pendingOps)
        .extracting(op -> op.get("id"))
        .containsExactly(ids.flagWhileOffline(), ids.readWhileOffline());
    Map<String, Object> flag = pendingOps.get(0);
    assertThat(flag)
        .containsEntry("kind", "FLAGS")
        .containsEntry("payload", "+\\Flagged")
        .containsEntry("account", ALICE)
        .containsEntry("folder", "INBOX")
        .containsEntry("uid", 4L)
        .containsEntry("destination", null)
        .containsEntry("messageKey", "m4")
        .containsEntry("status", "PENDING")
        .containsEntry("attempts", 0L)
        .containsEntry("lastError", null)
        .containsEntry("lastAttemptAt", null)
        .containsEntry("finishedAt", null);
    Instant due = Instant.parse((String) flag.get("nextAttemptAt"));
    assertThat(due)
        .isEqualTo(processor.admin().get(ids.flagWhileOffline()).orElseThrow().nextAttemptAt());

    // Paging: one at a time, following nextAfter.
    Map<String, Object> page1 = json("GET", "pending?account=" + ALICE + "&size=1");
    assertThat(operations(page1))
        .extracting(op -> op.get("id"))
        .containsExactly(ids.flagWhileOffline());
    assertThat(page1).containsEntry("nextAfter", ids.flagWhileOffline());
    Map<String, Object> page2 =
        json("GET", "pending?account=" + ALICE + "&size=1&after=" + page1.get("nextAfter"));
    assertThat(operations(page2))
        .extracting(op -> op.get("id"))
        .containsExactly(ids.readWhileOffline());
    assertThat(page2).containsEntry("nextAfter", null);

    List<Map<String, Object>> failed = operations(json("GET", "failed?account=" + ALICE));
    assertThat(failed)
        .extracting(op -> op.get("id"))
        .containsExactly(ids.moveToMissingFolder(), ids.flagOfVanishedMessage());
    assertThat(failed.get(0))
        .containsEntry("kind", "MOVE")
        .containsEntry("uid", 3L)
        .containsEntry("destination", AdminScene.MISSING_FOLDER)
        .containsEntry("status", "FAILED")
        .containsEntry("attempts", 1L);
    assertThat((String) failed.get(0).get("lastError")).startsWith("[FOLDER_NOT_FOUND]");
    assertThat(failed.get(1)).containsEntry("kind", "FLAGS").containsEntry("uid", 999L);
    assertThat((String) failed.get(1).get("lastError")).startsWith("[MESSAGE_NOT_FOUND]");
    assertThat(Instant.parse((String) failed.get(0).get("finishedAt"))).isNotNull();

    // The administrator fixes the cause, retries the move and discards the hopeless flag.
    server.createFolder(ALICE, AdminScene.MISSING_FOLDER);
    HttpResponse<String> retried = call("POST", "retry/" + ids.moveToMissingFolder());
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(object(retried.body()))
        .containsEntry("id", ids.moveToMissingFolder())
        .containsEntry("retried", true);
    assertThat(operations(json("GET", "pending?account=" + ALICE)))
        .extracting(op -> op.get("id"))
        .contains(ids.moveToMissingFolder());
    HttpResponse<String> discarded = call("POST", "discard/" + ids.flagOfVanishedMessage());
    assertThat(discarded.statusCode()).isEqualTo(200);
    assertThat(object(discarded.body())).containsEntry("discarded", true);

    assertThat(processor.processPendingOperations(ALICE).completed()).isEqualTo(3);

    Map<String, Object> failedAfter = json("GET", "failed?account=" + ALICE);
    assertThat(operations(failedAfter)).isEmpty();
    assertThat(operations(json("GET", "pending?account=" + ALICE))).isEmpty();
    assertThat(json("GET", "counts?account=" + ALICE).get("counts"))
        .isEqualTo(
            Map.of(
                "PENDING",
                0L,
                "IN_FLIGHT",
                0L,
                "COMPLETED",
                5L,
                "FAILED",
                0L,
                "CANCELLED",
                1L,
                "CONFLICT",
                0L));
    assertThat(processor.admin().get(ids.moveToMissingFolder()).orElseThrow().status())
        .isEqualTo(OperationStatus.COMPLETED);

    // What the server holds, read by a plain IMAP client.
    assertThat(subjects(server.messages(ALICE, AdminScene.MISSING_FOLDER)))
        .containsExactly("Message 03");
    assertThat(subjects(server.messages(ALICE, "Archive"))).containsExactly("Message 02");
    List<ServerMessage> inbox = server.messages(ALICE, "INBOX");
    assertThat(subjects(inbox))
        .containsExactly("Message 01", "Message 04", "Message 05", "Message 06");
    assertThat(inbox)
        .filteredOn(ServerMessage::seen)
        .extracting(ServerMessage::subject)
        .containsExactly("Message 01", "Message 05");
    assertThat(inbox)
        .filteredOn(ServerMessage::flagged)
        .extracting(ServerMessage::subject)
        .containsExactly("Message 04");
  }

  @Test
  void answersBadRequestsWith400404And405() throws Exception {
    assertError(call("GET", "pending"), 400, "'account'");
    assertError(call("GET", "pending?account="), 400, "'account'");
    assertError(call("GET", "failed?account=%20%09"), 400, "'account'");
    assertError(call("GET", "counts"), 400, "'account'");
    assertError(call("GET", "pending?account=alice&size=0"), 400, "'size'");
    assertError(call("GET", "pending?account=alice&size=1001"), 400, "'size'");
    assertError(call("GET", "failed?account=alice&after=x"), 400, "'after'");
    assertError(call("GET", "failed?account=alice&after=-1"), 400, "'after'");
    assertError(call("GET", "failed?account=alice&account=bob"), 400, "'account'");
    assertError(call("POST", "retry/abc"), 400, "abc");
    assertError(call("POST", "retry/-3"), 400, "-3");
    assertError(call("POST", "retry/"), 400, "id");
    assertError(call("POST", "discard/12345678901234567890"), 400, "id");
    // What the client sent comes back in the message; Jackson escapes it, the reader gets it back.
    HttpResponse<String> hostile =
        call("GET", "failed?account=alice&after=%22%0A%5C%09%E2%80%A8%C3%A9");
    assertError(hostile, 400, "'after'");
    assertThat(hostile.body()).contains("\\\"\\n\\\\\\t");
    assertThat((String) object(hostile.body()).get("error")).endsWith(": \"\n\\\t\u2028é");

    assertError(call("POST", "retry/999999"), 404, "no operation 999999");
    assertError(call("POST", "retry/" + ids.markRead()), 404, "COMPLETED");
    assertError(call("POST", "retry/" + ids.flagWhileOffline()), 404, "PENDING");
    assertError(call("POST", "discard/" + ids.markRead()), 404, "COMPLETED");
    assertError(call("GET", "pendingX?account=alice"), 404, "no such resource");
    assertError(call("POST", "retry/1/2"), 404, "no such resource");
    assertThat(call("GET", "nothing-here").statusCode()).isEqualTo(404);

    HttpResponse<String> wrongMethod = call("GET", "retry/" + ids.moveToMissingFolder());
    assertError(wrongMethod, 405, "GET");
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    HttpResponse<String> delete = call("DELETE", "pending?account=alice");
    assertError(delete, 405, "DELETE");
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET");
    assertError(call("POST", "failed?account=alice"), 405, "POST");
    assertError(call("PUT", "counts?account=alice"), 405, "PUT");

    // Nothing of that changed the queue.
    assertThat(processor.admin().counts(ALICE))
        .containsEntry(OperationStatus.PENDING, 2L)
        .containsEntry(OperationStatus.FAILED, 2L)
        .containsEntry(OperationStatus.COMPLETED, 2L);
  }

  @Test
  void demoModeCallsItsOwnEndpointsPrintsTheAnswersAndStops() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    AdminHttpMain.run(new PrintStream(out, true, StandardCharsets.UTF_8), "0", "--demo");

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .containsPattern(
            "POST /api/sync/retry/\\d+  ->  200\\R    \\{\"id\":\\d+,\"retried\":true}")
        .containsPattern(
            "GET /api/sync/failed\\?account=alice  ->  200\\R"
                + "    \\{\"account\":\"alice\",\"operations\":\\[],\"nextAfter\":null}")
        .contains("GET /api/sync/pending  ->  400", "POST /api/sync/retry/abc  ->  400")
        .contains("POST /api/sync/discard/999999  ->  404")
        .contains("DELETE /api/sync/pending?account=alice  ->  405")
        .containsPattern("Projects\\s+1 message\\(s\\)\\R    UID \\d+\\s+Message 03");
  }

  private HttpResponse<String> call(String method, String path)
      throws IOException, InterruptedException {
    URI uri = http.baseUri().resolve(path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Object> json(String method, String path) throws Exception {
    HttpResponse<String> response = call(method, path);
    assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
    return object(response.body());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String body) throws IOException {
    return JSON.readValue(body, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> operations(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("operations");
  }

  private static void assertError(HttpResponse<String> response, int status, String mention)
      throws IOException {
    assertThat(response.statusCode()).as(response.request().uri().toString()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    Map<String, Object> body = object(response.body());
    assertThat(body.keySet()).containsExactly("error");
    assertThat((String) body.get("error")).contains(mention);
  }

  private static List<String> subjects(List<ServerMessage> messages) {
    return messages.stream().map(ServerMessage::subject).toList();
  }
}
