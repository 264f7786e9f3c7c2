package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.overlay.PendingOverlay;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator's view of the queue: list pending and failed operations, retry or discard them,
 * lift an account's pause. The library form of the HTTP endpoints {@code GET /api/sync/pending},
 * {@code GET /api/sync/failed} and {@code POST /api/sync/retry/{id}}. Get one from {@link
 * QueueProcessor#admin()}.
 */
public final class QueueAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(QueueAdmin.class);

  private final PendingOperationStore store;
  private final QueueProcessor processor;

  QueueAdmin(PendingOperationStore store, QueueProcessor processor) {
    this.store = store;
    this.processor = processor;
  }

  /**
   * An account's pending and in-flight operations, oldest first.
   *
   * @param account the account key
   * @param page which page
   * @return the page
   */
  public Page<PendingOperation> pending(String account, PageRequest page) {
    return store.getPending(account, page);
  }

  /**
   * The effect of an account's pending and in-flight operations on its messages, for a sync engine
   * to apply after the server's state (see {@link PendingOverlay}).
   *
   * @param account the account key
   * @return a snapshot of the overlay
   */
  public PendingOverlay overlay(String account) {
    return PendingOverlay.read(store, account);
  }

  /**
   * An account's failed operations, oldest first.
   *
   * @param account the account key
   * @param page which page
   * @return the page
   */
  public Page<PendingOperation> failed(String account, PageRequest page) {
    return store.getFailed(account, page);
  }

  /**
   * One operation.
   *
   * @param id the operation id
   * @return the operation, or empty
   */
  public Optional<PendingOperation> get(long id) {
    return store.get(id);
  }

  /**
   * Brings a failed operation back (due now, attempts reset) and nudges the processor.
   *
   * @param id the operation id
   * @return true when it was failed and is pending again
   */
  public boolean retry(long id) {
    Optional<PendingOperation> op = store.get(id);
    boolean retried = store.retry(id);
    if (retried) {
      LOG.info("Operation {} retried by an administrator", id);
      op.ifPresent(o -> processor.nudge(o.account()));
    }
    return retried;
  }

  /**
   * Brings every failed operation of an account back.
   *
   * @param account the account key
   * @return how many
   */
  public int retryAllFailed(String account) {
    int count = store.retryAllFailed(account);
    if (count > 0) {
      LOG.info("{} failed operation(s) of account {} retried by an administrator", count, account);
      processor.nudge(account);
    }
    return count;
  }

  /**
   * Discards a pending or failed operation for good.
   *
   * @param id the operation id
   * @return true when it was discarded
   */
  public boolean discard(long id) {
    boolean discarded = store.discard(id);
    if (discarded) {
      LOG.info("Operation {} discarded by an administrator", id);
    }
    return discarded;
  }

  /**
   * Lifts an account's pause (after its credentials were fixed, say) and nudges the processor.
   *
   * @param account the account key
   * @return whether it was paused
   */
  public boolean resume(String account) {
    Args.notBlank(account, "account");
    boolean resumed = store.resumeAccount(account);
    if (resumed) {
      LOG.info("Account {} resumed by an administrator", account);
      processor.nudge(account);
    }
    return resumed;
  }

  /**
   * The paused accounts and when each pause ends.
   *
   * @return account key to pause end
   */
  public Map<String, Instant> pausedAccounts() {
    return store.pausedAccounts();
  }

  /**
   * Operation counts per status.
   *
   * @param account the account key, or null for all
   * @return a count per status
   */
  public Map<OperationStatus, Long> counts(@org.jspecify.annotations.Nullable String account) {
    return store.countByStatus(account);
  }
}
