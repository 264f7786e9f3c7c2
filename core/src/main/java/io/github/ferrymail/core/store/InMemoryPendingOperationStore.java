package io.github.ferrymail.core.store;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PendingOperationStore} held in memory: thread-safe and complete, but <b>not durable</b>.
 * Everything is lost when the JVM stops, and several JVMs cannot share it. Use it in tests and
 * single-process prototypes; use {@code JooqPendingOperationStore} from {@code ferry-queue-jdbc}
 * for anything a user relies on.
 */
public final class InMemoryPendingOperationStore implements PendingOperationStore {

  /** The longest last-error text kept, as the JDBC store does. */
  public static final int MAX_ERROR_LENGTH = 2000;

  private final Clock clock;
  private final TreeMap<Long, Row> rows = new TreeMap<>();
  private final Map<String, AccountState> accounts = new HashMap<>();
  private long nextId = 1;

  /** A store on the system UTC clock. */
  public InMemoryPendingOperationStore() {
    this(Clock.systemUTC());
  }

  /**
   * A store on the given clock (a {@code SettableClock} in tests).
   *
   * @param clock the clock that says what "now" is
   */
  public InMemoryPendingOperationStore(Clock clock) {
    this.clock = Args.notNull(clock, "clock");
  }

  private static final class Row {
    PendingOperation op;
    @Nullable String leaseToken;

    Row(PendingOperation op) {
      this.op = op;
    }
  }

  private static final class AccountState {
    @Nullable String owner;
    @Nullable String token;
    @Nullable Instant expiresAt;
    @Nullable Instant pausedUntil;
    @Nullable String pauseReason;
  }

  @Override
  public synchronized PendingOperation queue(NewOperation operation) {
    return queueAll(List.of(Args.notNull(operation, "operation"))).get(0);
  }

  @Override
  public synchronized List<PendingOperation> queueAll(List<NewOperation> operations) {
    Args.notEmpty(operations, "operations");
    Instant now = clock.instant();
    List<PendingOperation> stored = new ArrayList<>(operations.size());
    for (NewOperation request : operations) {
      PendingOperation op =
          new PendingOperation(
              nextId++,
              request.operation(),
              request.messageKey(),
              OperationStatus.PENDING,
              0,
              now,
              null,
              now,
              null,
              null,
              null);
      rows.put(op.id(), new Row(op));
      stored.add(op);
    }
    return List.copyOf(stored);
  }

  @Override
  public synchronized Optional<PendingOperation> get(long id) {
    Row row = rows.get(id);
    return row == null ? Optional.empty() : Optional.of(row.op);
  }

  @Override
  public synchronized Optional<Claim> claim(
      String account, String owner, Duration leaseDuration, int limit) {
    Args.notBlank(account, "account");
    Args.notBlank(owner, "owner");
    Args.positive(leaseDuration, "leaseDuration");
    Args.positive(limit, "limit");
    Instant now = clock.instant();
    AccountState state = accounts.computeIfAbsent(account, a -> new AccountState());
    if (state.pausedUntil != null && state.pausedUntil.isAfter(now)) {
      return Optional.empty();
    }
    if (state.token != null && state.expiresAt != null && state.expiresAt.isAfter(now)) {
      return Optional.empty();
    }
    state.owner = owner;
    state.token = UUID.randomUUID().toString();
    state.expiresAt = now.plus(leaseDuration);
    state.pausedUntil = null;
    state.pauseReason = null;
    Lease lease = new Lease(account, owner, state.token, state.expiresAt);
    // Leftovers of a lapsed lease go back to pending, so that none stays "held" by a dead worker.
    returnInFlight(row -> row.op.account().equals(account));

    Set<MessageRef.Key> waiting = new HashSet<>();
    List<PendingOperation> claimed = new ArrayList<>();
    for (Row row : rows.values()) {
      PendingOperation op = row.op;
      if (!op.account().equals(account) || claimed.size() >= limit) {
        continue;
      }
      MessageRef.Key key = op.message().key();
      boolean due =
          op.status() == OperationStatus.IN_FLIGHT
              || (op.status() == OperationStatus.PENDING && !op.nextAttemptAt().isAfter(now));
      if (op.status() == OperationStatus.PENDING && !due) {
        waiting.add(key);
        continue;
      }
      if (!due || waiting.contains(key)) {
        continue;
      }
      row.leaseToken = lease.token();
      row.op =
          new PendingOperation(
              op.id(),
              op.operation(),
              op.messageKey(),
              OperationStatus.IN_FLIGHT,
              op.attempts(),
              op.createdAt(),
              now,
              op.nextAttemptAt(),
              op.lastError(),
              op.checkpoint(),
              null);
      claimed.add(row.op);
    }
    return Optional.of(new Claim(lease, claimed));
  }

