package io.github.ferrymail.examples.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every admin endpoint does alike: checks the path and the method, answers JSON, and turns a
 * refused request ({@link HttpProblem}) or a failure into a JSON error with its status.
 */
abstract class JsonHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(JsonHandler.class);

  private final String method;

  JsonHandler(String method) {
    this.method = method;
  }

  /**
   * Whether this handler serves the path; the server hands a handler every path that starts with
   * its context, so {@code /api/sync/pendingX} must be told apart from {@code /api/sync/pending}.
   */
  abstract boolean serves(String path);

  /** Answers a request whose path and method fit. */
  abstract JsonResponse respond(HttpExchange exchange);

  @Override
  public final void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonResponse response;
      String allow = null;
      try {
        String path = exchange.getRequestURI().getPath();
        if (!serves(path)) {
          throw HttpProblem.notFound("no such resource: " + path);
        }
        if (!method.equals(exchange.getRequestMethod())) {
          throw HttpProblem.methodNotAllowed(exchange.getRequestMethod(), method);
        }
        response = respond(exchange);
      } catch (HttpProblem p) {
        response = new JsonResponse(p.status(), OperationJson.error(p.getMessage()));
        allow = p.allow();
      } catch (RuntimeException e) {
        LOG.error(
            "Admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        response = new JsonResponse(500, OperationJson.error("internal error; see the server log"));
      }
      send(exchange, response, allow);
    }
  }

  private static void send(HttpExchange exchange, JsonResponse response, String allow)
      throws IOException {
    byte[] body = OperationJson.MAPPER.writeValueAsBytes(response.body()); // UTF-8
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (allow != null) {
      exchange.getResponseHeaders().set("Allow", allow);
    }
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
