package io.github.ferrymail.spring;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueAdmin;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The actuator endpoint {@code ferry}: the queue at a glance, an account's pending and failed
 * operations, and retry and discard of one operation. Over HTTP (expose it with {@code
 * management.endpoints.web.exposure.include=ferry}):
 *
 * <ul>
 *   <li>{@code GET /actuator/ferry}: counts by status, paused accounts, the oldest due time;
 *   <li>{@code GET /actuator/ferry/{account}/pending} and {@code .../failed}: the first page of
 *       {@value #PAGE_SIZE}, oldest first; {@code .../failed/{after}} the page after the operation
 *       {@code after} (the {@code nextAfter} of the previous page);
 *   <li>{@code POST /actuator/ferry/{id}}: retries a failed operation;
 *   <li>{@code DELETE /actuator/ferry/{id}}: discards a failed or pending operation.
 * </ul>
 *
 * It changes the queue: secure the actuator as for any write endpoint.
 */
@Endpoint(id = "ferry")
public class FerryEndpoint {
  /** Operations per page. */
  public static final int PAGE_SIZE = 100;

  private final QueueAdmin admin;

  /**
   * Creates the endpoint.
   *
   * @param admin the queue's admin facade
   */
  public FerryEndpoint(QueueAdmin admin) {
    this.admin = admin;
  }

  /**
   * The queue at a glance.
   *
   * @param counts operations by status
   * @param pausedAccounts accounts paused and until when
   * @param oldestDue since when the oldest due operation waits, or null when none is due
   */
  public record Summary(
      Map<OperationStatus, Long> counts,
      Map<String, Instant> pausedAccounts,
      @Nullable Instant oldestDue) {}

  /**
   * One page of a list.
   *
   * @param account the account
   * @param list which list
   * @param operations the page's operations, oldest first
   * @param nextAfter the {@code after} value of the next page, or null on the last
   */
  public record OperationPage(
      String account, String list, List<OperationView> operations, @Nullable Long nextAfter) {}

  /**
   * The result of a retry or discard.
   *
   * @param id the operation
   * @param action {@code retry} or {@code discard}
   * @param done whether it happened (false: no such operation, or not in a state that allows it)
   */
  public record ActionResult(long id, String action, boolean done) {}

  /**
   * The queue at a glance.
   *
   * @return the summary
   */
  @ReadOperation
  @SuppressWarnings("deprecation") // pausedAccounts(): the map shape is what this view shows
  public Summary summary() {
    return new Summary(admin.counts(null), admin.pausedAccounts(), admin.oldestDue().orElse(null));
  }

  /**
   * The first page of an account's pending or failed operations.
   *
   * @param account the account key
   * @param list {@code pending} or {@code failed}
   * @return the page
   * @throws InvalidEndpointRequestException for another list name (HTTP 400)
   */
  @ReadOperation
  public OperationPage list(@Selector String account, @Selector String list) {
    return page(account, list, 0);
  }

  /**
   * The page of an account's pending or failed operations after the operation {@code after}: the
   * next page is the one after the {@code nextAfter} of the last.
   *
   * @param account the account key
   * @param list {@code pending} or {@code failed}
   * @param after the last id of the previous page
   * @return the page
   * @throws InvalidEndpointRequestException for another list name (HTTP 400)
   */
  @ReadOperation
  public OperationPage listAfter(
      @Selector String account, @Selector String list, @Selector long after) {
    return page(account, list, after);
  }

  private OperationPage page(String account, String list, long after) {
    PageRequest page = new PageRequest(after, PAGE_SIZE);
    Page<PendingOperation> found =
        switch (list) {
          case "pending" -> admin.pending(account, page);
          case "failed" -> admin.failed(account, page);
          default ->
              throw new InvalidEndpointRequestException(
                  "list must be 'pending' or 'failed', not '" + list + "'", "unknown list");
        };
    return new OperationPage(
        account,
        list,
        found.items().stream().map(OperationView::of).toList(),
        found.next().map(PageRequest::afterId).orElse(null));
  }

  /**
   * Retries a failed operation now.
   *
   * @param id the operation
   * @return whether it was retried
   */
  @WriteOperation
  public ActionResult retry(@Selector long id) {
    return new ActionResult(id, "retry", admin.retry(id));
  }

  /**
   * Discards an operation that has not finished, or a failed one.
   *
   * @param id the operation
   * @return whether it was discarded
   */
  @DeleteOperation
  public ActionResult discard(@Selector long id) {
    return new ActionResult(id, "discard", admin.discard(id));
  }
}
