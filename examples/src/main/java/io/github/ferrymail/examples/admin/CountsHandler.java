package io.github.ferrymail.examples.admin;

import com.sun.net.httpserver.HttpExchange;
import io.github.ferrymail.core.processor.QueueAdmin;

/** {@code GET <path>?account=..}: how many of an account's operations are in each status. */
final class CountsHandler extends JsonHandler {
  private final String path;
  private final QueueAdmin admin;

  CountsHandler(String path, QueueAdmin admin) {
    super("GET");
    this.path = path;
    this.admin = admin;
  }

  @Override
  boolean serves(String requestPath) {
    return path.equals(requestPath);
  }

  @Override
  JsonResponse respond(HttpExchange exchange) {
    String account = Requests.account(Requests.query(exchange));
    return JsonResponse.ok(OperationJson.counts(account, admin.counts(account)));
  }
}
