package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.internal.Args;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The durable queue of operations waiting to be replayed against the IMAP server.
 *
 * <h2>Contract</h2>
 *
 * <p>Every implementation passes {@code PendingOperationStoreContract} from {@code
 * ferry-queue-testkit}. In short:
 *
 * <ul>
 *   <li><b>Atomicity.</b> Every method is atomic: it either takes full effect or none, and throws
 *       {@link io.github.ferrymail.core.StoreException} (keeping the driver's exception as cause)
 *       when the backing store fails. Bad arguments get {@link NullPointerException} or {@link
 *       IllegalArgumentException} naming the argument, before anything is written.
 *   <li><b>Order.</b> Ids grow in queue order. Within an account, {@link #claim} hands out due
 *       operations oldest first, and an operation rescued from an expired lease keeps its place.
 *   <li><b>Waiting behind.</b> {@link #claim} skips an operation while an older operation on the
 *       same message (same account, folder, UIDVALIDITY and UID) is pending but not yet due
 *       (waiting for a retry): a mark-read queued after a move that failed must not land before the
 *       move. Operations on other messages go ahead.
 *   <li><b>Leases.</b> One account is held by at most one lease at a time. A lease lapses at its
 *       {@link Lease#expiresAt()} unless {@linkplain #renew renewed}; after that the next {@link
 *       #claim} takes the account over with a new token and re-claims the operations the old holder
 *       left in flight.
 *   <li><b>Fencing.</b> {@link #record}, {@link #saveCheckpoint}, {@link #remap}, {@link
 *       #pauseAccount} and {@link #renew} (and the one-operation forms built on them) throw {@link
 *       LeaseLostException} and change nothing when the account's current lease token is not the
 *       given lease's token, or an operation is not in flight under it. A lease that lapsed but was
 *       not taken over is still honoured.
 *   <li><b>Batches.</b> {@link #record} writes every outcome of a batch at once, and {@link
 *       #saveCheckpoints} the checkpoints of a group of operations: the cost of the durable path is
 *       per batch, not per operation.
 *   <li><b>Forwarding.</b> UIDs are never reused within one UIDVALIDITY, so a location a completed
 *       relocation left names that message for good. {@link #claim} hands out an operation that
 *       names such a location re-pointed at the message's current location (following later
 *       relocations, and storing the re-pointing); where the chain ends at a relocation whose UID
 *       is unknown, the operation is listed in {@link Claim#movedUidUnknown()}. Forwarding lasts as
 *       long as the relocation's row ({@link #pruneFinished}). Only kinds that {@linkplain
 *       io.github.ferrymail.core.OperationKind#movesMessage() move the message} forward: a
 *       completed copy keeps its copy's location, and operations naming the original stay there.
 *   <li><b>Feed.</b> Each account's finished operations can be read back in the order they
 *       finished, with their relocations ({@link #finishedSince}).
 *   <li><b>Time.</b> "Now" is the store's own {@link java.time.Clock}, so tests can move it.
 *   <li><b>Durability.</b> Once a method returns, its effect survives a crash of the caller (the
 *       in-memory store is the documented exception).
 * </ul>
 *
 * <p>The names {@code queue}, {@code getPending}, {@code complete}, {@code fail} and {@code
 * getFailed} follow the original design of the embedding application.
 */
public interface PendingOperationStore {

  /**
   * Queues one operation, due at once.
   *
   * @param operation the operation and the application's message key
   * @return the stored row, with its id, status {@link OperationStatus#PENDING} and no attempts
   */
  PendingOperation queue(NewOperation operation);

  /**
   * Queues one operation without a message key.
   *
   * @param operation the operation
   * @return the stored row
   */
  default PendingOperation queue(Operation operation) {
    return queue(NewOperation.of(operation));
  }

  /**
   * Queues several operations at once, in list order: all or none.
   *
   * @param operations the operations; not empty
   * @return the stored rows, in the same order, with growing ids
   */
  List<PendingOperation> queueAll(List<NewOperation> operations);

  /**
   * Reads one operation.
   *
   * @param id the operation id
   * @return the row, or empty when there is none
   */
  Optional<PendingOperation> get(long id);

  /**
   * Takes the account's lease and claims up to {@code limit} of its due operations. Due means:
   * pending with a next-attempt time at or before now, or in flight under a lease that has lapsed.
   * The claimed operations become {@link OperationStatus#IN_FLIGHT} under the new lease, with their
   * last-attempt time set to now. An operation naming a location that a completed relocation left
   * is forwarded to the message's current location before it is handed out (see the class
   * description for order, "waiting behind" and forwarding).
   *
   * @param account the account key
   * @param owner the worker's id
   * @param leaseDuration how long the lease lasts unless renewed
   * @param limit the most operations to claim, at least 1
   * @return the claim (possibly with no operations; the lease is held either way, so {@link
   *     #release} it), or empty when another live lease holds the account or it is paused
   */
  Optional<Claim> claim(String account, String owner, Duration leaseDuration, int limit);

  /**
   * The longest lease token a store must accept in {@link #claim(String, String, String, Duration,
   * int)}.
   */
  int MAX_TOKEN_LENGTH = 64;

  /**
   * {@link #claim(String, String, Duration, int)} with the new lease's token chosen by the caller,
   * so that a claim whose answer was lost can still be given back. When the store fails after it
   * may have committed (a database restarting, whose connection dies between the commit and its
   * reply), the caller does not know whether it holds the account; releasing {@code new
   * Lease(account, owner, token, ...)} once the store answers again gives the account back if it
   * does, and does nothing if it does not. Without that the account would stay leased, and no
   * worker would touch it, until the lease lapsed.
   *
   * <p>The default ignores the token and claims with one of the store's own: a store that keeps it
   * should override this method; the processor calls this one.
   *
   * @param account the account key
   * @param owner the worker's id
   * @param token the new lease's token: unique to this call (a random UUID), at most {@link
   *     #MAX_TOKEN_LENGTH} characters
   * @param leaseDuration how long the lease lasts unless renewed
   * @param limit the most operations to claim, at least 1
   * @return as {@link #claim(String, String, Duration, int)}; the lease's token is {@code token}
   */
  default Optional<Claim> claim(
      String account, String owner, String token, Duration leaseDuration, int limit) {
    Args.maxLength(Args.notBlank(token, "token"), MAX_TOKEN_LENGTH, "token");
    return claim(account, owner, leaseDuration, limit);
  }

  /**
   * Extends a lease from now.
   *
   * @param lease the lease held
   * @param leaseDuration the new duration from now
   * @return the renewed lease (same token)
   * @throws LeaseLostException when another worker has taken the account over
   */
  Lease renew(Lease lease, Duration leaseDuration);

  /**
   * Gives the account back. Operations still in flight under the lease become pending again with
   * their attempts and next-attempt time unchanged. Does nothing if the lease was already lost.
   *
   * @param lease the lease held
   */
  void release(Lease lease);

  /**
   * Records the outcomes of one executed batch (or of any set of the lease's claimed operations) in
   * one atomic step: the lease is checked once, and either every outcome is written or, when the
   * lease was lost or any operation is not in flight under it, none is and {@link
   * LeaseLostException} is thrown. The processor records each batch, and the cancellations of a
   * pass, with one call; on a database that is one transaction of a handful of statements.
   *
   * <ul>
   *   <li>{@link Outcome.Completed}: the operation becomes {@link OperationStatus#COMPLETED}. A
   *       {@linkplain Outcome.Completed#relocation() relocation} is kept on the row, and when its
   *       UID is known the account's other operations on the message are re-pointed at the new
   *       location exactly as {@link #remap} does, in the same step: a crash can never leave the
   *       move completed while later operations name the folder the message left. Operations queued
   *       later for the old location are forwarded by {@link #claim}. Both only for kinds that
   *       {@linkplain io.github.ferrymail.core.OperationKind#movesMessage() move the message}: a
   *       copy's relocation (where the copy is) is kept and fed, and nothing is re-pointed.
   *   <li>{@link Outcome.Rescheduled}: pending again, due at its time, one attempt counted, the
   *       error kept, the checkpoint kept so the retry can resume.
   *   <li>{@link Outcome.Failed}: {@link OperationStatus#FAILED}, one attempt counted, listed by
   *       {@link #getFailed} until retried or discarded.
   *   <li>{@link Outcome.Conflicted}: {@link OperationStatus#CONFLICT}, one attempt counted, the
   *       detail kept as its last error, listed by {@link #getConflicts} until {@linkplain
   *       #resolveConflict resolved} or discarded.
   *   <li>{@link Outcome.Cancelled}: {@link OperationStatus#CANCELLED}, the reason kept as its last
   *       error.
   *   <li>A rescheduled or failed outcome with a {@code messageNowAt} re-points the operation
   *       itself and the account's other operations on the message there.
   *   <li>Every completed, failed or cancelled operation enters the account's {@linkplain
   *       #finishedSince feed}, in list order, after everything recorded before.
   * </ul>
   *
   * @param lease the lease the operations were claimed under
   * @param outcomes one outcome per operation, no id twice; an empty list does nothing
   * @return how many other operations were re-pointed at a message's new location
   * @throws LeaseLostException when the lease was taken over or an operation is not in flight under
   *     it; nothing is recorded
   * @throws IllegalArgumentException when an id appears twice or a location belongs to another
   *     account; nothing is recorded
   */
  int record(Lease lease, List<Outcome> outcomes);

  /**
   * Persists a checkpoint on each of several claimed operations before the executor takes a step
   * that is not idempotent: one atomic write, fenced like {@link #record}. Each operation may have
   * a checkpoint of its own: an executor keeps on each row only what that row's message needs (its
   * own Message-ID), so a group of 500 writes 500 small values, not 500 copies of one holding all
   * 500 Message-IDs.
   *
   * @param lease the lease they were claimed under
   * @param checkpoints the checkpoint per operation id; not empty
   * @throws LeaseLostException when the lease was taken over or an operation is not in flight under
   *     it; nothing is written
   */
  void saveCheckpoints(Lease lease, Map<Long, Checkpoint> checkpoints);

  /**
   * Persists one checkpoint on several claimed operations: {@link #saveCheckpoints} with the same
   * checkpoint for each.
   *
   * @param lease the lease they were claimed under
   * @param ids the operations the checkpoint belongs to; not empty
   * @param checkpoint the checkpoint
   * @throws LeaseLostException when the lease was taken over or an operation is not in flight under
   *     it; nothing is written
   */
  default void saveCheckpoint(Lease lease, Collection<Long> ids, Checkpoint checkpoint) {
    Args.notNull(checkpoint, "checkpoint");
    Map<Long, Checkpoint> each = new LinkedHashMap<>();
    for (Long id : Args.notEmpty(ids, "ids")) {
      each.put(Args.notNull(id, "ids element"), checkpoint);
    }
    saveCheckpoints(lease, each);
  }

  /**
   * The account's feed of finished operations: those that became completed, failed or cancelled
   * after {@code afterSequence}, in the order their outcomes were recorded. The application keeps
   * the last {@link FinishedOperation#sequence()} it applied and asks again from there, so that a
   * crash between a completion and its listener never loses a moved message's new UID. Rows removed
   * by {@link #pruneFinished} leave the feed; a failed operation that is retried leaves it until it
   * finishes again, with a new sequence.
   *
   * @param account the account key
   * @param afterSequence the last sequence already applied, 0 for the beginning
   * @param limit the most entries, at least 1
   * @return the entries, sequence ascending
   */
  List<FinishedOperation> finishedSince(String account, long afterSequence, int limit);

  /**
   * Records that the operation took effect: {@link #record} of one {@link Outcome#completed}.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @throws LeaseLostException when the lease was taken over; nothing is recorded
   */
  default void complete(Lease lease, long id) {
    record(lease, List.of(Outcome.completed(id)));
  }

  /**
   * Records that a move took effect: {@link #record} of one {@link Outcome#relocated}.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param newLocation where the message is now, in the same account
   * @return how many other operations were re-pointed
   * @throws LeaseLostException when the lease was taken over; nothing is recorded
   */
  default int completeMove(Lease lease, long id, MessageRef newLocation) {
    return record(lease, List.of(Outcome.relocated(id, Relocation.to(newLocation))));
  }

  /**
   * Records a transient failure: {@link #record} of one {@link Outcome#rescheduled}.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param nextAttemptAt when to try again
   * @param error the error's text (stores truncate it to their bound)
   * @throws LeaseLostException when the lease was taken over
   */
  default void reschedule(Lease lease, long id, Instant nextAttemptAt, String error) {
    record(lease, List.of(Outcome.rescheduled(id, nextAttemptAt, error)));
  }

  /**
   * Records a final failure: {@link #record} of one {@link Outcome#failed}.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param error the error's text
   * @throws LeaseLostException when the lease was taken over
   */
  default void fail(Lease lease, long id, String error) {
    record(lease, List.of(Outcome.failed(id, null, error)));
  }

  /**
   * Cancels a claimed operation: {@link #record} of one {@link Outcome#cancelled}.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param reason why, kept as its last error
   * @throws LeaseLostException when the lease was taken over
   */
  default void cancel(Lease lease, long id, String reason) {
    record(lease, List.of(Outcome.cancelled(id, reason)));
  }

  /**
   * Persists a checkpoint on one claimed operation: {@link #saveCheckpoint(Lease, Collection,
   * Checkpoint)} of one id.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param checkpoint the checkpoint
   * @throws LeaseLostException when the lease was taken over
   */
  default void saveCheckpoint(Lease lease, long id, Checkpoint checkpoint) {
    saveCheckpoint(lease, List.of(id), checkpoint);
  }

  /**
   * Re-points the account's operations at a message's new location after a move: every operation
   * that is pending, failed, or in flight under this lease and names {@code from} (same folder,
   * UIDVALIDITY and UID) names {@code to} instead. Completed and cancelled rows keep their history.
   *
   * @param lease the account's lease
   * @param from the old location
   * @param to the new location, in the same account
   * @return how many operations were re-pointed
   * @throws LeaseLostException when the lease was taken over
   */
  int remap(Lease lease, MessageRef from, MessageRef to);

  /**
   * Pauses the account until {@code until} (after an account-level failure such as bad
   * credentials): releases the lease, puts its in-flight operations back to pending without
   * counting an attempt but with the pause as their {@code lastError} (so that a listing of the
   * account's operations shows why they wait), makes {@link #claim} return empty for the account
   * until then, and counts the pause in {@link #pausesInARow}.
   *
   * @param lease the account's lease
   * @param until when the account may be claimed again
   * @param reason why, shown by {@link #accountPauses()}
   * @throws LeaseLostException when the lease was taken over
   */
  void pauseAccount(Lease lease, Instant until, String reason);

  /**
   * How many times in a row the account has been paused: {@link #pauseAccount} adds one; an
   * operation of the account recorded as completed, or {@link #resumeAccount}, sets it back to
   * zero. Kept by the store, so that the processor lengthening each pause after the last (see
   * {@link io.github.ferrymail.core.retry.RetryPolicy#accountPause}) counts the pauses every node
   * made. The default is zero (every pause as long as the first); the stores of Ferry override it.
   *
   * @param account the account key
   * @return the count, zero for an account never paused
   */
  default int pausesInARow(String account) {
    Args.notBlank(account, "account");
    return 0;
  }

  /**
   * Lifts a pause at once (after the user fixed the credentials, say).
   *
   * @param account the account key
   * @return whether the account was paused
   */
  boolean resumeAccount(String account);

  /**
   * The accounts paused now, with the time each pause ends.
   *
   * @return account key to pause end
   */
  Map<String, Instant> pausedAccounts();

  /**
   * The accounts paused now, each with the end of its pause and the reason given to {@link
   * #pauseAccount}. The default has no reasons; the stores of Ferry override it.
   *
   * @return account key to its pause, sorted by account
   */
  default Map<String, AccountPause> accountPauses() {
    Map<String, AccountPause> pauses = new TreeMap<>();
    pausedAccounts()
        .forEach((account, until) -> pauses.put(account, new AccountPause(account, until, null)));
    return pauses;
  }

  /**
   * When the account next has an operation a worker may claim: the earliest {@code nextAttemptAt}
   * of its pending operations, and not before its pause ends. A sync engine that drives {@code
   * processPendingOperations} itself comes back then. The default reads the pending list; the
   * stores of Ferry answer with one query.
   *
   * @param account the account key
   * @return the time, possibly in the past (due now), or empty when nothing is pending
   */
  default Optional<Instant> nextDue(String account) {
    Instant earliest = null;
    Optional<PageRequest> page = Optional.of(PageRequest.first(PageRequest.MAX_SIZE));
    while (page.isPresent()) {
      Page<PendingOperation> p = getPending(account, page.get());
      for (PendingOperation op : p.items()) {
        if (op.status() == OperationStatus.PENDING
            && (earliest == null || op.nextAttemptAt().isBefore(earliest))) {
          earliest = op.nextAttemptAt();
        }
      }
      page = p.next();
    }
    if (earliest == null) {
      return Optional.empty();
    }
    Instant pausedUntil = pausedAccounts().get(account);
    return Optional.of(
        pausedUntil != null && pausedUntil.isAfter(earliest) ? pausedUntil : earliest);
  }

  /**
   * Removes an account from the queue in one transaction: every operation of it, in every status
   * (its feed with them), its lease and its pause. A worker still holding the lease loses it: what
   * it records afterwards fails with {@link LeaseLostException}. The account's feed keeps counting
   * from where it was, so a follower's position stays valid for operations queued afterwards.
   *
   * @param account the account key
   * @return how many operations were removed
   */
  int removeAccount(String account);

  /**
   * Lists an account's pending and in-flight operations in queue order.
   *
   * @param account the account key
   * @param page which page
   * @return the page
   */
  Page<PendingOperation> getPending(String account, PageRequest page);

  /**
   * Lists an account's failed operations in queue order.
   *
   * @param account the account key
   * @param page which page
   * @return the page
   */
  Page<PendingOperation> getFailed(String account, PageRequest page);

  /**
   * Lists an account's operations in {@link OperationStatus#CONFLICT} in queue order.
   *
   * @param account the account key
   * @param page which page
   * @return the page
   */
  Page<PendingOperation> getConflicts(String account, PageRequest page);

  /**
   * Resolves a conflict. Keeping the local change makes the operation pending again, due now,
   * attempts reset, as the same flag change {@linkplain
   * io.github.ferrymail.core.Operation.FlagChange#withoutCheck() without its check}; keeping the
   * server's state cancels it, saying so. Both enter the feed as any change of status does.
   *
   * @param id the operation id
   * @param keepLocal true to send the change again, false to keep the server's state
   * @return true if it was in conflict and is resolved; false otherwise (unknown id, or not in
   *     conflict)
   */
  boolean resolveConflict(long id, boolean keepLocal);

  /**
   * Brings a failed operation back: pending, due now, attempts reset to zero, checkpoint kept.
   *
   * @param id the operation id
   * @return true if it was failed and is now pending; false otherwise (unknown id or not failed)
   */
  boolean retry(long id);

  /**
   * {@link #retry} for every failed operation of an account.
   *
   * @param account the account key
   * @return how many were brought back
   */
  int retryAllFailed(String account);

  /**
   * Discards a pending, failed or conflicting operation (an administrator's decision): it becomes
   * cancelled. An in-flight operation cannot be discarded.
   *
   * @param id the operation id
   * @return true if it was discarded
   */
  boolean discard(long id);

  /**
   * Deletes completed and cancelled rows that finished before {@code finishedBefore}, at most
   * {@code maxRows} of them, so that a caller can prune in bounded batches.
   *
   * @param finishedBefore the bound
   * @param maxRows the most rows to delete in this call
   * @return how many rows were deleted
   */
  int pruneFinished(Instant finishedBefore, int maxRows);

  /**
   * Accounts that have due operations and no live lease, and are not paused, oldest work first. Due
   * means what {@link #claim} would hand out: an account whose due operations all wait behind a
   * retry is not listed, so that it cannot take the places of accounts with real work. Background
   * workers poll this.
   *
   * @param limit the most accounts to return
   * @return the account keys
   */
  List<String> accountsWithDueOperations(int limit);

  /**
   * Since when the queue's oldest due operation has waited: the earliest next-attempt time among
   * the pending operations of all accounts that are due now (paused accounts included: their work
   * waits too). Held operations and retries not yet due are not counted; in-flight ones are being
   * worked on. What a health check or a queue-lag gauge reads; it is one query over the live
   * operations, so read it every few seconds, not per operation.
   *
   * @return the earliest due time, or empty when nothing is due
   */
  Optional<Instant> oldestDue();

  /**
   * Counts operations per status, for one account or all.
   *
   * @param account the account key, or null for all accounts
   * @return a count for every status (zero where there are none)
   */
  Map<OperationStatus, Long> countByStatus(@org.jspecify.annotations.Nullable String account);
}
