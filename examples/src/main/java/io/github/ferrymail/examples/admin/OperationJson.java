package io.github.ferrymail.examples.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import java.time.Instant;
import java.util.Map;

/**
 * The admin API's JSON documents, built as Jackson trees: members keep the order they are put in,
 * and Jackson escapes every string.
 */
final class OperationJson {
  /** Writes the documents; thread-safe once configured. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private OperationJson() {}

  /**
   * A page of operations: {@code {"account":..,"operations":[..],"nextAfter":id|null}}. The next
   * page is {@code ?account=..&after=<nextAfter>}.
   */
  static JsonNode page(String account, Page<PendingOperation> page) {
    ObjectNode json = MAPPER.createObjectNode().put("account", account);
    ArrayNode operations = json.putArray("operations");
    page.items().forEach(op -> operations.add(operation(op)));
    json.put("nextAfter", page.next().map(PageRequest::afterId).orElse(null));
    return json;
  }

  /** {@code {"account":..,"counts":{"PENDING":n,..}}}, every status present. */
  static JsonNode counts(String account, Map<OperationStatus, Long> counts) {
    ObjectNode json = MAPPER.createObjectNode().put("account", account);
    ObjectNode byStatus = json.putObject("counts");
    for (OperationStatus status : OperationStatus.values()) {
      byStatus.put(status.name(), counts.getOrDefault(status, 0L));
    }
    return json;
  }

  /** {@code {"id":n,"<outcome>":true}}, for example {@code "retried"}. */
  static JsonNode outcome(long id, String outcome) {
    return MAPPER.createObjectNode().put("id", id).put(outcome, true);
  }

  /** {@code {"error":".."}}. */
  static JsonNode error(String message) {
    return MAPPER.createObjectNode().put("error", message);
  }

  private static ObjectNode operation(PendingOperation op) {
    return MAPPER
        .createObjectNode()
        .put("id", op.id())
        .put("kind", op.kind().name())
        .put("payload", op.operation().payload())
        .put("account", op.account())
        .put("folder", op.message().folder())
        .put("uidValidity", op.message().uidValidity())
        .put("uid", op.message().uid())
        .put("destination", op.operation().destination())
        .put("messageKey", op.messageKey())
        .put("status", op.status().name())
        .put("attempts", op.attempts())
        .put("lastError", op.lastError())
        .put("createdAt", text(op.createdAt()))
        .put("lastAttemptAt", text(op.lastAttemptAt()))
        .put("nextAttemptAt", text(op.nextAttemptAt()))
        .put("finishedAt", text(op.finishedAt()));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
