package io.github.ferrymail.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the admin API as an administrator's tool would, printing each request with its status and
 * body, and reads the answer's JSON; or prints the {@code curl} commands to call it by hand.
 */
public final class AdminApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param out where to print
   * @param base the API's base URI, such as {@code http://127.0.0.1:8080/api/sync/}
   */
  public AdminApiClient(PrintStream out, URI base) {
    this.out = out;
    this.base = base;
  }

  /**
   * {@code GET base + path}.
   *
   * @param path relative to the base, with its query
   * @return the answer's JSON
   */
  public JsonNode get(String path) {
    return send("GET", path);
  }

  /**
   * {@code POST base + path}, without a body.
   *
   * @param path relative to the base
   * @return the answer's JSON
   */
  public JsonNode post(String path) {
    return send("POST", path);
  }

  /**
   * Sends a request without a body.
   *
   * @param method the HTTP method
   * @param path relative to the base, with its query
   * @return the answer's JSON
   */
  public JsonNode send(String method, String path) {
    URI uri = base.resolve(path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      out.println(method + " " + uri.getRawPath() + query + "  ->  " + response.statusCode());
      out.println("    " + response.body());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling " + path, e);
    }
  }

  /**
   * Prints {@code curl} commands for a person to try the API with, on the operations of the scene.
   *
   * @param out where to print
   * @param base the API's base URI
   * @param scene the operations queued
   */
  public static void printCurlCommands(PrintStream out, URI base, AdminScene scene) {
    String alice = DemoMailServer.USER;
    out.println("\nThe administrator has created the missing folder " + AdminScene.MISSING_FOLDER);
    out.println("Try the admin API (the processor runs when you press Enter):");
    out.println("  curl -s '" + base + "failed?account=" + alice + "'");
    out.println("  curl -s '" + base + "pending?account=" + alice + "&size=1'");
    out.println("  curl -s -X POST " + base + "retry/" + scene.moveToMissingFolder());
    out.println("  curl -s -X POST " + base + "discard/" + scene.flagOfVanishedMessage());
    out.println("  curl -s -i " + base + "retry/" + scene.moveToMissingFolder() + "   # 405");
    out.println("Press Enter to run a sync pass and stop.");
  }
}
