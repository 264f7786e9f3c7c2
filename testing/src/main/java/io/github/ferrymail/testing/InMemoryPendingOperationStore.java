package io.github.ferrymail.testing;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FolderAction;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.spi.AccountPause;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.Outcome;
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
import java.util.Objects;
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
 *
 * <p>The contract, for a test to rely on:
 *
 * <ul>
 *   <li>It passes the whole store contract ({@code PendingOperationStoreContract} of {@code
 *       ferry-queue-testkit}), as the JDBC store does: ordering per account, barriers, leases with
 *       fencing, coalescing's cancellations, checkpoints, forwarding after a move, pauses,
 *       conflicts and the finished feed behave as they do on a database. A test that passes on it
 *       tests the application's code, not a simplification of the queue.
 *   <li>Time is the clock it was given: hand the same {@link SettableClock} to the store and to the
 *       processor, and leases, backoff, holds and pauses run out only when the test advances it.
 *   <li>Ids count up from 1 in queue order, per store.
 *   <li>Last errors are cut to {@link #MAX_ERROR_LENGTH} characters, as the JDBC store cuts them.
 *   <li>Several processors (several {@code workerId}s) may share one instance, to test the sharing
 *       of accounts within one JVM.
 * </ul>
 */
public final class InMemoryPendingOperationStore implements PendingOperationStore {

  /** The longest last-error text kept, as the JDBC store does. */
  public static final int MAX_ERROR_LENGTH = 2000;

  /** How many completed relocations one claim follows from a location before it gives up. */
  private static final int MAX_FORWARDS = 64;

  private final Clock clock;
  private final MemoryRows rows = new MemoryRows();
  private final Map<String, AccountState> accounts = new HashMap<>();
  private long nextId = 1;

  /** A store on the system UTC clock. */
  public InMemoryPendingOperationStore() {
    this(Clock.systemUTC());
  }

  /**
   * A store on the given clock (a {@link SettableClock} in tests).
   *
   * @param clock the clock that says what "now" is
   */
  public InMemoryPendingOperationStore(Clock clock) {
    this.clock = Args.notNull(clock, "clock");
  }

  private static final class AccountState {
    @Nullable String owner;
    @Nullable String token;
    @Nullable Instant expiresAt;
    @Nullable Instant pausedUntil;
    @Nullable String pauseReason;
    int pausesInARow;
    long lastSequence;
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
              now.plus(request.hold()),
              null,
              null,
              null);
      rows.add(op);
      stored.add(op);
    }
    return List.copyOf(stored);
  }

  @Override
  public synchronized Optional<PendingOperation> get(long id) {
    MemoryRows.Row row = rows.get(id);
    return row == null ? Optional.empty() : Optional.of(row.op);
  }

  @Override
  public Optional<Claim> claim(String account, String owner, Duration leaseDuration, int limit) {
    return claim(account, owner, UUID.randomUUID().toString(), leaseDuration, limit);
  }

  @Override
  public synchronized Optional<Claim> claim(
      String account, String owner, String token, Duration leaseDuration, int limit) {
    Args.notBlank(account, "account");
    Args.notBlank(owner, "owner");
    Args.maxLength(Args.notBlank(token, "token"), MAX_TOKEN_LENGTH, "token");
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
    state.token = token;
    state.expiresAt = now.plus(leaseDuration);
    state.pausedUntil = null;
    state.pauseReason = null;
    Lease lease = new Lease(account, owner, state.token, state.expiresAt);
    // Leftovers of a lapsed lease go back to pending, so that none stays "held" by a dead worker.
    returnInFlight(account, row -> true);

    Set<MessageRef.Key> waiting = new HashSet<>();
    List<PendingOperation> claimed = new ArrayList<>();
    Map<Long, Relocation> unknown = new HashMap<>();
    List<Long> live = List.copyOf(rows.live(account));
    long barrier = firstFolderChange(live);
    for (long id : live) {
      MemoryRows.Row row = rows.get(id);
      PendingOperation op = row.op;
      if (claimed.size() >= limit || id > barrier || (id == barrier && id != live.get(0))) {
        break;
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
      rows.put(
          row,
          new PendingOperation(
              op.id(),
              forward(op, unknown).operation(),
              op.messageKey(),
              OperationStatus.IN_FLIGHT,
              op.attempts(),
              op.createdAt(),
              now,
              op.nextAttemptAt(),
              op.lastError(),
              op.checkpoint(),
              null));
      claimed.add(row.op);
      if (id == barrier) {
        break; // a folder operation runs alone
      }
    }
    return Optional.of(new Claim(lease, claimed, unknown));
  }

  /** The id of the oldest folder operation among live ids, else {@code Long.MAX_VALUE}. */
  private long firstFolderChange(List<Long> live) {
    for (long id : live) {
      if (rows.get(id).op.kind().isFolderChange()) {
        return id;
      }
    }
    return Long.MAX_VALUE;
  }

  /**
   * A completed rename re-points, a completed delete cancels, the operations queued after it that
   * name its folder (see {@link FolderFollowUp}).
   */
  private void followUp(AccountState state, PendingOperation done) {
    Operation.FolderChange folderChange = (Operation.FolderChange) done.operation();
    FolderAction action = FolderFollowUp.followUp(folderChange);
    if (action == null) {
      return;
    }
    Instant now = clock.instant();
    String folder = folderChange.folder();
    for (long id : List.copyOf(rows.live(done.account()))) {
      MemoryRows.Row row = rows.get(id);
      PendingOperation op = row.op;
      if (id < done.id() || op.status() != OperationStatus.PENDING) {
        continue;
      }
      if (FolderFollowUp.endsFollowUp(folderChange, op.operation())) {
        break;
      }
      if (!FolderFollowUp.namesFolder(op.operation(), folder)) {
        continue;
      }
      if (action == FolderAction.RENAME) {
        String to = Objects.requireNonNull(folderChange.newName());
        rows.put(row, op.withOperation(FolderFollowUp.renamed(op.operation(), folder, to)));
      } else {
        String reason = FolderFollowUp.deletedReason(done.id(), folder);
        rows.put(
            row,
            copy(op, OperationStatus.CANCELLED, op.attempts(), op.nextAttemptAt(), reason, now));
        rows.finished(row, ++state.lastSequence);
      }
    }
  }

  /**
   * Follows completed relocations from the operation's location (UIDs are never reused within a
   * UIDVALIDITY, so the slot a move left names that message for good).
   */
  private PendingOperation forward(PendingOperation op, Map<Long, Relocation> unknown) {
    MessageRef at = op.message();
    for (int hop = 0; hop < MAX_FORWARDS; hop++) {
      MemoryRows.Row moved = rows.relocationFrom(at.key());
      if (moved == null || moved.op.id() == op.id()) {
        break;
      }
      Relocation relocation = moved.relocation;
      if (relocation == null || !relocation.uidKnown()) {
        unknown.put(op.id(), relocation);
        break;
      }
      at = withMessageIdOf(relocation.location(), at);
    }
    return at == op.message() ? op : op.withOperation(op.operation().withMessage(at));
  }

  private static MessageRef withMessageIdOf(MessageRef to, MessageRef from) {
    return to.messageId() == null && from.messageId() != null
        ? to.withMessageId(from.messageId())
        : to;
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
    returnInFlight(lease.account(), row -> lease.token().equals(row.leaseToken));
  }

  private void returnInFlight(String account, Predicate<MemoryRows.Row> which) {
    returnInFlight(account, which, null);
  }

  /** In-flight operations back to pending; with {@code error}, that becomes their last error. */
  private void returnInFlight(
      String account, Predicate<MemoryRows.Row> which, @Nullable String error) {
    for (long id : List.copyOf(rows.live(account))) {
      MemoryRows.Row row = rows.get(id);
      if (row.op.status() == OperationStatus.IN_FLIGHT && which.test(row)) {
        row.leaseToken = null;
        rows.put(
            row,
            copy(
                row.op,
                OperationStatus.PENDING,
                row.op.attempts(),
                row.op.nextAttemptAt(),
                error != null ? error : row.op.lastError(),
                null));
      }
    }
  }

  @Override
  public synchronized int record(Lease lease, List<Outcome> outcomes) {
    Args.notNull(outcomes, "outcomes");
    Set<Long> seen = new HashSet<>();
    for (Outcome outcome : outcomes) {
      Args.notNull(outcome, "outcomes element");
      if (!seen.add(outcome.id())) {
        throw new IllegalArgumentException(
            "outcomes: operation " + outcome.id() + " appears twice");
      }
      checkAccount(lease, outcome);
    }
    if (outcomes.isEmpty()) {
      return 0;
    }
    AccountState state = requireLease(lease);
    for (Outcome outcome : outcomes) {
      requireClaimed(lease, outcome.id());
    }
    Instant now = clock.instant();
    int repointed = 0;
    long first = state.lastSequence + 1;
    List<PendingOperation> folderChanges = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      MemoryRows.Row row = rows.get(outcome.id());
      PendingOperation op = row.op;
      row.leaseToken = null;
      if (outcome instanceof Outcome.Completed) {
        Relocation relocation = ((Outcome.Completed) outcome).relocation();
        if (relocation != null && relocation.uidKnown()) {
          // The Message-ID travels with the message, as the JDBC store reads it back.
          relocation = Relocation.to(withMessageIdOf(relocation.location(), op.message()));
        }
        row.relocation = relocation;
        row.failureReason = null;
        state.pausesInARow = 0;
        rows.put(
            row,
            copy(
                op,
                OperationStatus.COMPLETED,
                op.attempts(),
                op.nextAttemptAt(),
                op.lastError(),
                now));
        if (relocation != null && relocation.uidKnown() && op.kind().movesMessage()) {
          repointed += repoint(lease, op.message(), relocation.location());
        }
        if (op.kind().isFolderChange()) {
          folderChanges.add(row.op);
        }
      } else if (outcome instanceof Outcome.Rescheduled) {
        Outcome.Rescheduled r = (Outcome.Rescheduled) outcome;
        rows.put(
            row,
            copy(
                moved(op, r.messageNowAt()),
                OperationStatus.PENDING,
                op.attempts() + 1,
                r.nextAttemptAt(),
                truncate(r.error()),
                null));
        repointed += repointPartway(lease, op, r.messageNowAt());
      } else if (outcome instanceof Outcome.Failed) {
        Outcome.Failed f = (Outcome.Failed) outcome;
        row.failureReason = f.reason();
        rows.put(
            row,
            copy(
                moved(op, f.messageNowAt()),
                OperationStatus.FAILED,
                op.attempts() + 1,
                op.nextAttemptAt(),
                truncate(f.error()),
                now));
        repointed += repointPartway(lease, op, f.messageNowAt());
      } else if (outcome instanceof Outcome.Conflicted) {
        rows.put(
            row,
            copy(
                op,
                OperationStatus.CONFLICT,
                op.attempts() + 1,
                op.nextAttemptAt(),
                truncate(((Outcome.Conflicted) outcome).detail()),
                now));
      } else {
        Outcome.Cancelled c = (Outcome.Cancelled) outcome;
        rows.put(
            row,
            copy(
                op,
                OperationStatus.CANCELLED,
                op.attempts(),
                op.nextAttemptAt(),
                truncate(c.reason()),
                now));
      }
      if (row.op.status().isTerminal()) {
        rows.finished(row, ++state.lastSequence);
      }
    }
    assert state.lastSequence >= first - 1;
    // After the loop: the folder operation enters the feed before what its follow-up cancels.
    folderChanges.forEach(done -> followUp(state, done));
    return repointed;
  }

  private static PendingOperation moved(PendingOperation op, @Nullable MessageRef nowAt) {
    return nowAt == null
        ? op
        : op.withOperation(op.operation().withMessage(withMessageIdOf(nowAt, op.message())));
  }

  private int repointPartway(Lease lease, PendingOperation op, @Nullable MessageRef nowAt) {
    return nowAt == null ? 0 : repoint(lease, op.message(), nowAt);
  }

  private static void checkAccount(Lease lease, Outcome outcome) {
    MessageRef to = null;
    if (outcome instanceof Outcome.Completed
        && ((Outcome.Completed) outcome).relocation() != null) {
      to = ((Outcome.Completed) outcome).relocation().location();
    } else if (outcome instanceof Outcome.Rescheduled) {
      to = ((Outcome.Rescheduled) outcome).messageNowAt();
    } else if (outcome instanceof Outcome.Failed) {
      to = ((Outcome.Failed) outcome).messageNowAt();
    }
    if (to != null && !to.account().equals(lease.account())) {
      throw new IllegalArgumentException(
          "outcome of operation "
              + outcome.id()
              + ": location "
              + to
              + " is not in the lease's account "
              + lease.account());
    }
  }

  @Override
  public synchronized void saveCheckpoints(Lease lease, Map<Long, Checkpoint> checkpoints) {
    Args.notEmpty(Args.notNull(checkpoints, "checkpoints").keySet(), "checkpoints");
    requireLease(lease);
    checkpoints.forEach(
        (id, cp) -> {
          requireClaimed(lease, Args.notNull(id, "checkpoints key"));
          Args.notNull(cp, "checkpoints[" + id + "]");
        });
    checkpoints.forEach(
        (id, cp) -> {
          MemoryRows.Row row = rows.get(id);
          rows.put(row, row.op.withCheckpoint(cp));
        });
  }

  @Override
  public synchronized List<FinishedOperation> finishedSince(
      String account, long afterSequence, int limit) {
    Args.notBlank(account, "account");
    Args.notNegative(afterSequence, "afterSequence");
    Args.positive(limit, "limit");
    List<FinishedOperation> feed = new ArrayList<>();
    for (MemoryRows.Row row : rows.feed(account, afterSequence, limit)) {
      feed.add(new FinishedOperation(row.sequence, row.op, row.relocation, row.failureReason));
    }
    return feed;
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
    return repoint(lease, from, to);
  }

  /** Re-points the unfinished operations on one message slot, found through the index. */
  private int repoint(Lease lease, MessageRef from, MessageRef to) {
    if (from.sameMessage(to)) {
      return 0;
    }
    int count = 0;
    for (long id : rows.onMessage(from.key())) {
      MemoryRows.Row row = rows.get(id);
      PendingOperation op = row.op;
      boolean eligible =
          op.status() == OperationStatus.PENDING
              || op.status() == OperationStatus.FAILED
              || (op.status() == OperationStatus.IN_FLIGHT && lease.token().equals(row.leaseToken));
      if (eligible) {
        rows.put(
            row, op.withOperation(op.operation().withMessage(withMessageIdOf(to, op.message()))));
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
    returnInFlight(
        lease.account(),
        row -> lease.token().equals(row.leaseToken),
        truncate(PauseError.of(until, reason)));
    state.owner = null;
    state.token = null;
    state.expiresAt = null;
    state.pausedUntil = until;
    state.pauseReason = truncate(reason);
    state.pausesInARow++;
  }

  @Override
  public synchronized int pausesInARow(String account) {
    Args.notBlank(account, "account");
    AccountState state = accounts.get(account);
    return state == null ? 0 : state.pausesInARow;
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
    state.pausesInARow = 0;
    return true;
  }

  @Override
  public synchronized Map<String, Instant> pausedAccounts() {
    Map<String, Instant> paused = new TreeMap<>();
    accountPauses().forEach((account, pause) -> paused.put(account, pause.until()));
    return paused;
  }

  @Override
  public synchronized Map<String, AccountPause> accountPauses() {
    Instant now = clock.instant();
    Map<String, AccountPause> paused = new TreeMap<>();
    accounts.forEach(
        (account, state) -> {
          if (state.pausedUntil != null && state.pausedUntil.isAfter(now)) {
            paused.put(
                account,
                new AccountPause(
                    account,
                    state.pausedUntil,
                    state.pauseReason,
                    Math.max(1, state.pausesInARow)));
          }
        });
    return paused;
  }

  @Override
  public synchronized Optional<Instant> nextDue(String account) {
    Args.notBlank(account, "account");
    Instant earliest = null;
    for (long id : rows.live(account)) {
      PendingOperation op = Objects.requireNonNull(rows.get(id)).op;
      if (op.status() == OperationStatus.PENDING
          && (earliest == null || op.nextAttemptAt().isBefore(earliest))) {
        earliest = op.nextAttemptAt();
      }
    }
    if (earliest == null) {
      return Optional.empty();
    }
    AccountState state = accounts.get(account);
    Instant pausedUntil = state == null ? null : state.pausedUntil;
    return Optional.of(
        pausedUntil != null && pausedUntil.isAfter(earliest) ? pausedUntil : earliest);
  }

  @Override
  public synchronized int removeAccount(String account) {
    Args.notBlank(account, "account");
    List<MemoryRows.Row> mine = new ArrayList<>();
    for (MemoryRows.Row row : rows.all()) {
      if (row.op.account().equals(account)) {
        mine.add(row);
      }
    }
    mine.forEach(rows::remove);
    AccountState state = accounts.get(account);
    if (state != null) { // keeps lastSequence: a feed follower's position stays valid
      state.owner = null;
      state.token = null;
      state.expiresAt = null;
      state.pausedUntil = null;
      state.pauseReason = null;
    }
    return mine.size();
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

  @Override
  public synchronized Page<PendingOperation> getConflicts(String account, PageRequest page) {
    return list(account, page, op -> op.status() == OperationStatus.CONFLICT);
  }

  @Override
  public synchronized boolean resolveConflict(long id, boolean keepLocal) {
    MemoryRows.Row row = rows.get(id);
    if (row == null || row.op.status() != OperationStatus.CONFLICT) {
      return false;
    }
    Instant now = clock.instant();
    if (keepLocal) {
      PendingOperation unchecked =
          row.op.withOperation(((Operation.FlagChange) row.op.operation()).withoutCheck());
      rows.put(row, copy(unchecked, OperationStatus.PENDING, 0, now, row.op.lastError(), null));
      return true;
    }
    rows.put(
        row,
        copy(
            row.op,
            OperationStatus.CANCELLED,
            row.op.attempts(),
            row.op.nextAttemptAt(),
            truncate("conflict, the server's state kept: " + row.op.lastError()),
            now));
    AccountState state = accounts.computeIfAbsent(row.op.account(), a -> new AccountState());
    rows.finished(row, ++state.lastSequence);
    return true;
  }

  private Page<PendingOperation> list(
      String account, PageRequest page, Predicate<PendingOperation> filter) {
    Args.notBlank(account, "account");
    Args.notNull(page, "page");
    List<PendingOperation> found = new ArrayList<>();
    for (MemoryRows.Row row : rows.after(page.afterId()).values()) {
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
    MemoryRows.Row row = rows.get(id);
    if (row == null || row.op.status() != OperationStatus.FAILED) {
      return false;
    }
    row.failureReason = null;
    rows.put(
        row, copy(row.op, OperationStatus.PENDING, 0, clock.instant(), row.op.lastError(), null));
    return true;
  }

  @Override
  public synchronized int retryAllFailed(String account) {
    Args.notBlank(account, "account");
    int count = 0;
    for (MemoryRows.Row row : List.copyOf(rows.all())) {
      if (row.op.account().equals(account) && retry(row.op.id())) {
        count++;
      }
    }
    return count;
  }

  @Override
  public synchronized boolean discard(long id) {
    MemoryRows.Row row = rows.get(id);
    if (row == null
        || (row.op.status() != OperationStatus.PENDING
            && row.op.status() != OperationStatus.FAILED
            && row.op.status() != OperationStatus.CONFLICT)) {
      return false;
    }
    row.failureReason = null;
    rows.put(
        row,
        copy(
            row.op,
            OperationStatus.CANCELLED,
            row.op.attempts(),
            row.op.nextAttemptAt(),
            "discarded by an administrator",
            clock.instant()));
    AccountState state = accounts.computeIfAbsent(row.op.account(), a -> new AccountState());
    rows.finished(row, ++state.lastSequence);
    return true;
  }

  @Override
  public synchronized int pruneFinished(Instant finishedBefore, int maxRows) {
    Args.notNull(finishedBefore, "finishedBefore");
    Args.positive(maxRows, "maxRows");
    List<MemoryRows.Row> doomed = new ArrayList<>();
    for (MemoryRows.Row row : rows.all()) {
      PendingOperation op = row.op;
      if ((op.status() == OperationStatus.COMPLETED || op.status() == OperationStatus.CANCELLED)
          && op.finishedAt() != null
          && op.finishedAt().isBefore(finishedBefore)) {
        doomed.add(row);
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
    List<Long> live = new ArrayList<>();
    for (String account : rows.accountsWithLiveOperations()) {
      live.addAll(rows.live(account));
    }
    live.sort(null);
    Set<String> behindBarrier = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (long id : live) {
      PendingOperation op = rows.get(id).op;
      boolean first = seen.add(op.account());
      if (behindBarrier.contains(op.account())) {
        continue;
      }
      if (op.kind().isFolderChange()) {
        // Nothing after a folder operation is due before it ran; it is due only as the oldest.
        behindBarrier.add(op.account());
        if (!first) {
          continue;
        }
      }
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
  public synchronized Optional<Instant> oldestDue() {
    Instant now = clock.instant();
    Instant oldest = null;
    for (MemoryRows.Row row : rows.all()) {
      Instant due = row.op.nextAttemptAt();
      if (row.op.status() == OperationStatus.PENDING
          && !due.isAfter(now)
          && (oldest == null || due.isBefore(oldest))) {
        oldest = due;
      }
    }
    return Optional.ofNullable(oldest);
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
    for (MemoryRows.Row row : rows.all()) {
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

  private MemoryRows.Row requireClaimed(Lease lease, long id) {
    requireLease(lease);
    MemoryRows.Row row = rows.get(id);
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
