package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.overlay.MessageOverlay;
import io.github.ferrymail.core.overlay.PendingOverlay;
import io.github.ferrymail.core.spi.AccountPause;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's side of the queue: queue operations, read the overlay, list pending, failed and
 * conflicting operations, retry, discard or undo them, lift an account's pause, count. The library
 * form of the HTTP endpoints {@code GET /api/sync/pending}, {@code GET /api/sync/failed} and {@code
 * POST /api/sync/retry/{id}}.
 *
 * <p>Two ways to get one. {@link QueueProcessor#admin()} belongs to a processor in this JVM: what
 * it makes due (a queued, retried or resumed operation) is handed to that processor's workers at
 * once, and its queueing tells the processor's listeners. {@link #forStore} needs no processor and
 * no executor, for a web tier or any node that only queues and administers: everything reads and
 * writes the store, and the processors of the other nodes find what it made due at their next poll.
 * Every state lives in the store, pauses included, so both kinds see the same queue.
 */
public final class QueueAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(QueueAdmin.class);

  /** The hold an operation queued without one gets by default: none. */
  public static final Duration DEFAULT_HOLD = Duration.ZERO;

  private final PendingOperationStore store;
  private final @Nullable QueueProcessor processor;
  private final Duration defaultHold;

  QueueAdmin(PendingOperationStore store, @Nullable QueueProcessor processor, Duration hold) {
    this.store = store;
    this.processor = processor;
    this.defaultHold = hold;
  }

  /**
   * This client with a default hold: every operation queued through it without a hold of its own is
   * not due until {@code hold} has passed, the window of an "Undo" button (see {@link #cancel}). An
   * operation with a hold keeps its own.
   *
   * @param hold zero to {@value NewOperation#MAX_HOLD_DAYS} days
   * @return a client on the same store and processor with that default
   */
  public QueueAdmin withDefaultHold(Duration hold) {
    return new QueueAdmin(
        store, processor, Args.withinDays(hold, NewOperation.MAX_HOLD_DAYS, "defaultHold"));
  }

  private NewOperation held(NewOperation operation) {
    return operation.hold().isZero() && !defaultHold.isZero()
        ? operation.withHold(defaultHold)
        : operation;
  }

  /**
   * A client of the queue without a processor: the same methods, on the store alone. Processors
   * running elsewhere on the same store pick up what it queues or makes due at their next poll.
   *
   * @param store the queue
   * @return the client
   */
  public static QueueAdmin forStore(PendingOperationStore store) {
    return new QueueAdmin(Args.notNull(store, "store"), null, DEFAULT_HOLD);
  }

  /**
   * Queues an operation in the store; with a processor, tells its listeners and hands the account
   * to its workers. An application that queues inside its own transaction (see {@code
   * JooqPendingOperationStore}) calls {@link QueueProcessor#nudge(String)} after its commit
   * instead, where a processor runs.
   *
   * @param operation the operation
   * @return the stored operation
   */
  public PendingOperation queue(NewOperation operation) {
    PendingOperation stored = store.queue(held(Args.notNull(operation, "operation")));
    announce(stored);
    return stored;
  }

  /**
   * Queues operations in one transaction of the store, in the order given (which is their order per
   * account): all of them or, when one is refused, none.
   *
   * @param operations the operations, not empty
   * @return the stored operations, in the same order
   */
  public List<PendingOperation> queueAll(List<NewOperation> operations) {
    Args.notNull(operations, "operations");
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("operations must not be empty");
    }
    for (int i = 0; i < operations.size(); i++) {
      Args.notNull(operations.get(i), "operations[" + i + "]");
    }
    List<PendingOperation> stored = store.queueAll(operations.stream().map(this::held).toList());
    stored.forEach(this::announce);
    return stored;
  }

  private void announce(PendingOperation op) {
    LOG.info(
        "Queued operation {}: {} on {}", op.id(), Recorder.change(op.operation()), op.message());
    if (processor != null) {
      processor.queued(op);
    }
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
      op.ifPresent(o -> nudge(o.account()));
    }
    return retried;
  }

  /**
   * An account's operations in conflict (under {@link ConflictPolicy#ASK}), oldest first: each says
   * in its last error what the server reported.
   *
   * @param account the account key
   * @param page which page
   * @return the page
   */
  public Page<PendingOperation> conflicts(String account, PageRequest page) {
    return store.getConflicts(account, page);
  }

  /**
   * Resolves a conflict for the user's change: it is sent again, without the check, and the
   * processor is nudged.
   *
   * @param id the operation id
   * @return true when it was in conflict and is pending again
   */
  public boolean keepLocal(long id) {
    return resolve(id, true);
  }

  /**
   * Resolves a conflict for the server's state: the operation is cancelled, saying so.
   *
   * @param id the operation id
   * @return true when it was in conflict and is cancelled now
   */
  public boolean keepServer(long id) {
    return resolve(id, false);
  }

  private boolean resolve(long id, boolean keepLocal) {
    Optional<PendingOperation> op = store.get(id);
    boolean resolved = store.resolveConflict(id, keepLocal);
    if (resolved) {
      LOG.info(
          "Conflict of operation {} resolved: {}", id, keepLocal ? "local wins" : "server wins");
      if (keepLocal) {
        op.ifPresent(o -> nudge(o.account()));
      }
    }
    return resolved;
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
      nudge(account);
    }
    return count;
  }

  /**
   * Undoes an operation the user changed their mind about, if nothing of it has been sent: a
   * pending operation (one queued with a {@linkplain NewOperation#withHold hold}, say) is cancelled
   * and enters the feed as cancelled; one a worker already has is left alone, and the result says
   * so. Operations queued after it on the same message still run (they name the message where it
   * was, which is where it stays).
   *
   * @param id the operation id
   * @return what happened
   */
  public Undo cancel(long id) {
    Optional<PendingOperation> op = store.get(id);
    if (op.isEmpty()) {
      return Undo.NOT_FOUND;
    }
    OperationStatus status = op.get().status();
    if (status == OperationStatus.PENDING && store.discard(id)) {
      LOG.info("Operation {} cancelled (undone) before it started", id);
      return Undo.CANCELLED;
    }
    // Claimed between the read and the discard, or already there.
    OperationStatus now = store.get(id).map(PendingOperation::status).orElse(status);
    return now == OperationStatus.IN_FLIGHT || now == OperationStatus.PENDING
        ? Undo.STARTED
        : Undo.FINISHED;
  }

  /**
   * Undoes every pending operation queued for a message under the application's key, newest first
   * (so that a later one never runs without the earlier ones it followed).
   *
   * @param account the account key
   * @param messageKey the application's key of the message
   * @return what happened to each operation that was pending or in flight, by id
   */
  public Map<Long, Undo> cancelByMessageKey(String account, String messageKey) {
    Args.notBlank(messageKey, "messageKey");
    List<Long> ids = new ArrayList<>();
    for (MessageOverlay m : PendingOverlay.read(store, account).messages()) {
      for (PendingOperation op : m.operations()) {
        if (messageKey.equals(op.messageKey())) {
          ids.add(op.id());
        }
      }
    }
    ids.sort(Comparator.reverseOrder());
    Map<Long, Undo> done = new LinkedHashMap<>();
    for (long id : ids) {
      done.put(id, cancel(id));
    }
    return done;
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
      nudge(account);
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
   * The paused accounts, each with the end of its pause and why it was paused (the account-level
   * failure: refused credentials, say), as the store keeps them for every node.
   *
   * @return account key to its pause, sorted by account
   */
  public Map<String, AccountPause> pauses() {
    return store.accountPauses();
  }

  /**
   * When the account next has work a worker may claim (see {@link PendingOperationStore#nextDue}):
   * a sync engine driving {@link QueueProcessor#processPendingOperations} itself comes back then.
   *
   * @param account the account key
   * @return the time, possibly past, or empty when nothing is pending
   */
  public Optional<Instant> nextDue(String account) {
    return store.nextDue(Args.notBlank(account, "account"));
  }

  /**
   * Removes an account from the queue in one call: its operations in every status, its lease and
   * its pause (see {@link PendingOperationStore#removeAccount}). For an account the user removed
   * from the application; a batch a worker is sending at that moment finishes on the server, but
   * nothing of it is recorded.
   *
   * @param account the account key
   * @return how many operations were removed
   */
  public int removeAccount(String account) {
    int removed = store.removeAccount(Args.notBlank(account, "account"));
    LOG.info("Account {} removed from the queue with {} operation(s)", account, removed);
    return removed;
  }

  /**
   * Since when the queue's oldest due operation has waited (see {@link
   * PendingOperationStore#oldestDue()}): now minus this is the queue's lag.
   *
   * @return the earliest due time, or empty when nothing is due
   */
  public Optional<Instant> oldestDue() {
    return store.oldestDue();
  }

  /**
   * Operation counts per status.
   *
   * @param account the account key, or null for all
   * @return a count per status
   */
  public Map<OperationStatus, Long> counts(@Nullable String account) {
    return store.countByStatus(account);
  }

  private void nudge(String account) {
    if (processor != null) {
      processor.nudge(account);
    }
  }
}