  @Override
  public synchronized Lease renew(Lease lease, Duration leaseDuration) {
    Args.positive(leaseDuration, "leaseDuration");
    AccountState state = requireLease(lease);
    state.expiresAt = clock.instant().plus(leaseDuration);
    return new Lease(lease.account(), lease.owner(), lease.token(), state.expiresAt);
  }

  @Override
  public synchronized void release(Lease lease) {
    Args.notNull(lease, "lease");
    AccountState state = accounts.get(lease.account());
    if (state == null || !lease.token().equals(state.token)) {
      return;
    }
    returnInFlight(lease);
    state.owner = null;
    state.token = null;
    state.expiresAt = null;
  }

  private void returnInFlight(Lease lease) {
    returnInFlight(row -> lease.token().equals(row.leaseToken));
  }

  private void returnInFlight(Predicate<Row> which) {
    for (Row row : rows.values()) {
      if (row.op.status() == OperationStatus.IN_FLIGHT && which.test(row)) {
        row.leaseToken = null;
        row.op =
            copy(
                row.op,
                OperationStatus.PENDING,
                row.op.attempts(),
                row.op.nextAttemptAt(),
                row.op.lastError(),
                null);
      }
    }
  }

  @Override
  public synchronized void complete(Lease lease, long id) {
    Row row = requireClaimed(lease, id);
    row.leaseToken = null;
    row.op =
        copy(
            row.op,
            OperationStatus.COMPLETED,
            row.op.attempts(),
            row.op.nextAttemptAt(),
            row.op.lastError(),
            clock.instant());
  }

  @Override
  public synchronized int completeMove(Lease lease, long id, MessageRef newLocation) {
    Args.notNull(newLocation, "newLocation");
    Row row = requireClaimed(lease, id);
    if (!newLocation.account().equals(lease.account())) {
      throw new IllegalArgumentException(
          "newLocation must belong to the lease's account " + lease.account());
    }
    MessageRef from = row.op.message();
    complete(lease, id);
    return remap(lease, from, newLocation);
  }

  @Override
  public synchronized void reschedule(Lease lease, long id, Instant nextAttemptAt, String error) {
    Args.notNull(nextAttemptAt, "nextAttemptAt");
    Args.notNull(error, "error");
    Row row = requireClaimed(lease, id);
    row.leaseToken = null;
    row.op =
        copy(
            row.op,
            OperationStatus.PENDING,
            row.op.attempts() + 1,
            nextAttemptAt,
            truncate(error),
            null);
  }

  @Override
  public synchronized void fail(Lease lease, long id, String error) {
    Args.notNull(error, "error");
    Row row = requireClaimed(lease, id);
    row.leaseToken = null;
    row.op =
        copy(
            row.op,
            OperationStatus.FAILED,
            row.op.attempts() + 1,
            row.op.nextAttemptAt(),
            truncate(error),
            clock.instant());
  }

  @Override
  public synchronized void cancel(Lease lease, long id, String reason) {
    Args.notNull(reason, "reason");
    Row row = requireClaimed(lease, id);
    row.leaseToken = null;
    row.op =
        copy(
            row.op,
            OperationStatus.CANCELLED,
            row.op.attempts(),
            row.op.nextAttemptAt(),
            truncate(reason),
            clock.instant());
  }

  @Override
  public synchronized void saveCheckpoint(Lease lease, long id, Checkpoint checkpoint) {
    Args.notNull(checkpoint, "checkpoint");
    Row row = requireClaimed(lease, id);
    row.op = row.op.withCheckpoint(checkpoint);
  }

