package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *   <li><b>Fencing.</b> {@link #complete}, {@link #completeMove}, {@link #reschedule}, {@link
 *       #fail}, {@link #cancel}, {@link #saveCheckpoint}, {@link #remap} and {@link #renew} throw
 *       {@link LeaseLostException} and change nothing when the account's current lease token is not
 *       the given lease's token, or the operation is not in flight under it. A lease that lapsed
 *       but was not taken over is still honoured.
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
   * last-attempt time set to now. See the class description for order and "waiting behind".
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
   * Records that the operation took effect on the server.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @throws LeaseLostException when the lease was taken over; nothing is recorded
   */
  void complete(Lease lease, long id);

  /**
   * Records that a move (move, trash or restore) took effect and, in the same atomic step,
   * re-points the account's other operations on the message at its new location, exactly as {@link
   * #remap} does. A crash between the two can therefore never leave the move completed while later
   * operations still name the folder the message has left.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param newLocation where the message is now, in the same account
   * @return how many other operations were re-pointed
   * @throws LeaseLostException when the lease was taken over; nothing is recorded
   */
  int completeMove(Lease lease, long id, MessageRef newLocation);

  /**
   * Records a transient failure: counts an attempt, keeps the error and makes the operation due
   * again at {@code nextAttemptAt}. Its checkpoint is kept, so the retry can resume.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param nextAttemptAt when to try again
   * @param error the error's text (stores truncate it to their bound)
   * @throws LeaseLostException when the lease was taken over
   */
  void reschedule(Lease lease, long id, Instant nextAttemptAt, String error);

  /**
   * Records a final failure: counts an attempt and marks the operation {@link
   * OperationStatus#FAILED}; it is then listed by {@link #getFailed} until retried or discarded.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param error the error's text
   * @throws LeaseLostException when the lease was taken over
   */
  void fail(Lease lease, long id, String error);

  /**
   * Marks a claimed operation {@link OperationStatus#CANCELLED}, for example because coalescing
   * superseded it.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param reason why, kept as its last error
   * @throws LeaseLostException when the lease was taken over
   */
  void cancel(Lease lease, long id, String reason);

  /**
   * Persists a checkpoint on a claimed operation before the executor takes a step that is not
   * idempotent.
   *
   * @param lease the lease it was claimed under
   * @param id the operation id
   * @param checkpoint the checkpoint
   * @throws LeaseLostException when the lease was taken over
   */
  void saveCheckpoint(Lease lease, long id, Checkpoint checkpoint);

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
   * counting an attempt, and makes {@link #claim} return empty for the account until then.
   *
   * @param lease the account's lease
   * @param until when the account may be claimed again
   * @param reason why, shown by {@link #pausedAccounts()}
   * @throws LeaseLostException when the lease was taken over
   */
  void pauseAccount(Lease lease, Instant until, String reason);

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
   * Discards a pending or failed operation (an administrator's decision): it becomes cancelled. An
   * in-flight operation cannot be discarded.
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
   * Counts operations per status, for one account or all.
   *
   * @param account the account key, or null for all accounts
   * @return a count for every status (zero where there are none)
   */
  Map<OperationStatus, Long> countByStatus(@org.jspecify.annotations.Nullable String account);
}
