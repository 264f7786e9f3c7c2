package io.github.ferrymail.examples.admin;

import com.sun.net.httpserver.HttpExchange;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueAdmin;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * {@code POST <prefix>{id}}: an administrator's action on one operation, such as retry or discard.
 * 200 with {@code {"id":..,"<outcome>":true}} when it took effect; 404 when the operation is
 * unknown or not in a status the action applies to; 400 when the id is not a number.
 */
final class OperationActionHandler extends JsonHandler {
  private final String prefix;
  private final String outcome;
  private final String appliesTo;
  private final LongPredicate action;
  private final QueueAdmin admin;

  /**
   * @param prefix the path up to the id, ending in a slash
   * @param outcome the JSON field of a success, for example {@code retried}
   * @param appliesTo the statuses the action applies to, for the 404's message
   * @param action the action; true when it took effect
   * @param admin to explain a refusal
   */
  OperationActionHandler(
      String prefix, String outcome, String appliesTo, LongPredicate action, QueueAdmin admin) {
    super("POST");
    this.prefix = prefix;
    this.outcome = outcome;
    this.appliesTo = appliesTo;
    this.action = action;
    this.admin = admin;
  }

  @Override
  boolean serves(String path) {
    return path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0;
  }

  @Override
  JsonResponse respond(HttpExchange exchange) {
    long id = Requests.pathId(exchange.getRequestURI().getPath(), prefix);
    if (action.test(id)) {
      return JsonResponse.ok(OperationJson.outcome(id, outcome));
    }
    Optional<PendingOperation> op = admin.get(id);
    throw HttpProblem.notFound(
        op.isEmpty()
            ? "no operation " + id
            : "operation "
                + id
                + " is "
                + op.get().status()
                + "; only "
                + appliesTo
                + " operations can be "
                + outcome);
  }
}