  @Override
  public synchronized int remap(Lease lease, MessageRef from, MessageRef to) {
    Args.notNull(from, "from");
    Args.notNull(to, "to");
    if (!from.account().equals(lease.account()) || !to.account().equals(lease.account())) {
      throw new IllegalArgumentException(
          "from and to must both belong to the lease's account " + lease.account());
    }
    requireLease(lease);
    int count = 0;
    for (Row row : rows.values()) {
      PendingOperation op = row.op;
      boolean eligible =
          op.status() == OperationStatus.PENDING
              || op.status() == OperationStatus.FAILED
              || (op.status() == OperationStatus.IN_FLIGHT && lease.token().equals(row.leaseToken));
      if (eligible && op.message().sameMessage(from)) {
        MessageRef target =
            to.messageId() == null && op.message().messageId() != null
                ? to.withMessageId(op.message().messageId())
                : to;
        row.op = op.withOperation(op.operation().withMessage(target));
        count++;
      }
    }
    return count;
  }

  @Override
  public synchronized void pauseAccount(Lease lease, Instant until, String reason) {
    Args.notNull(until, "until");
    Args.notNull(reason, "reason");
    AccountState state = requireLease(lease);
    returnInFlight(lease);
    state.owner = null;
    state.token = null;
    state.expiresAt = null;
    state.pausedUntil = until;
    state.pauseReason = truncate(reason);
  }

  @Override
  public synchronized boolean resumeAccount(String account) {
    Args.notBlank(account, "account");
    AccountState state = accounts.get(account);
    if (state == null || state.pausedUntil == null || !state.pausedUntil.isAfter(clock.instant())) {
      return false;
    }
    state.pausedUntil = null;
    state.pauseReason = null;
    return true;
  }

  @Override
  public synchronized Map<String, Instant> pausedAccounts() {
    Instant now = clock.instant();
    Map<String, Instant> paused = new TreeMap<>();
    accounts.forEach(
        (account, state) -> {
          if (state.pausedUntil != null && state.pausedUntil.isAfter(now)) {
            paused.put(account, state.pausedUntil);
          }
        });
    return paused;
  }

  @Override
  public synchronized Page<PendingOperation> getPending(String account, PageRequest page) {
    return list(
        account,
        page,
        op -> op.status() == OperationStatus.PENDING || op.status() == OperationStatus.IN_FLIGHT);
  }

  @Override
  public synchronized Page<PendingOperation> getFailed(String account, PageRequest page) {
    return list(account, page, op -> op.status() == OperationStatus.FAILED);
  }

  private Page<PendingOperation> list(
      String account, PageRequest page, Predicate<PendingOperation> filter) {
    Args.notBlank(account, "account");
    Args.notNull(page, "page");
    List<PendingOperation> found = new ArrayList<>();
    for (Row row : rows.tailMap(page.afterId(), false).values()) {
      if (row.op.account().equals(account) && filter.test(row.op)) {
        found.add(row.op);
        if (found.size() > page.size()) {
          break;
        }
      }
    }
    return Page.fromLookahead(found, page, PendingOperation::id);
  }

  @Override
  public synchronized boolean retry(long id) {
    Row row = rows.get(id);
    if (row == null || row.op.status() != OperationStatus.FAILED) {
      return false;
    }
    row.op = copy(row.op, OperationStatus.PENDING, 0, clock.instant(), row.op.lastError(), null);
    return true;
  }

  @Override
  public synchronized int retryAllFailed(String account) {
    Args.notBlank(account, "account");
    int count = 0;
    for (Row row : rows.values()) {
      if (row.op.account().equals(account) && retry(row.op.id())) {
        count++;
      }
    }
    return count;
  }

  @Override
  public synchronized boolean discard(long id) {
    Row row = rows.get(id);
    if (row == null
        || (row.op.status() != OperationStatus.PENDING
            && row.op.status() != OperationStatus.FAILED)) {
      return false;
    }
    row.op =
        copy(
            row.op,
            OperationStatus.CANCELLED,
            row.op.attempts(),
            row.op.nextAttemptAt(),
            "discarded by an administrator",
            clock.instant());
    return true;
  }

