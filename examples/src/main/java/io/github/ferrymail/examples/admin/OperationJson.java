package io.github.ferrymail.examples.admin;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import java.time.Instant;
import java.util.Map;

/** The admin API's JSON documents. */
final class OperationJson {
  private OperationJson() {}

  /**
   * A page of operations: {@code {"account":..,"operations":[..],"nextAfter":id|null}}. The next
   * page is {@code ?account=..&after=<nextAfter>}.
   */
  static String page(String account, Page<PendingOperation> page) {
    JsonWriter w = new JsonWriter().beginObject();
    w.name("account").value(account);
    w.name("operations").beginArray();
    for (PendingOperation op : page.items()) {
      operation(w, op);
    }
    w.endArray();
    w.name("nextAfter").value(page.next().map(PageRequest::afterId).orElse(null));
    return w.endObject().toString();
  }

  /** {@code {"account":..,"counts":{"PENDING":n,..}}}, every status present. */
  static String counts(String account, Map<OperationStatus, Long> counts) {
    JsonWriter w = new JsonWriter().beginObject();
    w.name("account").value(account);
    w.name("counts").beginObject();
    for (OperationStatus status : OperationStatus.values()) {
      w.name(status.name()).value(counts.getOrDefault(status, 0L).longValue());
    }
    return w.endObject().endObject().toString();
  }

  /** {@code {"id":n,"<outcome>":true}}, for example {@code "retried"}. */
  static String outcome(long id, String outcome) {
    return new JsonWriter()
        .beginObject()
        .name("id")
        .value(id)
        .name(outcome)
        .value(true)
        .endObject()
        .toString();
  }

  /** {@code {"error":".."}}. */
  static String error(String message) {
    return new JsonWriter().beginObject().name("error").value(message).endObject().toString();
  }

  private static void operation(JsonWriter w, PendingOperation op) {
    w.beginObject();
    w.name("id").value(op.id());
    w.name("kind").value(op.kind().name());
    w.name("payload").value(op.operation().payload());
    w.name("account").value(op.account());
    w.name("folder").value(op.message().folder());
    w.name("uidValidity").value(op.message().uidValidity());
    w.name("uid").value(op.message().uid());
    w.name("destination").value(op.operation().destination());
    w.name("messageKey").value(op.messageKey());
    w.name("status").value(op.status().name());
    w.name("attempts").value(op.attempts());
    w.name("lastError").value(op.lastError());
    w.name("createdAt").value(text(op.createdAt()));
    w.name("lastAttemptAt").value(text(op.lastAttemptAt()));
    w.name("nextAttemptAt").value(text(op.nextAttemptAt()));
    w.name("finishedAt").value(text(op.finishedAt()));
    w.endObject();
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
