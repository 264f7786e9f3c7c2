package io.github.ferrymail.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.imap.ImapAccountResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that gets its queue from the starter and a few properties: H2 as its
 * {@code DataSource}, GreenMail as its mail server, the account resolver as its only Ferry bean.
 * Operations queued through the processor bean reach the server; health, the {@code ferry} endpoint
 * and the meters are visible over HTTP, as an operator would see them.
 */
@SpringBootTest(
    classes = FerryStarterTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:ferry-starter;DB_CLOSE_DELAY=-1",
      "ferry.processor.poll-interval=200ms",
      "management.endpoints.web.exposure.include=health,ferry,metrics",
      "management.endpoint.health.show-details=always"
    })
class FerryStarterTest {
  static final Mailbox MAILBOX = new Mailbox();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @SpringBootApplication
  static class App {
    @Bean
    ImapAccountResolver accounts() {
      return MAILBOX::account;
    }
  }

  @Autowired QueueProcessor processor;
  @Autowired PendingOperationStore store;
  @LocalServerPort int port;

  @AfterAll
  static void stopMailServer() {
    MAILBOX.close();
  }

  @Test
  void aMarkReadQueuedThroughTheProcessorBeanReachesTheServer() throws Exception {
    MessageRef message = MAILBOX.deliver("alice", "<read-1@example.org>");

    PendingOperation op = processor.queue(NewOperation.of(Operation.markRead(message)));

    await(() -> status(op) == OperationStatus.COMPLETED);
    assertThat(MAILBOX.seen("alice", "<read-1@example.org>")).isTrue();
    JsonNode operations = getJson("/actuator/metrics/ferry.operations");
    assertThat(operations.path("name").asText()).isEqualTo("ferry.operations");
    assertThat(getJson("/actuator/metrics/ferry.batches").path("name").asText())
        .isEqualTo("ferry.batches");
    assertThat(getJson("/actuator/metrics/ferry.imap.commands").toString())
        .as("a timer per IMAP command")
        .contains("UID STORE", "SELECT", "CONNECT");
  }

  @Test
  void healthShowsTheQueue() throws Exception {
    JsonNode ferry = getJson("/actuator/health").path("components").path("ferry");

    assertThat(ferry.path("status").asText()).isEqualTo("UP");
    assertThat(ferry.path("details").has("pausedAccounts")).isTrue();
    assertThat(ferry.path("details").has("failed")).isTrue();
    assertThat(ferry.path("details").has("oldestDueAgeSeconds")).isTrue();
  }

  @Test
  void theEndpointListsAFailedOperationRetriesItAndDiscardsIt() throws Exception {
    MessageRef message = MAILBOX.deliver("bob", "<nowhere-1@example.org>");
    PendingOperation move = processor.queue(NewOperation.of(Operation.move(message, "Nowhere")));
    await(() -> status(move) == OperationStatus.FAILED);

    JsonNode failed = getJson("/actuator/ferry/bob/failed");
    assertThat(failed.path("operations")).hasSize(1);
    assertThat(failed.path("operations").get(0).path("id").asLong()).isEqualTo(move.id());
    assertThat(failed.path("operations").get(0).path("lastError").asText()).contains("Nowhere");
    assertThat(getJson("/actuator/ferry").path("counts").path("FAILED").asLong()).isPositive();
    assertThat(getJson("/actuator/ferry/bob/failed/" + move.id()).path("operations"))
        .as("the page after it")
        .isEmpty();

    Instant firstAttempt = store.get(move.id()).orElseThrow().lastAttemptAt();
    HttpResponse<String> retry = send("POST", "/actuator/ferry/" + move.id());
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(retry.body()).path("done").asBoolean()).isTrue();
    // Retried, it fails again: the folder is still missing.
    await(
        () -> {
          PendingOperation now = store.get(move.id()).orElseThrow();
          return now.status() == OperationStatus.FAILED
              && now.lastAttemptAt().isAfter(firstAttempt);
        });

    HttpResponse<String> discard = send("DELETE", "/actuator/ferry/" + move.id());
    assertThat(discard.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(discard.body()).path("done").asBoolean()).isTrue();
    assertThat(status(move)).isEqualTo(OperationStatus.CANCELLED);
    assertThat(getJson("/actuator/ferry/bob/failed").path("operations")).isEmpty();
  }

  @Test
  void aListOtherThanPendingOrFailedIsABadRequest() throws Exception {
    HttpResponse<String> response = send("GET", "/actuator/ferry/bob/everything");

    assertThat(response.statusCode()).isEqualTo(400);
  }

  private OperationStatus status(PendingOperation op) {
    return store.get(op.id()).orElseThrow().status();
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = send("GET", path);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/json")
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("in time").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