  @Override
  public synchronized int pruneFinished(Instant finishedBefore, int maxRows) {
    Args.notNull(finishedBefore, "finishedBefore");
    Args.positive(maxRows, "maxRows");
    List<Long> doomed = new ArrayList<>();
    for (Row row : rows.values()) {
      PendingOperation op = row.op;
      if ((op.status() == OperationStatus.COMPLETED || op.status() == OperationStatus.CANCELLED)
          && op.finishedAt() != null
          && op.finishedAt().isBefore(finishedBefore)) {
        doomed.add(op.id());
        if (doomed.size() >= maxRows) {
          break;
        }
      }
    }
    doomed.forEach(rows::remove);
    return doomed.size();
  }

  @Override
  public synchronized List<String> accountsWithDueOperations(int limit) {
    Args.positive(limit, "limit");
    Instant now = clock.instant();
    Set<String> found = new LinkedHashSet<>();
    // As in claim: an operation waiting behind an older one on its message is not due yet, so an
    // account with nothing else is not listed (it would be claimed for nothing, again and again).
    Set<MessageRef.Key> waiting = new HashSet<>();
    for (Row row : rows.values()) {
      PendingOperation op = row.op;
      if (op.status() == OperationStatus.PENDING && op.nextAttemptAt().isAfter(now)) {
        waiting.add(op.message().key());
        continue;
      }
      AccountState state = accounts.get(op.account());
      boolean leased =
          state != null
              && state.token != null
              && state.expiresAt != null
              && state.expiresAt.isAfter(now);
      boolean paused = state != null && state.pausedUntil != null && state.pausedUntil.isAfter(now);
      boolean due =
          op.status() == OperationStatus.IN_FLIGHT
              || (op.status() == OperationStatus.PENDING && !op.nextAttemptAt().isAfter(now));
      if (due && !leased && !paused && !waiting.contains(op.message().key())) {
        found.add(op.account());
        if (found.size() >= limit) {
          break;
        }
      }
    }
    return List.copyOf(found);
  }

  @Override
  public synchronized Map<OperationStatus, Long> countByStatus(@Nullable String account) {
    if (account != null) {
      Args.notBlank(account, "account");
    }
    Map<OperationStatus, Long> counts = new EnumMap<>(OperationStatus.class);
    for (OperationStatus status : OperationStatus.values()) {
      counts.put(status, 0L);
    }
    for (Row row : rows.values()) {
      if (account == null || row.op.account().equals(account)) {
        counts.merge(row.op.status(), 1L, Long::sum);
      }
    }
    return counts;
  }

  private AccountState requireLease(Lease lease) {
    Args.notNull(lease, "lease");
    AccountState state = accounts.get(lease.account());
    if (state == null || !lease.token().equals(state.token)) {
      throw new LeaseLostException(
          "lease of " + lease.owner() + " on account " + lease.account() + " was taken over");
    }
    return state;
  }

  private Row requireClaimed(Lease lease, long id) {
    requireLease(lease);
    Row row = rows.get(id);
    if (row == null
        || row.op.status() != OperationStatus.IN_FLIGHT
        || !lease.token().equals(row.leaseToken)) {
      throw new LeaseLostException(
          "operation " + id + " is not in flight under the lease of " + lease.owner());
    }
    return row;
  }

  private static PendingOperation copy(
      PendingOperation op,
      OperationStatus status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError,
      @Nullable Instant finishedAt) {
    return new PendingOperation(
        op.id(),
        op.operation(),
        op.messageKey(),
        status,
        attempts,
        op.createdAt(),
        op.lastAttemptAt(),
        nextAttemptAt,
        lastError,
        op.checkpoint(),
        finishedAt);
  }

  private static String truncate(String text) {
    if (text.length() <= MAX_ERROR_LENGTH) {
      return text;
    }
    // Never cut a surrogate pair in half: a lone surrogate is not text any more.
    int end = MAX_ERROR_LENGTH;
    if (Character.isHighSurrogate(text.charAt(end - 1))
        && Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    return text.substring(0, end);
  }
}
