package io.github.ferrymail.examples.admin;

import com.sun.net.httpserver.HttpExchange;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code GET <path>?account=..[&after=ID][&size=N]}: one page of an account's operations (pending
 * or failed), oldest first.
 */
final class OperationListHandler extends JsonHandler {
  static final int DEFAULT_PAGE_SIZE = 50;

  private final String path;
  private final BiFunction<String, PageRequest, Page<PendingOperation>> lister;

  OperationListHandler(
      String path, BiFunction<String, PageRequest, Page<PendingOperation>> lister) {
    super("GET");
    this.path = path;
    this.lister = lister;
  }

  @Override
  boolean serves(String requestPath) {
    return path.equals(requestPath);
  }

  @Override
  JsonResponse respond(HttpExchange exchange) {
    Map<String, String> params = Requests.query(exchange);
    String account = Requests.account(params);
    long after = Requests.number(params, "after", 0, 0, Long.MAX_VALUE);
    int size = (int) Requests.number(params, "size", DEFAULT_PAGE_SIZE, 1, PageRequest.MAX_SIZE);
    Page<PendingOperation> page = lister.apply(account, new PageRequest(after, size));
    return JsonResponse.ok(OperationJson.page(account, page));
  }
}
