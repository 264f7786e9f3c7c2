package io.github.ferrymail.queue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewMessage;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.AccountPause;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.Outcome;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PendingOperationStore}, as a JUnit 5 suite. A store implementation's test
 * extends this class and supplies a fresh, empty store in {@link #newStore}; every test of the
 * suite then runs against it.
 *
 * <pre>{@code
 * class MyStoreContractTest extends PendingOperationStoreContract {
 *   @Override
 *   protected PendingOperationStore newStore(SettableClock clock) {
 *     return new MyStore(dataSource, clock);
 *   }
 * }
 * }</pre>
 *
 * <p>Time only moves when a test moves the {@link SettableClock} handed to {@link #newStore}, so
 * the store must take "now" from that clock for every timestamp it writes and every due or lease
 * check it makes. Timestamps used by the suite are whole milliseconds.
 *
 * <p>The suite checks the whole contract written on {@link PendingOperationStore}, and spells out a
 * few points that text leaves implicit:
 *
 * <ul>
 *   <li>{@link PendingOperationStore#accountsWithDueOperations} applies "waiting behind" as {@link
 *       PendingOperationStore#claim} does: an account whose due work all waits behind a retry is
 *       not listed (it would be claimed for nothing, and crowd out other accounts under the limit).
 *   <li>Account keys, folder names and every other text match exactly: case, trailing spaces and
 *       the LIKE wildcards {@code %} and {@code _} included; text with quotes, backslashes and
 *       characters beyond the Basic Multilingual Plane round-trips unchanged.
 *   <li>A long error is truncated, keeping at least its first 255 characters, and never in the
 *       middle of a surrogate pair.
 *   <li>Bad arguments are rejected with a message naming them, even where the store would otherwise
 *       find nothing to do (a blank account in {@code countByStatus}, say).
 * </ul>
 *
 * <p>The concurrency tests are tagged {@code slow}; they run several threads, half of them on a
 * second instance from {@link #sameStoreAgain}, and take a few seconds on a real database.
 */
public abstract class PendingOperationStoreContract {

  /** Where the clock stands when each test starts. */
  protected static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  /** The lease duration the tests claim with unless they say otherwise. */
  protected static final Duration LEASE = Duration.ofMinutes(1);

  /** The UIDVALIDITY of the tests' folders. */
  protected static final long UIDV = 1_700_000_000L;

  private static final int ALL = 100;

  private final List<PendingOperationStore> otherInstances = new ArrayList<>();
  private SettableClock clock = new SettableClock(START);
  // Set before each test by createStore.
  private PendingOperationStore store;

  /** Creates the suite; subclasses supply the store. */
  protected PendingOperationStoreContract() {}

  /**
   * A new, empty store whose "now" is {@code clock}. Called before each test.
   *
   * @param clock the clock the store must read the time from
   * @return the store, holding no operations, leases or pauses
   * @throws Exception when the store cannot be set up; the test fails
   */
  protected abstract PendingOperationStore newStore(SettableClock clock) throws Exception;

  /**
   * Frees what {@link #newStore} or {@link #sameStoreAgain} set up. Called after each test, first
   * for every other instance {@link #sameStoreAgain} returned, then for the store itself. Does
   * nothing by default.
   *
   * @param store the store to close
   * @throws Exception when closing fails; the test fails
   */
  protected void closeStore(PendingOperationStore store) throws Exception {}

  /**
   * Another instance on the same data as {@code store}, as a second process sharing the database
   * would have, for the tests of leases across instances. The default returns {@code store} itself,
   * which suits stores that cannot be shared (such as one held in memory).
   *
   * @param store the store under test
   * @param clock the clock the new instance must read the time from
   * @return a store on the same data
   */
  protected PendingOperationStore sameStoreAgain(PendingOperationStore store, SettableClock clock) {
    return store;
  }

  @BeforeEach
  final void createStore() throws Exception {
    clock = new SettableClock(START);
    store = newStore(clock);
    assertThat(store).as("newStore(clock)").isNotNull();
    assertThat(store.countByStatus(null).values())
        .as("newStore must return an empty store")
        .allMatch(count -> count == 0L);
  }

  @AfterEach
  final void closeStores() throws Exception {
    Exception first = null;
    for (PendingOperationStore other : otherInstances) {
      try {
        closeStore(other);
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    otherInstances.clear();
    closeStore(store);
    if (first != null) {
      throw first;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fixtures

  /**
   * The store under test.
   *
   * @return the store {@link #newStore} returned for this test
   */
  protected final PendingOperationStore store() {
    return store;
  }

  /**
   * The clock of the store under test.
   *
   * @return the clock handed to {@link #newStore} for this test
   */
  protected final SettableClock clock() {
    return clock;
  }

  /**
   * A second instance on the same data, closed after the test.
   *
   * @return what {@link #sameStoreAgain} returns
   */
  protected final PendingOperationStore otherInstance() {
    PendingOperationStore other = sameStoreAgain(store, clock);
    assertThat(other).as("sameStoreAgain").isNotNull();
    if (other != store && !otherInstances.contains(other)) {
      otherInstances.add(other);
    }
    return other;
  }

  static MessageRef msg(String account, long uid) {
    return new MessageRef(account, "INBOX", UIDV, uid, "<" + uid + "." + account + "@example.com>");
  }

  static MessageRef msgIn(String account, String folder, long uid) {
    return new MessageRef(account, folder, UIDV, uid, null);
  }

  /**
   * One operation of every kind on a message, and flag changes with several flags and with keywords
   * that use the odd characters an IMAP atom allows.
   */
  static List<Operation> everyKind(MessageRef ref) {
    return List.of(
        Operation.markRead(ref),
        Operation.markUnread(ref),
        Operation.flag(ref),
        Operation.unflag(ref),
        Operation.markJunk(ref),
        Operation.changeFlags(
            ref,
            FlagDelta.of(
                List.of("\\Draft", "$MDNSent", "+plus", "-minus", "it's", "a.b_c/d&e#f!g~h"),
                List.of("\\Answered", "$Forwarded"))),
        Operation.move(ref, "Projects/Ferry"),
        Operation.moveToTrash(ref),
        Operation.restore(ref, "INBOX"),
        Operation.permanentDelete(ref),
        Operation.copy(ref, "Projects/Ferry"),
        Operation.replace(
            ref,
            "Drafts",
            NewMessage.of("drafts/Ärger 'v2' & \\more").withFlags(FlagDelta.DRAFT, "$label1")));
  }

  PendingOperation queue(Operation operation) {
    return store.queue(NewOperation.of(operation));
  }

  PendingOperation read(String account, long uid) {
    return queue(Operation.markRead(msg(account, uid)));
  }

  PendingOperation reload(PendingOperation op) {
    return store
        .get(op.id())
        .orElseThrow(() -> new AssertionError("operation " + op.id() + " is gone"));
  }

  Claim claim(String account, String owner) {
    return claim(store, account, owner, ALL);
  }

  Claim claim(PendingOperationStore on, String account, String owner, int limit) {
    return on.claim(account, owner, LEASE, limit)
        .orElseThrow(() -> new AssertionError("claim of " + account + " by " + owner + " empty"));
  }

  static List<Long> ids(List<PendingOperation> ops) {
    return ops.stream().map(PendingOperation::id).toList();
  }

  static List<Long> ids(PendingOperation... ops) {
    return ids(Arrays.asList(ops));
  }

  void assertNothingQueued() {
    assertThat(store.countByStatus(null).values()).allMatch(count -> count == 0L);
  }

  // ---------------------------------------------------------------------------------------------

  /** {@link PendingOperationStore#queue} and {@link PendingOperationStore#queueAll}. */
  @Nested
  class Queueing {
    @Test
    void idsGrowInQueueOrder() {
      PendingOperation a = read("acct", 1);
      PendingOperation b = read("other", 2);
      PendingOperation c = read("acct", 3);

      assertThat(a.id()).isPositive();
      assertThat(b.id()).isGreaterThan(a.id());
      assertThat(c.id()).isGreaterThan(b.id());
    }

    @Test
    void aQueuedOperationIsPendingDueNowWithNoHistory() {
      PendingOperation op = read("acct", 1);

      assertThat(op.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(op.attempts()).isZero();
      assertThat(op.createdAt()).isEqualTo(START);
      assertThat(op.nextAttemptAt()).isEqualTo(START);
      assertThat(op.lastAttemptAt()).isNull();
      assertThat(op.lastError()).isNull();
      assertThat(op.checkpoint()).isNull();
      assertThat(op.finishedAt()).isNull();
      assertThat(reload(op)).isEqualTo(op);
    }

    @Test
    void everyKindRoundTripsWithMessageKeyMessageIdDestinationAndPayload() {
      MessageRef ref = new MessageRef("acct", "Archive/2026", 42, 4_294_967_295L, "<a@b.example>");
      List<Operation> samples = everyKind(ref);
      assertThat(samples.stream().map(Operation::kind).distinct())
          .as("the samples cover every kind of message operation (Folders, Appends the others)")
          .containsExactlyInAnyOrderElementsOf(
              OperationKind.values().stream()
                  .filter(k -> !k.isFolderChange() && k != OperationKind.APPEND)
                  .toList());
      for (Operation operation : samples) {
        String key = "row-" + operation.kind() + "-" + operation.payload();

        PendingOperation stored = store().queue(NewOperation.of(operation, key));

        PendingOperation read = reload(stored);
        assertThat(read).isEqualTo(stored);
        assertThat(read.operation()).as(operation.toString()).isEqualTo(operation);
        assertThat(read.message().messageId()).isEqualTo("<a@b.example>");
        assertThat(read.operation().destination()).isEqualTo(operation.destination());
        assertThat(read.operation().payload()).isEqualTo(operation.payload());
        assertThat(read.messageKey()).isEqualTo(key);
      }
    }

    @Test
    void aFlagChangeKeepsItsDeltaThroughClaimAndCompletion() {
      FlagDelta delta =
          FlagDelta.of(
              List.of("$Junk", "$label1", "Work", "\\Answered"), List.of("$NotJunk", "\\Seen"));
      PendingOperation op = queue(Operation.changeFlags(msg("acct", 1), delta));

      Claim claim = claim("acct", "w1");
      assertThat(claim.operations())
          .singleElement()
          .satisfies(
              c ->
                  assertThat(c.operation())
                      .isEqualTo(Operation.changeFlags(msg("acct", 1), delta)));
      store().complete(claim.lease(), op.id());

      assertThat(reload(op).operation()).isEqualTo(Operation.changeFlags(msg("acct", 1), delta));
      assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void anOperationWithoutMessageKeyOrMessageIdRoundTrips() {
      PendingOperation op = store().queue(Operation.flag(MessageRef.of("acct", "INBOX", 9, 3)));

      assertThat(reload(op).messageKey()).isNull();
      assertThat(reload(op).message().messageId()).isNull();
      assertThat(reload(op).operation())
          .isEqualTo(Operation.flag(MessageRef.of("acct", "INBOX", 9, 3)));
    }

    @Test
    void queueAllReturnsTheRowsInListOrderWithGrowingIds() {
      List<PendingOperation> stored =
          store()
              .queueAll(
                  List.of(
                      NewOperation.of(Operation.markRead(msg("acct", 5)), "k5"),
                      NewOperation.of(Operation.move(msg("acct", 1), "Archive")),
                      NewOperation.of(Operation.flag(msg("other", 3)), "k3")));

      assertThat(stored).hasSize(3);
      assertThat(stored).extracting(op -> op.message().uid()).containsExactly(5L, 1L, 3L);
      assertThat(stored.get(1).id()).isGreaterThan(stored.get(0).id());
      assertThat(stored.get(2).id()).isGreaterThan(stored.get(1).id());
      assertThat(stored).extracting(PendingOperation::messageKey).containsExactly("k5", null, "k3");
      for (PendingOperation op : stored) {
        assertThat(reload(op)).isEqualTo(op);
      }
    }

    @Test
    void queueAllWithANullElementWritesNothing() {
      List<NewOperation> batch = new ArrayList<>();
      batch.add(NewOperation.of(Operation.markRead(msg("acct", 1))));
      batch.add(null);

      assertThatThrownBy(() -> store().queueAll(batch))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("operations");
      assertNothingQueued();
    }

    @Test
    void queueAllOfAnEmptyListIsRejected() {
      assertThatThrownBy(() -> store().queueAll(List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("operations");
      assertNothingQueued();
    }

    @Test
    void queueOfNullIsRejected() {
      assertThatThrownBy(() -> store().queue((NewOperation) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("operation");
      assertThatThrownBy(() -> store().queueAll(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("operations");
      assertNothingQueued();
    }

    @Test
    void getOfAnUnknownIdIsEmpty() {
      PendingOperation op = read("acct", 1);

      assertThat(store().get(op.id() + 1000)).isEmpty();
      assertThat(store().get(0)).isEmpty();
      assertThat(store().get(-1)).isEmpty();
    }

    @Test
    void queueTakesCreationAndDueTimeFromTheStoreClock() {
      clock().advance(Duration.ofSeconds(90));

      PendingOperation op = read("acct", 1);

      assertThat(op.createdAt()).isEqualTo(START.plusSeconds(90));
      assertThat(op.nextAttemptAt()).isEqualTo(START.plusSeconds(90));
    }
  }

  /** {@link PendingOperationStore#claim}: order, limit, due times, leases. */
  @Nested
  class Claiming {
    @Test
    void claimHandsOutDueOperationsOldestFirst() {
      PendingOperation a = read("acct", 3);
      PendingOperation b = queue(Operation.move(msg("acct", 1), "Archive"));
      PendingOperation c = read("acct", 2);

      Claim claim = claim("acct", "w1");

      assertThat(ids(claim.operations())).containsExactly(a.id(), b.id(), c.id());
    }

    @Test
    void claimedOperationsAreInFlightWithLastAttemptAtNow() {
      read("acct", 1);
      clock().advance(Duration.ofSeconds(5));

      Claim claim = claim("acct", "w1");

      PendingOperation op = claim.operations().get(0);
      assertThat(op.status()).isEqualTo(OperationStatus.IN_FLIGHT);
      assertThat(op.lastAttemptAt()).isEqualTo(START.plusSeconds(5));
      assertThat(op.attempts()).isZero();
      assertThat(reload(op)).isEqualTo(op);
    }

    @Test
    void theLeaseNamesAccountOwnerAndExpiry() {
      read("acct", 1);

      Claim claim = claim("acct", "worker-1");

      assertThat(claim.lease().account()).isEqualTo("acct");
      assertThat(claim.lease().owner()).isEqualTo("worker-1");
      assertThat(claim.lease().token()).isNotBlank();
      assertThat(claim.lease().expiresAt()).isEqualTo(START.plus(LEASE));
    }

    @Test
    void aClaimWithTheCallersTokenGrantsALeaseWithThatToken() {
      read("acct", 1);

      Claim claim =
          store().claim("acct", "w1", "token-of-w1", LEASE, ALL).orElseThrow(AssertionError::new);

      assertThat(claim.lease())
          .isEqualTo(new Lease("acct", "w1", "token-of-w1", START.plus(LEASE)));
      store().complete(claim.lease(), claim.operations().get(0).id());
    }

    @Test
    void aClaimWhoseReplyWasLostCanBeGivenBackByItsToken() {
      PendingOperation op = read("acct", 1);
      // The claim committed, and the caller never heard: all it knows is the token it chose.
      store().claim("acct", "w1", "lost-reply", LEASE, ALL);
      assertThat(store().claim("acct", "w2", LEASE, ALL)).as("the account is leased").isEmpty();

      store().release(new Lease("acct", "w1", "lost-reply", START.plus(LEASE)));

      assertThat(reload(op).status()).isEqualTo(OperationStatus.PENDING);
      assertThat(ids(claim("acct", "w2").operations())).containsExactly(op.id());
    }

    @Test
    void givingBackATokenThatWasNeverGrantedChangesNothing() {
      PendingOperation op = read("acct", 1);
      Claim held = claim("acct", "w1");

      store().release(new Lease("acct", "w1", "never-granted", START.plus(LEASE)));

      assertThat(store().claim("acct", "w2", LEASE, ALL)).as("still leased").isEmpty();
      store().complete(held.lease(), op.id());
      assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void aTokenTooLongOrBlankIsRejectedBeforeAnythingIsTaken() {
      PendingOperation op = read("acct", 1);
      String tooLong = "t".repeat(PendingOperationStore.MAX_TOKEN_LENGTH + 1);

      assertThatThrownBy(() -> store().claim("acct", "w1", tooLong, LEASE, ALL))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("token");
      assertThatThrownBy(() -> store().claim("acct", "w1", " ", LEASE, ALL))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("token");

      assertThat(reload(op).status()).isEqualTo(OperationStatus.PENDING);
      assertThat(ids(claim("acct", "w2").operations())).containsExactly(op.id());
    }

    @Test
    void claimHandsOutAtMostLimitOperations() {
      PendingOperation a = read("acct", 1);
      PendingOperation b = read("acct", 2);
      read("acct", 3);

      Claim claim = claim(store(), "acct", "w1", 2);

      assertThat(ids(claim.operations())).containsExactly(a.id(), b.id());
      assertThat(store().countByStatus("acct"))
          .containsEntry(OperationStatus.IN_FLIGHT, 2L)
          .containsEntry(OperationStatus.PENDING, 1L);
    }

    @Test
    void claimOnlyHandsOutTheAccountsOwnOperations() {
      PendingOperation mine = read("acct", 1);
      PendingOperation theirs = read("other", 1);

      Claim claim = claim("acct", "w1");

      assertThat(ids(claim.operations())).containsExactly(mine.id());
      assertThat(reload(theirs).status()).isEqualTo(OperationStatus.PENDING);
    }

    @Test
    void claimWithNothingDueStillTakesTheLease() {
      Claim claim = claim("acct", "w1");

      assertThat(claim.operations()).isEmpty();
      assertThat(store().claim("acct", "w2", LEASE, ALL)).isEmpty();
    }

    @Test
    void aSecondClaimIsEmptyWhileTheLeaseLives() {
      read("acct", 1);
      claim("acct", "w1");
      read("acct", 2);
      clock().advance(LEASE.minusSeconds(1));

      assertThat(store().claim("acct", "w2", LEASE, ALL)).isEmpty();
      assertThat(store().claim("acct", "w1", LEASE, ALL)).isEmpty();
    }

    @Test
    void otherAccountsCanBeClaimedWhileOneIsLeased() {
      read("acct", 1);
      PendingOperation theirs = read("other", 1);
      claim("acct", "w1");

      Claim claim = claim("other", "w2");

      assertThat(ids(claim.operations())).containsExactly(theirs.id());
    }

    @Test
    void afterReleaseAnotherWorkerCanClaim() {
      PendingOperation op = read("acct", 1);
      store().release(claim("acct", "w1").lease());

      Claim claim = claim("acct", "w2");

      assertThat(ids(claim.operations())).containsExactly(op.id());
    }

    @Test
    void takeoverAfterExpiryReclaimsInFlightOperationsKeepingTheirPlace() {
      PendingOperation a = read("acct", 1);
      PendingOperation b = read("acct", 2);
      Claim first = claim(store(), "acct", "w1", 1);
      PendingOperation c = read("acct", 3);
      clock().advance(LEASE.plusSeconds(1));

      Claim second = claim("acct", "w2");

      assertThat(ids(first.operations())).containsExactly(a.id());
      assertThat(second.lease().token()).isNotEqualTo(first.lease().token());
      assertThat(ids(second.operations())).containsExactly(a.id(), b.id(), c.id());
      assertThat(second.operations()).allMatch(op -> op.status() == OperationStatus.IN_FLIGHT);
      assertThat(reload(a).lastAttemptAt()).isEqualTo(START.plus(LEASE).plusSeconds(1));
    }

    @Test
    void aTakeoverPutsLeftoversItDoesNotClaimBackToPending() {
      PendingOperation a = read("acct", 1);
      PendingOperation b = read("acct", 2);
      claim(store(), "acct", "w1", ALL);
      clock().advance(LEASE.plusSeconds(1));

      Claim second = claim(store(), "acct", "w2", 1);

      assertThat(ids(second.operations())).containsExactly(a.id());
      PendingOperation leftover = reload(b);
      assertThat(leftover.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(leftover.attempts()).isZero();
      assertThat(store().getPending("acct", PageRequest.first(10)).items())
          .extracting(PendingOperation::id)
          .containsExactly(a.id(), b.id());
    }

    @Test
    void theLeaseHoldsAcrossStoreInstances() {
      PendingOperation op = read("acct", 1);
      PendingOperationStore other = otherInstance();
      Claim first = claim("acct", "w1");

      assertThat(other.claim("acct", "w2", LEASE, ALL)).isEmpty();
      clock().advance(LEASE.plusSeconds(1));
      Claim second = claim(other, "acct", "w2", ALL);

      assertThat(ids(second.operations())).containsExactly(op.id());
      assertThatThrownBy(() -> store().complete(first.lease(), op.id()))
          .isInstanceOf(LeaseLostException.class);
      other.complete(second.lease(), op.id());
      assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void aTakeoverByTheSameOwnerStillFencesTheOldLease() {
      PendingOperation op = read("acct", 1);
      Claim first = claim("acct", "w1");
      clock().advance(LEASE.plusSeconds(1));

      Claim second = claim("acct", "w1");

      assertThat(second.lease().token()).isNotEqualTo(first.lease().token());
      assertThatThrownBy(() -> store().complete(first.lease(), op.id()))
          .isInstanceOf(LeaseLostException.class);
      store().complete(second.lease(), op.id());
    }

    @Test
    void theLeaseCanBeTakenOverExactlyWhenItExpires() {
      read("acct", 1);
      claim("acct", "w1");
      clock().advance(LEASE);

      assertThat(store().claim("acct", "w2", LEASE, ALL)).isPresent();
    }

    @Test
    void operationsNotYetDueAreNotClaimed() {
      PendingOperation later = read("acct", 1);
      Claim claim = claim("acct", "w1");
      store().reschedule(claim.lease(), later.id(), START.plusSeconds(30), "busy");
      store().release(claim.lease());
      PendingOperation now = read("acct", 2);

      assertThat(ids(claim("acct", "w2").operations())).containsExactly(now.id());
    }

    @Test
    void anOperationBecomesDueAtItsNextAttemptTime() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");
      store().reschedule(claim.lease(), op.id(), START.plusSeconds(30), "busy");
      store().release(claim.lease());

      clock().advance(Duration.ofSeconds(29));
      Claim early = claim("acct", "w2");
      store().release(early.lease());
      clock().advance(Duration.ofSeconds(1));
      Claim due = claim("acct", "w3");

      assertThat(early.operations()).isEmpty();
      assertThat(ids(due.operations())).containsExactly(op.id());
    }

    @Test
    void completedFailedAndCancelledOperationsAreNeverClaimedAgain() {
      PendingOperation done = read("acct", 1);
      PendingOperation failed = read("acct", 2);
      PendingOperation cancelled = read("acct", 3);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());
      store().fail(claim.lease(), failed.id(), "gone");
      store().cancel(claim.lease(), cancelled.id(), "superseded");
      store().release(claim.lease());
      clock().advance(Duration.ofDays(1));

      assertThat(claim("acct", "w2").operations()).isEmpty();
    }
  }

  /** "Waiting behind": an operation waits while an older one on the same message awaits a retry. */
  @Nested
  class WaitingBehind {
    @Test
    void anOperationBehindARescheduledOneOnTheSameMessageWaitsWhileOthersGoAhead() {
      PendingOperation move = queue(Operation.move(msg("acct", 1), "Archive"));
      PendingOperation readSame = read("acct", 1);
      PendingOperation readOther = read("acct", 2);
      Claim first = claim(store(), "acct", "w1", 1);
      store().reschedule(first.lease(), move.id(), START.plusSeconds(30), "server busy");
      store().release(first.lease());

      Claim second = claim("acct", "w2");

      assertThat(ids(second.operations())).containsExactly(readOther.id());
      assertThat(reload(readSame).status()).isEqualTo(OperationStatus.PENDING);
    }

    @Test
    void theWaitingOperationGoesOnceTheOlderOneIsDue() {
      PendingOperation move = queue(Operation.move(msg("acct", 1), "Archive"));
      PendingOperation readSame = read("acct", 1);
      Claim first = claim(store(), "acct", "w1", 1);
      store().reschedule(first.lease(), move.id(), START.plusSeconds(30), "server busy");
      store().release(first.lease());
      store().release(claim("acct", "w2").lease());
      clock().advance(Duration.ofSeconds(30));

      Claim third = claim("acct", "w3");

      assertThat(ids(third.operations())).containsExactly(move.id(), readSame.id());
    }

    @Test
    void onlyAnOlderOperationMakesAnotherWait() {
      PendingOperation older = read("acct", 1);
      PendingOperation newer = queue(Operation.flag(msg("acct", 1)));
      Claim first = claim("acct", "w1");
      store().reschedule(first.lease(), newer.id(), START.plusSeconds(30), "server busy");
      store().release(first.lease());

      Claim second = claim("acct", "w2");

      assertThat(ids(second.operations())).containsExactly(older.id());
    }

    @Test
    void theSameUidInAnotherFolderOrUidValidityIsAnotherMessage() {
      PendingOperation blocked = queue(Operation.markRead(msgIn("acct", "INBOX", 1)));
      PendingOperation otherFolder = queue(Operation.markRead(msgIn("acct", "Archive", 1)));
      PendingOperation otherValidity =
          queue(Operation.markRead(new MessageRef("acct", "INBOX", UIDV + 1, 1, null)));
      Claim first = claim(store(), "acct", "w1", 1);
      store().reschedule(first.lease(), blocked.id(), START.plusSeconds(30), "server busy");
      store().release(first.lease());

      Claim second = claim("acct", "w2");

      assertThat(ids(second.operations())).containsExactly(otherFolder.id(), otherValidity.id());
    }
  }

  /** {@link NewOperation#hold()}: queued, not due until the hold has passed. */
  @Nested
  class Holding {
    @Test
    void aHeldOperationIsNotDueUntilItsHoldHasPassedAndHoldsBackTheMessage() {
      PendingOperation held =
          store()
              .queue(
                  NewOperation.of(Operation.move(msg("acct", 1), "Archive"))
                      .withHold(Duration.ofSeconds(10)));
      PendingOperation behind = read("acct", 1);
      PendingOperation other = read("acct", 2);

      assertThat(held.nextAttemptAt()).isEqualTo(START.plusSeconds(10));
      assertThat(reload(held).nextAttemptAt()).isEqualTo(START.plusSeconds(10));
      Claim first = claim("acct", "w1");
      assertThat(ids(first.operations())).containsExactly(other.id());
      store().release(first.lease());

      clock().advance(Duration.ofSeconds(10));
      Claim second = claim("acct", "w2");
      // The other one was released unrecorded, so it is claimed again too.
      assertThat(ids(second.operations())).containsExactly(held.id(), behind.id(), other.id());
    }

    @Test
    void aHeldOperationCanBeDiscardedBeforeItIsDue() {
      PendingOperation held =
          store()
              .queue(
                  NewOperation.of(Operation.markRead(msg("acct", 1)))
                      .withHold(Duration.ofMinutes(1)));

      assertThat(store().discard(held.id())).isTrue();
      clock().advance(Duration.ofMinutes(2));

      assertThat(reload(held).status()).isEqualTo(OperationStatus.CANCELLED);
      assertThat(store().accountsWithDueOperations(10)).doesNotContain("acct");
    }
  }

  /** {@link PendingOperationStore#oldestDue}. */
  @Nested
  class OldestDue {
    @Test
    void anEmptyQueueHasNothingDue() {
      assertThat(store().oldestDue()).isEmpty();
    }

    @Test
    void isTheEarliestDueTimeOfAllAccountsPendingOperations() {
      read("bob", 1);
      clock().advance(Duration.ofSeconds(30));
      read("alice", 1);
      read("bob", 2);

      assertThat(store().oldestDue()).contains(START);
    }

    @Test
    void heldRetriedInFlightAndFinishedOperationsAreNotDue() {
      store()
          .queue(NewOperation.of(Operation.markRead(msg("acct", 1))).withHold(Duration.ofHours(1)));
      PendingOperation retried = read("acct", 2);
      PendingOperation done = read("acct", 3);
      Claim claim = claim("acct", "w1");
      store().reschedule(claim.lease(), retried.id(), START.plus(Duration.ofMinutes(5)), "busy");
      store().complete(claim.lease(), done.id());
      store().release(claim.lease());
      PendingOperation inFlight = read("other", 1);
      claim("other", "w2");

      assertThat(reload(inFlight).status()).isEqualTo(OperationStatus.IN_FLIGHT);
      assertThat(store().oldestDue()).isEmpty();

      clock().advance(Duration.ofMinutes(10));
      assertThat(store().oldestDue()).contains(START.plus(Duration.ofMinutes(5)));
    }
  }

  /**
   * What every node reads of an account: {@link PendingOperationStore#accountPauses}, {@link
   * PendingOperationStore#nextDue} and {@link PendingOperationStore#removeAccount}.
   */
  @Nested
  class AccountState {
    @Test
    void pausesCarryTheirEndAndReason() {
      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(300), "bad password");
      store().pauseAccount(claim("other", "w1").lease(), START.plusSeconds(60), "token expired");

      assertThat(store().accountPauses())
          .containsExactly(
              Map.entry("acct", new AccountPause("acct", START.plusSeconds(300), "bad password")),
              Map.entry(
                  "other", new AccountPause("other", START.plusSeconds(60), "token expired")));
      clock().advance(Duration.ofSeconds(60));
      assertThat(store().accountPauses()).containsOnlyKeys("acct");
      assertThat(store().resumeAccount("acct")).isTrue();
      assertThat(store().accountPauses()).isEmpty();
    }

    @Test
    void pausesInARowCountUpUntilAnOperationOfTheAccountCompletes() {
      PendingOperation op = read("acct", 1);
      read("other", 1);
      assertThat(store().pausesInARow("acct")).isZero();

      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(60), "refused");
      clock().advance(Duration.ofSeconds(61));
      store().pauseAccount(claim("acct", "w2").lease(), START.plusSeconds(300), "refused again");

      assertThat(store().pausesInARow("acct")).isEqualTo(2);
      assertThat(otherInstance().pausesInARow("acct")).as("another node sees it").isEqualTo(2);
      assertThat(store().accountPauses().get("acct").inARow()).isEqualTo(2);
      assertThat(store().pausesInARow("other")).isZero();

      clock().advance(Duration.ofSeconds(300));
      Claim claim = claim("acct", "w3");
      assertThat(store().pausesInARow("acct")).as("a claim alone changes nothing").isEqualTo(2);
      store().record(claim.lease(), List.of(Outcome.completed(op.id())));
      assertThat(store().pausesInARow("acct")).isZero();
    }

    @Test
    void resumingAnAccountStartsItsCountAgain() {
      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(60), "refused");

      assertThat(store().resumeAccount("acct")).isTrue();

      assertThat(store().pausesInARow("acct")).isZero();
    }

    @Test
    void aPausedAccountsOperationsShowThePauseAsTheirLastError() {
      PendingOperation waiting = read("acct", 1);
      PendingOperation done = read("acct", 2);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());

      store().pauseAccount(claim.lease(), START.plusSeconds(60), "bad password");

      PendingOperation after = reload(waiting);
      assertThat(after.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(after.attempts()).as("no attempt counted").isZero();
      assertThat(after.lastError())
          .contains("account paused until " + START.plusSeconds(60))
          .contains("bad password");
      assertThat(reload(done).lastError()).isNull();
    }

    @Test
    void nextDueIsTheEarliestPendingOperationOrNothing() {
      assertThat(store().nextDue("acct")).isEmpty();
      store()
          .queue(
              NewOperation.of(Operation.markRead(msg("acct", 1))).withHold(Duration.ofMinutes(5)));
      assertThat(store().nextDue("acct")).contains(START.plus(Duration.ofMinutes(5)));

      clock().advance(Duration.ofSeconds(10));
      read("acct", 2);
      assertThat(store().nextDue("acct")).contains(START.plusSeconds(10));
      assertThat(store().nextDue("other")).isEmpty();
    }

    @Test
    void nextDueOfARetriedOrPausedAccountWaitsForTheRetryOrThePause() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");
      assertThat(store().nextDue("acct")).as("only in flight").isEmpty();

      store().reschedule(claim.lease(), op.id(), START.plusSeconds(30), "busy");
      store().release(claim.lease());
      assertThat(store().nextDue("acct")).contains(START.plusSeconds(30));

      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(600), "bad password");
      clock().advance(Duration.ofSeconds(31));
      assertThat(store().nextDue("acct")).contains(START.plusSeconds(600));
    }

    @Test
    void removeAccountRemovesEveryOperationAndTheLeaseAndLeavesOtherAccountsAlone() {
      PendingOperation pending = read("acct", 1);
      PendingOperation done = read("acct", 2);
      PendingOperation failed = read("acct", 3);
      PendingOperation inFlight = read("acct", 4);
      PendingOperation others = read("other", 1);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());
      store().fail(claim.lease(), failed.id(), "refused");
      store().reschedule(claim.lease(), pending.id(), START, "again");
      long feedBefore =
          store().finishedSince("acct", 0, 100).stream()
              .mapToLong(FinishedOperation::sequence)
              .max()
              .orElseThrow();

      assertThat(store().removeAccount("acct")).isEqualTo(4);

      for (PendingOperation gone : List.of(pending, done, failed, inFlight)) {
        assertThat(store().get(gone.id())).as("operation %s", gone.id()).isEmpty();
      }
      assertThat(store().countByStatus("acct").values()).allMatch(n -> n == 0L);
      assertThat(store().finishedSince("acct", 0, 100)).isEmpty();
      assertThat(store().nextDue("acct")).isEmpty();
      assertThatThrownBy(() -> store().complete(claim.lease(), inFlight.id()))
          .isInstanceOf(LeaseLostException.class);
      assertThat(reload(others).status()).isEqualTo(OperationStatus.PENDING);

      PendingOperation again = read("acct", 5);
      Claim next = claim("acct", "w2");
      assertThat(ids(next.operations())).containsExactly(again.id());
      store().complete(next.lease(), again.id());
      assertThat(store().finishedSince("acct", feedBefore, 100))
          .as("the feed goes on after the position a follower had")
          .extracting(f -> f.operation().id())
          .containsExactly(again.id());
    }

    @Test
    void removeAccountLiftsItsPauseAndRemovingAnUnknownAccountRemovesNothing() {
      read("acct", 1);
      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(300), "bad password");

      assertThat(store().removeAccount("acct")).isEqualTo(1);
      assertThat(store().accountPauses()).isEmpty();
      assertThat(store().removeAccount("nobody")).isZero();
      assertThatThrownBy(() -> store().removeAccount(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account");
    }
  }

  /** {@link PendingOperationStore#renew}. */
  @Nested
  class Renewing {
    @Test
    void renewExtendsTheLeaseFromNowAndKeepsItsToken() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");
      clock().advance(Duration.ofSeconds(50));

      Lease renewed = store().renew(claim.lease(), LEASE);

      assertThat(renewed.token()).isEqualTo(claim.lease().token());
      assertThat(renewed.account()).isEqualTo("acct");
      assertThat(renewed.owner()).isEqualTo("w1");
      assertThat(renewed.expiresAt()).isEqualTo(START.plusSeconds(50).plus(LEASE));
      clock().advance(Duration.ofSeconds(40));
      assertThat(store().claim("acct", "w2", LEASE, ALL)).isEmpty();
      store().complete(renewed, op.id());
      assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void renewAfterATakeoverThrowsLeaseLost() {
      read("acct", 1);
      Claim first = claim("acct", "w1");
      clock().advance(LEASE.plusSeconds(1));
      claim("acct", "w2");

      assertThatThrownBy(() -> store().renew(first.lease(), LEASE))
          .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aReleasedLeaseCannotBeRenewed() {
      Claim claim = claim("acct", "w1");
      store().release(claim.lease());

      assertThatThrownBy(() -> store().renew(claim.lease(), LEASE))
          .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aLapsedLeaseThatNobodyTookOverIsStillHonoured() {
      PendingOperation a = read("acct", 1);
      PendingOperation b = read("acct", 2);
      Claim claim = claim("acct", "w1");
      clock().advance(LEASE.multipliedBy(3));

      store().complete(claim.lease(), a.id());
      Lease renewed = store().renew(claim.lease(), LEASE);
      store().complete(renewed, b.id());

      assertThat(reload(a).status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(reload(b).status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(store().claim("acct", "w2", LEASE, ALL)).isEmpty();
    }
  }

  /** {@link PendingOperationStore#release}. */
  @Nested
  class Releasing {
    @Test
    void releasePutsInFlightOperationsBackToPendingWithAttemptsUnchanged() {
      PendingOperation op = read("acct", 1);
      Claim first = claim("acct", "w1");
      store().reschedule(first.lease(), op.id(), START, "timeout");
      store().release(first.lease());
      clock().advance(Duration.ofSeconds(10));
      Claim second = claim("acct", "w2");

      store().release(second.lease());

      PendingOperation released = reload(op);
      assertThat(released.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(released.attempts()).isEqualTo(1);
      assertThat(released.nextAttemptAt()).isEqualTo(START);
      assertThat(released.lastError()).isEqualTo("timeout");
      assertThat(released.finishedAt()).isNull();
    }

    @Test
    void releaseLeavesFinishedOperationsAlone() {
      PendingOperation done = read("acct", 1);
      PendingOperation open = read("acct", 2);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());

      store().release(claim.lease());

      assertThat(reload(done).status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(reload(open).status()).isEqualTo(OperationStatus.PENDING);
    }

    @Test
    void releaseOfALostLeaseChangesNothing() {
      PendingOperation op = read("acct", 1);
      Claim first = claim("acct", "w1");
      clock().advance(LEASE.plusSeconds(1));
      Claim second = claim("acct", "w2");
      PendingOperation before = reload(op);

      store().release(first.lease());

      assertThat(reload(op)).isEqualTo(before);
      assertThat(store().claim("acct", "w3", LEASE, ALL)).isEmpty();
      store().complete(second.lease(), op.id());
      assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void releasingTwiceIsHarmless() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");

      store().release(claim.lease());
      store().release(claim.lease());

      assertThat(reload(op).status()).isEqualTo(OperationStatus.PENDING);
      assertThat(ids(claim("acct", "w2").operations())).containsExactly(op.id());
    }

    @Test
    void anOutcomeUnderAReleasedLeaseIsRefused() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");
      store().release(claim.lease());

      assertThatThrownBy(() -> store().complete(claim.lease(), op.id()))
          .isInstanceOf(LeaseLostException.class);
      assertThat(reload(op).status()).isEqualTo(OperationStatus.PENDING);
    }
  }

  /** Fencing: outcomes under a lease another worker took over are refused and change nothing. */
  @Nested
  class Fencing {
    private PendingOperation op;
    private Claim lost;
    private Claim current;
    private PendingOperation before;

    @BeforeEach
    void takeOver() {
      op = queue(Operation.move(msg("acct", 1), "Archive"));
      read("acct", 1);
      lost = claim("acct", "w1");
      clock().advance(LEASE.plusSeconds(1));
      current = claim("acct", "w2");
      before = reload(op);
    }

    private void assertUnchanged() {
      assertThat(reload(op)).isEqualTo(before);
      assertThat(store().countByStatus("acct"))
          .containsEntry(OperationStatus.IN_FLIGHT, 2L)
          .containsEntry(OperationStatus.COMPLETED, 0L)
          .containsEntry(OperationStatus.FAILED, 0L)
          .containsEntry(OperationStatus.CANCELLED, 0L);
    }

    @Test
    void completeByTheWorkerThatLostTheLeaseIsRefused() {
      assertThatThrownBy(() -> store().complete(lost.lease(), op.id()))
          .isInstanceOf(LeaseLostException.class);
      assertUnchanged();
    }

    @Test
    void rescheduleByTheWorkerThatLostTheLeaseIsRefused() {
      Instant later = clock().instant().plusSeconds(60);
      assertThatThrownBy(() -> store().reschedule(lost.lease(), op.id(), later, "late"))
          .isInstanceOf(LeaseLostException.class);
      assertUnchanged();
    }

    @Test
    void failByTheWorkerThatLostTheLeaseIsRefused() {
      assertThatThrownBy(() -> store().fail(lost.lease(), op.id(), "late"))
          .isInstanceOf(LeaseLostException.class);
      assertUnchanged();
    }

    @Test
    void cancelByTheWorkerThatLostTheLeaseIsRefused() {
      assertThatThrownBy(() -> store().cancel(lost.lease(), op.id(), "late"))
          .isInstanceOf(LeaseLostException.class);
      assertUnchanged();
    }

    @Test
    void saveCheckpointByTheWorkerThatLostTheLeaseIsRefused() {
      assertThatThrownBy(() -> store().saveCheckpoint(lost.lease(), op.id(), checkpoint("Archive")))
          .isInstanceOf(LeaseLostException.class);
      assertUnchanged();
    }

    @Test
    void remapByTheWorkerThatLostTheLeaseIsRefused() {
      MessageRef moved = msgIn("acct", "Archive", 77);
      assertThatThrownBy(() -> store().remap(lost.lease(), msg("acct", 1), moved))
          .isInstanceOf(LeaseLostException.class);
      assertUnchanged();
      assertThat(store().getPending("acct", PageRequest.first(10)).items())
          .allMatch(pending -> pending.message().sameMessage(msg("acct", 1)));
    }

    @Test
    void pauseAccountByTheWorkerThatLostTheLeaseIsRefused() {
      Instant until = clock().instant().plusSeconds(600);
      assertThatThrownBy(() -> store().pauseAccount(lost.lease(), until, "bad password"))
          .isInstanceOf(LeaseLostException.class);
      assertUnchanged();
      assertThat(store().pausedAccounts()).isEmpty();
    }

    @Test
    void theNewHolderRecordsOutcomesAsUsual() {
      store().complete(current.lease(), op.id());

      assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void aForgedTokenIsRefused() {
      Lease forged =
          new Lease("acct", "w2", "not-" + current.lease().token(), current.lease().expiresAt());

      assertThatThrownBy(() -> store().complete(forged, op.id()))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> store().renew(forged, LEASE)).isInstanceOf(LeaseLostException.class);
      assertUnchanged();
    }

    @Test
    void anOperationOfAnotherAccountIsRefused() {
      PendingOperation theirs = read("other", 5);
      Claim other = claim("other", "w3");

      assertThatThrownBy(() -> store().complete(other.lease(), op.id()))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> store().complete(current.lease(), theirs.id()))
          .isInstanceOf(LeaseLostException.class);
      assertUnchanged();
      assertThat(reload(theirs).status()).isEqualTo(OperationStatus.IN_FLIGHT);
    }

    @Test
    void anOperationThatIsNotInFlightIsRefused() {
      PendingOperation unclaimed = read("acct", 9);
      store().complete(current.lease(), op.id());

      assertThatThrownBy(() -> store().complete(current.lease(), unclaimed.id()))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> store().complete(current.lease(), op.id()))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> store().fail(current.lease(), op.id(), "twice"))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> store().complete(current.lease(), op.id() + 1000))
          .isInstanceOf(LeaseLostException.class);
      assertThat(reload(unclaimed).status()).isEqualTo(OperationStatus.PENDING);
      assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    }
  }

  /** What complete, reschedule, fail and cancel record. */
  @Nested
  class Outcomes {
    private PendingOperation op;
    private Claim claim;

    @BeforeEach
    void claimOne() {
      op = read("acct", 1);
      clock().advance(Duration.ofSeconds(1));
      claim = claim("acct", "w1");
      clock().advance(Duration.ofSeconds(2));
    }

    @Test
    void completeRecordsWhenItFinishedAndKeepsTheAttempts() {
      store().complete(claim.lease(), op.id());

      PendingOperation done = reload(op);
      assertThat(done.status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(done.finishedAt()).isEqualTo(START.plusSeconds(3));
      assertThat(done.lastAttemptAt()).isEqualTo(START.plusSeconds(1));
      assertThat(done.attempts()).isZero();
      assertThat(done.lastError()).isNull();
    }

    @Test
    void rescheduleCountsAnAttemptKeepsTheErrorAndMakesItDueLater() {
      store().reschedule(claim.lease(), op.id(), START.plusSeconds(60), "connection lost");

      PendingOperation retried = reload(op);
      assertThat(retried.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(retried.attempts()).isEqualTo(1);
      assertThat(retried.nextAttemptAt()).isEqualTo(START.plusSeconds(60));
      assertThat(retried.lastError()).isEqualTo("connection lost");
      assertThat(retried.lastAttemptAt()).isEqualTo(START.plusSeconds(1));
      assertThat(retried.finishedAt()).isNull();
    }

    @Test
    void everyRescheduleCountsOneMoreAttempt() {
      store().reschedule(claim.lease(), op.id(), START, "first");
      Claim again = claimAfterRelease(claim);
      store().reschedule(again.lease(), op.id(), START, "second");

      assertThat(reload(op).attempts()).isEqualTo(2);
      assertThat(reload(op).lastError()).isEqualTo("second");
    }

    @Test
    void failCountsAnAttemptAndMarksTheOperationFailed() {
      store().reschedule(claim.lease(), op.id(), START, "first");
      Claim again = claimAfterRelease(claim);
      store().fail(again.lease(), op.id(), "message not found");

      PendingOperation failed = reload(op);
      assertThat(failed.status()).isEqualTo(OperationStatus.FAILED);
      assertThat(failed.attempts()).isEqualTo(2);
      assertThat(failed.lastError()).isEqualTo("message not found");
      assertThat(failed.finishedAt()).isEqualTo(START.plusSeconds(3));
    }

    @Test
    void cancelMarksTheOperationCancelledWithItsReasonAndNoAttempt() {
      store().cancel(claim.lease(), op.id(), "superseded by operation 7");

      PendingOperation cancelled = reload(op);
      assertThat(cancelled.status()).isEqualTo(OperationStatus.CANCELLED);
      assertThat(cancelled.attempts()).isZero();
      assertThat(cancelled.lastError()).contains("superseded by operation 7");
      assertThat(cancelled.finishedAt()).isEqualTo(START.plusSeconds(3));
    }

    @Test
    void aLongErrorIsTruncatedButKept() {
      String error = "NO [SERVERBUG] " + "x".repeat(20_000);

      store().fail(claim.lease(), op.id(), error);

      String kept = reload(op).lastError();
      assertThat(kept).isNotNull().hasSizeGreaterThanOrEqualTo(255).hasSizeLessThan(error.length());
      assertThat(error).startsWith(kept);
    }

    @Test
    void truncationNeverSplitsACharacter() {
      String error = "x" + "\uD83D\uDE00".repeat(10_000);

      store().reschedule(claim.lease(), op.id(), START, error);

      String kept = reload(op).lastError();
      assertThat(kept).isNotNull().hasSizeGreaterThanOrEqualTo(255);
      assertThat(error).startsWith(kept);
      assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }

    private Claim claimAfterRelease(Claim held) {
      store().release(held.lease());
      return claim("acct", "w1");
    }
  }

  /** {@link PendingOperationStore#getPending} and {@link PendingOperationStore#getFailed}. */
  @Nested
  class Paging {
    @Test
    void getPendingPagesThroughTheAccountInIdOrder() {
      List<Long> mine = new ArrayList<>();
      for (int uid = 1; uid <= 5; uid++) {
        mine.add(read("acct", uid).id());
        read("other", uid);
      }

      Page<PendingOperation> first = store().getPending("acct", PageRequest.first(2));
      Page<PendingOperation> second = store().getPending("acct", first.next().orElseThrow());
      Page<PendingOperation> third = store().getPending("acct", second.next().orElseThrow());

      assertThat(ids(first.items())).containsExactly(mine.get(0), mine.get(1));
      assertThat(ids(second.items())).containsExactly(mine.get(2), mine.get(3));
      assertThat(ids(third.items())).containsExactly(mine.get(4));
      assertThat(third.next()).isEmpty();
      assertThat(first.next().orElseThrow()).isEqualTo(new PageRequest(mine.get(1), 2));
    }

    @Test
    void aPageThatEndsAtTheLastRowHasNoNextPage() {
      PendingOperation a = read("acct", 1);
      PendingOperation b = read("acct", 2);

      Page<PendingOperation> page = store().getPending("acct", PageRequest.first(2));

      assertThat(ids(page.items())).containsExactly(a.id(), b.id());
      assertThat(page.next()).isEmpty();
    }

    @Test
    void anEmptyListingHasNoItemsAndNoNextPage() {
      read("other", 1);

      assertThat(store().getPending("acct", PageRequest.first(10)).items()).isEmpty();
      assertThat(store().getPending("acct", PageRequest.first(10)).next()).isEmpty();
      assertThat(store().getFailed("acct", PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void getPendingListsPendingAndInFlightOperationsOnly() {
      PendingOperation done = read("acct", 1);
      PendingOperation failed = read("acct", 2);
      PendingOperation cancelled = read("acct", 3);
      PendingOperation inFlight = read("acct", 4);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());
      store().fail(claim.lease(), failed.id(), "gone");
      store().cancel(claim.lease(), cancelled.id(), "superseded");
      PendingOperation waiting = read("acct", 5);

      Page<PendingOperation> page = store().getPending("acct", PageRequest.first(10));

      assertThat(ids(page.items())).containsExactly(inFlight.id(), waiting.id());
      assertThat(page.items())
          .extracting(PendingOperation::status)
          .containsExactly(OperationStatus.IN_FLIGHT, OperationStatus.PENDING);
    }

    @Test
    void getFailedPagesThroughTheAccountsFailedOperationsOnly() {
      List<Long> failed = new ArrayList<>();
      for (int uid = 1; uid <= 3; uid++) {
        failed.add(read("acct", uid).id());
        read("acct", 100 + uid);
      }
      PendingOperation theirs = read("other", 1);
      Claim mine = claim("acct", "w1");
      for (long id : failed) {
        store().fail(mine.lease(), id, "gone " + id);
      }
      store().fail(claim("other", "w2").lease(), theirs.id(), "gone");

      Page<PendingOperation> first = store().getFailed("acct", PageRequest.first(2));
      Page<PendingOperation> second = store().getFailed("acct", first.next().orElseThrow());

      assertThat(ids(first.items())).containsExactly(failed.get(0), failed.get(1));
      assertThat(ids(second.items())).containsExactly(failed.get(2));
      assertThat(second.next()).isEmpty();
      assertThat(first.items()).allMatch(op -> op.status() == OperationStatus.FAILED);
      assertThat(first.items().get(0).lastError()).isEqualTo("gone " + failed.get(0));
    }

    @Test
    void aPageStartsAfterTheGivenId() {
      PendingOperation a = read("acct", 1);
      PendingOperation b = read("acct", 2);
      PendingOperation c = read("acct", 3);

      Page<PendingOperation> page = store().getPending("acct", new PageRequest(a.id(), 10));

      assertThat(ids(page.items())).containsExactly(b.id(), c.id());
      assertThat(store().getPending("acct", new PageRequest(c.id(), 10)).items()).isEmpty();
    }
  }

  /** {@link PendingOperationStore#retry}, {@link PendingOperationStore#retryAllFailed}, discard. */
  @Nested
  class RetryingAndDiscarding {
    private PendingOperation failOne(String account, long uid) {
      PendingOperation op = read(account, uid);
      Claim claim = claim(account, "w-" + uid);
      store().saveCheckpoint(claim.lease(), op.id(), checkpoint("Archive"));
      store().reschedule(claim.lease(), op.id(), clock().instant(), "first");
      store().release(claim.lease());
      Claim again = claim(account, "w-" + uid);
      store().fail(again.lease(), op.id(), "message not found");
      store().release(again.lease());
      return reload(op);
    }

    @Test
    void retryBringsAFailedOperationBackDueNowWithNoAttempts() {
      PendingOperation failed = failOne("acct", 1);
      clock().advance(Duration.ofMinutes(5));

      assertThat(store().retry(failed.id())).isTrue();

      PendingOperation retried = reload(failed);
      assertThat(retried.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(retried.attempts()).isZero();
      assertThat(retried.nextAttemptAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
      assertThat(retried.finishedAt()).isNull();
      assertThat(retried.checkpoint()).isEqualTo(checkpoint("Archive"));
      assertThat(ids(claim("acct", "w9").operations())).containsExactly(failed.id());
    }

    @Test
    void retryOfAnOperationThatIsNotFailedReturnsFalseAndChangesNothing() {
      PendingOperation done = read("acct", 1);
      PendingOperation cancelled = read("acct", 2);
      PendingOperation inFlight = read("acct", 3);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());
      store().cancel(claim.lease(), cancelled.id(), "superseded");
      PendingOperation pending = read("acct", 4);
      List<PendingOperation> before =
          List.of(reload(done), reload(cancelled), reload(inFlight), reload(pending));

      for (PendingOperation op : before) {
        assertThat(store().retry(op.id())).as("retry of %s", op.status()).isFalse();
      }
      assertThat(store().retry(pending.id() + 1000)).isFalse();
      assertThat(List.of(reload(done), reload(cancelled), reload(inFlight), reload(pending)))
          .isEqualTo(before);
    }

    @Test
    void retryAllFailedRetriesEveryFailedOperationOfTheAccountOnly() {
      PendingOperation a = failOne("acct", 1);
      PendingOperation b = failOne("acct", 2);
      PendingOperation theirs = failOne("other", 3);
      PendingOperation pending = read("acct", 4);

      assertThat(store().retryAllFailed("acct")).isEqualTo(2);

      assertThat(reload(a).status()).isEqualTo(OperationStatus.PENDING);
      assertThat(reload(b).status()).isEqualTo(OperationStatus.PENDING);
      assertThat(reload(a).attempts()).isZero();
      assertThat(reload(theirs).status()).isEqualTo(OperationStatus.FAILED);
      assertThat(reload(pending)).isEqualTo(pending);
      assertThat(store().retryAllFailed("acct")).isZero();
    }

    @Test
    void discardCancelsAPendingOperation() {
      PendingOperation op = read("acct", 1);
      clock().advance(Duration.ofSeconds(4));

      assertThat(store().discard(op.id())).isTrue();

      PendingOperation discarded = reload(op);
      assertThat(discarded.status()).isEqualTo(OperationStatus.CANCELLED);
      assertThat(discarded.finishedAt()).isEqualTo(START.plusSeconds(4));
      assertThat(claim("acct", "w1").operations()).isEmpty();
    }

    @Test
    void discardCancelsAFailedOperation() {
      PendingOperation failed = failOne("acct", 1);

      assertThat(store().discard(failed.id())).isTrue();

      assertThat(reload(failed).status()).isEqualTo(OperationStatus.CANCELLED);
      assertThat(store().getFailed("acct", PageRequest.first(10)).items()).isEmpty();
      assertThat(store().retry(failed.id())).isFalse();
    }

    @Test
    void discardRefusesInFlightFinishedAndUnknownOperations() {
      PendingOperation done = read("acct", 1);
      PendingOperation inFlight = read("acct", 2);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());
      PendingOperation doneBefore = reload(done);
      PendingOperation inFlightBefore = reload(inFlight);

      assertThat(store().discard(inFlight.id())).isFalse();
      assertThat(store().discard(done.id())).isFalse();
      assertThat(store().discard(inFlight.id() + 1000)).isFalse();
      assertThat(reload(inFlight)).isEqualTo(inFlightBefore);
      assertThat(reload(done)).isEqualTo(doneBefore);
      store().complete(claim.lease(), inFlight.id());
    }
  }

  /** {@link PendingOperationStore#remap}. */
  @Nested
  class Remapping {
    private final MessageRef from = msg("acct", 1);
    private final MessageRef to = new MessageRef("acct", "Archive", 555, 42, "<moved@example.com>");

    @Test
    void remapRepointsPendingFailedAndInFlightOperationsOfTheMessage() {
      PendingOperation completed = queue(Operation.markRead(from));
      PendingOperation failed = queue(Operation.flag(from));
      Claim earlier = claim("acct", "w1");
      store().complete(earlier.lease(), completed.id());
      store().fail(earlier.lease(), failed.id(), "busy");
      store().release(earlier.lease());
      PendingOperation move = queue(Operation.move(from, "Archive"));
      PendingOperation later = queue(Operation.markUnread(from));
      Claim claim = claim(store(), "acct", "w2", 1);

      int count = store().remap(claim.lease(), from, to);

      assertThat(count).isEqualTo(3);
      assertThat(reload(move).message()).isEqualTo(to);
      assertThat(reload(later).message()).isEqualTo(to);
      assertThat(reload(failed).message()).isEqualTo(to);
      assertThat(reload(completed).message()).isEqualTo(from);
    }

    @Test
    void completeMoveCompletesAndRepointsTheOtherOperationsInOneStep() {
      PendingOperation move = queue(Operation.move(from, "Archive"));
      PendingOperation later = queue(Operation.markRead(from));
      PendingOperation other = read("acct", 2);
      Claim claim = claim(store(), "acct", "w1", 1);

      int count = store().completeMove(claim.lease(), move.id(), to);

      assertThat(count).isEqualTo(1);
      PendingOperation done = reload(move);
      assertThat(done.status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(done.message()).isEqualTo(from);
      assertThat(done.finishedAt()).isEqualTo(START);
      assertThat(reload(later).message()).isEqualTo(to);
      assertThat(reload(other)).isEqualTo(other);
    }

    @Test
    void completeMoveUnderALostLeaseChangesNothing() {
      PendingOperation move = queue(Operation.move(from, "Archive"));
      PendingOperation later = queue(Operation.markRead(from));
      Claim stale = claim(store(), "acct", "w1", 1);
      clock().advance(LEASE.plusSeconds(1));
      claim("acct", "w2");

      assertThatThrownBy(() -> store().completeMove(stale.lease(), move.id(), to))
          .isInstanceOf(LeaseLostException.class);

      assertThat(reload(move).status()).isEqualTo(OperationStatus.IN_FLIGHT);
      assertThat(reload(later).message()).isEqualTo(from);
    }

    @Test
    void remapKeepsEverythingButTheLocation() {
      PendingOperation move =
          store().queue(NewOperation.of(Operation.move(from, "Projects"), "row-1"));
      Claim claim = claim("acct", "w1");
      store().reschedule(claim.lease(), move.id(), START.plusSeconds(5), "busy");
      PendingOperation before = reload(move);

      store().remap(claim.lease(), from, to);

      PendingOperation after = reload(move);
      assertThat(after.operation()).isEqualTo(Operation.move(to, "Projects"));
      assertThat(after.withOperation(before.operation())).isEqualTo(before);
    }

    @Test
    void remapLeavesCancelledOperationsAndOtherMessagesAlone() {
      PendingOperation cancelled = queue(Operation.markRead(from));
      Claim claim = claim("acct", "w1");
      store().cancel(claim.lease(), cancelled.id(), "superseded");
      PendingOperation otherUid = read("acct", 2);
      PendingOperation otherFolder = queue(Operation.markRead(msgIn("acct", "Sent", 1)));
      PendingOperation otherValidity =
          queue(Operation.markRead(new MessageRef("acct", "INBOX", UIDV + 1, 1, null)));
      PendingOperation otherAccount = read("other", 1);

      assertThat(store().remap(claim.lease(), from, to)).isZero();

      assertThat(reload(cancelled).message()).isEqualTo(from);
      assertThat(reload(otherUid)).isEqualTo(otherUid);
      assertThat(reload(otherFolder)).isEqualTo(otherFolder);
      assertThat(reload(otherValidity)).isEqualTo(otherValidity);
      assertThat(reload(otherAccount)).isEqualTo(otherAccount);
    }

    @Test
    void remapIntoAnotherAccountIsRejectedAndChangesNothing() {
      PendingOperation op = queue(Operation.markRead(from));
      Claim claim = claim("acct", "w1");
      MessageRef elsewhere = new MessageRef("other", "Archive", 555, 42, null);
      MessageRef foreign = msg("other", 1);

      assertThatThrownBy(() -> store().remap(claim.lease(), from, elsewhere))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store().remap(claim.lease(), foreign, to))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(reload(op).message()).isEqualTo(from);
    }

    @Test
    void remappedOperationsAreClaimedAtTheNewLocation() {
      PendingOperation move = queue(Operation.move(from, "Archive"));
      PendingOperation later = queue(Operation.flag(from));
      Claim claim = claim(store(), "acct", "w1", 1);
      store().remap(claim.lease(), from, to);
      store().complete(claim.lease(), move.id());
      store().release(claim.lease());

      Claim next = claim("acct", "w2");

      assertThat(next.operations())
          .extracting(PendingOperation::operation)
          .containsExactly(Operation.flag(to));
      assertThat(ids(next.operations())).containsExactly(later.id());
    }
  }

  /** {@link PendingOperationStore#pruneFinished}. */
  @Nested
  class Pruning {
    @Test
    void pruneDeletesOnlyCompletedAndCancelledRowsFinishedBeforeTheBound() {
      PendingOperation done = read("acct", 1);
      PendingOperation cancelled = read("acct", 2);
      PendingOperation failed = read("acct", 3);
      PendingOperation inFlight = read("acct", 4);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());
      store().cancel(claim.lease(), cancelled.id(), "superseded");
      store().fail(claim.lease(), failed.id(), "gone");
      PendingOperation pending = read("acct", 5);
      clock().advance(Duration.ofDays(1));
      PendingOperation recent = read("acct", 6);
      Claim later = claim("other", "w2");
      store().release(claim.lease());
      store().release(later.lease());
      Claim again = claim("acct", "w3");
      store().complete(again.lease(), recent.id());

      int pruned = store().pruneFinished(START.plus(Duration.ofHours(1)), 100);

      assertThat(pruned).isEqualTo(2);
      assertThat(store().get(done.id())).isEmpty();
      assertThat(store().get(cancelled.id())).isEmpty();
      assertThat(store().get(failed.id())).isPresent();
      assertThat(store().get(inFlight.id())).isPresent();
      assertThat(store().get(pending.id())).isPresent();
      assertThat(store().get(recent.id())).isPresent();
    }

    @Test
    void pruneDeletesAtMostMaxRowsPerCall() {
      for (int uid = 1; uid <= 5; uid++) {
        read("acct", uid);
      }
      Claim claim = claim("acct", "w1");
      for (PendingOperation op : claim.operations()) {
        store().complete(claim.lease(), op.id());
      }
      clock().advance(Duration.ofDays(1));

      assertThat(store().pruneFinished(clock().instant(), 2)).isEqualTo(2);
      assertThat(store().pruneFinished(clock().instant(), 2)).isEqualTo(2);
      assertThat(store().pruneFinished(clock().instant(), 2)).isEqualTo(1);
      assertThat(store().pruneFinished(clock().instant(), 2)).isZero();
      assertThat(store().countByStatus("acct")).containsEntry(OperationStatus.COMPLETED, 0L);
    }

    @Test
    void pruneKeepsRowsThatFinishedExactlyAtTheBound() {
      PendingOperation op = read("acct", 1);
      store().complete(claim("acct", "w1").lease(), op.id());

      assertThat(store().pruneFinished(START, 10)).isZero();
      assertThat(store().get(op.id())).isPresent();
      assertThat(store().pruneFinished(START.plusMillis(1), 10)).isEqualTo(1);
    }
  }

  /** {@link PendingOperationStore#accountsWithDueOperations}. */
  @Nested
  class DueAccounts {
    @Test
    void listsAccountsWithDueOperationsOldestWorkFirst() {
      read("b", 1);
      clock().advance(Duration.ofSeconds(1));
      read("a", 1);
      read("b", 2);
      clock().advance(Duration.ofSeconds(1));
      read("c", 1);

      assertThat(store().accountsWithDueOperations(10)).containsExactly("b", "a", "c");
      assertThat(store().accountsWithDueOperations(2)).containsExactly("b", "a");
    }

    @Test
    void excludesAccountsUnderALiveLeaseUntilItLapses() {
      read("acct", 1);
      read("acct", 2);
      claim(store(), "acct", "w1", 1);

      assertThat(store().accountsWithDueOperations(10)).isEmpty();
      clock().advance(LEASE);
      assertThat(store().accountsWithDueOperations(10)).containsExactly("acct");
    }

    @Test
    void includesAnAccountWhoseLapsedLeaseLeftOperationsInFlight() {
      read("acct", 1);
      claim("acct", "w1");
      clock().advance(LEASE.plusSeconds(1));

      assertThat(store().accountsWithDueOperations(10)).containsExactly("acct");
    }

    @Test
    void excludesOperationsNotYetDueAndFinishedOnes() {
      PendingOperation later = read("later", 1);
      PendingOperation done = read("done", 1);
      Claim a = claim("later", "w1");
      store().reschedule(a.lease(), later.id(), START.plusSeconds(30), "busy");
      store().release(a.lease());
      Claim b = claim("done", "w2");
      store().complete(b.lease(), done.id());
      store().release(b.lease());

      assertThat(store().accountsWithDueOperations(10)).isEmpty();
      clock().advance(Duration.ofSeconds(30));
      assertThat(store().accountsWithDueOperations(10)).containsExactly("later");
    }

    @Test
    void excludesAnAccountWhoseDueOperationsAllWaitBehindARetry() {
      PendingOperation move = queue(Operation.move(msg("acct", 1), "Archive"));
      read("acct", 1);
      Claim claim = claim(store(), "acct", "w1", 1);
      store().reschedule(claim.lease(), move.id(), START.plusSeconds(30), "server busy");
      store().release(claim.lease());
      read("other", 1);

      assertThat(store().accountsWithDueOperations(1)).containsExactly("other");
      clock().advance(Duration.ofSeconds(30));
      assertThat(store().accountsWithDueOperations(10)).containsExactly("acct", "other");
    }

    @Test
    void excludesAnAccountWhoseLapsedInFlightOperationsWaitBehindARetry() {
      PendingOperation move = queue(Operation.move(msg("acct", 1), "Archive"));
      read("acct", 1);
      Claim claim = claim("acct", "w1");
      store().reschedule(claim.lease(), move.id(), START.plusSeconds(300), "server busy");
      clock().advance(LEASE.plusSeconds(1));

      assertThat(store().accountsWithDueOperations(10)).isEmpty();
      assertThat(claim("acct", "w2").operations()).isEmpty();
    }

    @Test
    void excludesPausedAccounts() {
      read("acct", 1);
      read("other", 1);
      Claim claim = claim("acct", "w1");
      store().pauseAccount(claim.lease(), START.plusSeconds(60), "bad password");

      assertThat(store().accountsWithDueOperations(10)).containsExactly("other");
      clock().advance(Duration.ofSeconds(60));
      assertThat(store().accountsWithDueOperations(10)).containsExactlyInAnyOrder("acct", "other");
    }

    @Test
    void includesAnAccountAgainAfterItsLeaseIsReleased() {
      read("acct", 1);
      store().release(claim("acct", "w1").lease());

      assertThat(store().accountsWithDueOperations(10)).containsExactly("acct");
    }
  }

  /** {@link PendingOperationStore#countByStatus}. */
  @Nested
  class Counting {
    @Test
    void countsEveryStatusForOneAccountOrAll() {
      PendingOperation done = read("acct", 1);
      PendingOperation failed = read("acct", 2);
      PendingOperation cancelled = read("acct", 3);
      read("acct", 4);
      Claim claim = claim("acct", "w1");
      store().complete(claim.lease(), done.id());
      store().fail(claim.lease(), failed.id(), "gone");
      store().cancel(claim.lease(), cancelled.id(), "superseded");
      read("acct", 5);
      read("acct", 6);
      read("other", 1);

      assertThat(store().countByStatus("acct"))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  OperationStatus.PENDING, 2L,
                  OperationStatus.IN_FLIGHT, 1L,
                  OperationStatus.COMPLETED, 1L,
                  OperationStatus.FAILED, 1L,
                  OperationStatus.CANCELLED, 1L,
                  OperationStatus.CONFLICT, 0L));
      assertThat(store().countByStatus(null)).containsEntry(OperationStatus.PENDING, 3L);
      assertThat(store().countByStatus("nobody"))
          .hasSize(OperationStatus.values().length)
          .containsValues(0L);
      assertThat(store().countByStatus("nobody").values()).containsOnly(0L);
    }
  }

  /** {@link PendingOperationStore#pauseAccount} and friends. */
  @Nested
  class Pausing {
    @Test
    void pauseReleasesTheLeaseAndReturnsInFlightOperationsWithoutAnAttempt() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");

      store().pauseAccount(claim.lease(), START.plusSeconds(300), "authentication failed");

      PendingOperation paused = reload(op);
      assertThat(paused.status()).isEqualTo(OperationStatus.PENDING);
      assertThat(paused.attempts()).isZero();
      assertThatThrownBy(() -> store().complete(claim.lease(), op.id()))
          .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aPausedAccountCannotBeClaimedUntilThePauseEnds() {
      PendingOperation op = read("acct", 1);
      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(300), "bad password");

      clock().advance(Duration.ofSeconds(299));
      assertThat(store().claim("acct", "w2", LEASE, ALL)).isEmpty();
      clock().advance(Duration.ofSeconds(1));
      assertThat(ids(claim("acct", "w2").operations())).containsExactly(op.id());
    }

    @Test
    void pausedAccountsListsCurrentPausesWithTheirEnd() {
      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(300), "bad password");
      store().pauseAccount(claim("other", "w1").lease(), START.plusSeconds(60), "bad token");

      assertThat(store().pausedAccounts())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("acct", START.plusSeconds(300), "other", START.plusSeconds(60)));
      clock().advance(Duration.ofSeconds(60));
      assertThat(store().pausedAccounts()).containsOnlyKeys("acct");
    }

    @Test
    void resumeLiftsAPauseAtOnce() {
      PendingOperation op = read("acct", 1);
      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(300), "bad password");

      assertThat(store().resumeAccount("acct")).isTrue();

      assertThat(store().pausedAccounts()).isEmpty();
      assertThat(ids(claim("acct", "w2").operations())).containsExactly(op.id());
    }

    @Test
    void resumeOfAnAccountThatIsNotPausedReturnsFalse() {
      read("acct", 1);
      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(60), "bad password");
      clock().advance(Duration.ofSeconds(60));

      assertThat(store().resumeAccount("acct")).isFalse();
      assertThat(store().resumeAccount("never-seen")).isFalse();
    }

    @Test
    void aPauseLeavesOtherAccountsAlone() {
      read("acct", 1);
      PendingOperation theirs = read("other", 1);
      store().pauseAccount(claim("acct", "w1").lease(), START.plusSeconds(300), "bad password");

      assertThat(ids(claim("other", "w2").operations())).containsExactly(theirs.id());
    }
  }

  /** {@link PendingOperationStore#saveCheckpoint}. */
  @Nested
  class Checkpoints {
    @Test
    void aCheckpointWithOddCharactersRoundTrips() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");
      Checkpoint odd =
          new Checkpoint(
              "Ordner/Entwürfe, 100% & mehr: \"x\" \\ 'y'",
              7,
              "Archiv/日本語 😀_%",
              4_294_967_295L,
              12,
              Map.of(3L, "<a,b:c&d%e f@ü.example>", 4L, "<'q'\"\\_@x>", 5L, "<😀@example.com>"));

      store().saveCheckpoint(claim.lease(), op.id(), odd);

      assertThat(reload(op).checkpoint()).isEqualTo(odd);
      assertThat(reload(op).status()).isEqualTo(OperationStatus.IN_FLIGHT);
    }

    @Test
    void aLaterCheckpointReplacesAnEarlierOne() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");

      store().saveCheckpoint(claim.lease(), op.id(), checkpoint("Archive"));
      store().saveCheckpoint(claim.lease(), op.id(), checkpoint("Projects"));

      assertThat(reload(op).checkpoint()).isEqualTo(checkpoint("Projects"));
    }

    @Test
    void aCheckpointSurvivesRescheduleReleaseAndTakeover() {
      PendingOperation op = read("acct", 1);
      Claim first = claim("acct", "w1");
      store().saveCheckpoint(first.lease(), op.id(), checkpoint("Archive"));
      store().reschedule(first.lease(), op.id(), START, "connection lost");
      store().release(first.lease());
      Claim second = claim("acct", "w2");
      clock().advance(LEASE.plusSeconds(1));
      Claim third = claim("acct", "w3");

      assertThat(second.operations().get(0).checkpoint()).isEqualTo(checkpoint("Archive"));
      assertThat(third.operations().get(0).checkpoint()).isEqualTo(checkpoint("Archive"));
    }
  }

  /** Bad arguments: a clear exception naming the argument, and nothing written. */
  @Nested
  class BadArguments {
    @Test
    void claimRejectsANullOrBlankAccount() {
      read("acct", 1);

      assertThatThrownBy(() -> store().claim(null, "w1", LEASE, 1))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("account");
      assertThatThrownBy(() -> store().claim(" ", "w1", LEASE, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account");
      assertThat(store().countByStatus("acct")).containsEntry(OperationStatus.PENDING, 1L);
    }

    @Test
    void claimRejectsANullOrBlankOwnerAndTakesNoLease() {
      read("acct", 1);

      assertThatThrownBy(() -> store().claim("acct", null, LEASE, 1))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("owner");
      assertThatThrownBy(() -> store().claim("acct", "", LEASE, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("owner");
      assertThat(ids(claim("acct", "w1").operations())).hasSize(1);
    }

    @Test
    void claimRejectsANonPositiveLeaseDurationAndTakesNoLease() {
      read("acct", 1);

      assertThatThrownBy(() -> store().claim("acct", "w1", null, 1))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("leaseDuration");
      assertThatThrownBy(() -> store().claim("acct", "w1", Duration.ZERO, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leaseDuration");
      assertThatThrownBy(() -> store().claim("acct", "w1", Duration.ofSeconds(-5), 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leaseDuration");
      assertThat(store().countByStatus("acct")).containsEntry(OperationStatus.PENDING, 1L);
      assertThat(ids(claim("acct", "w2").operations())).hasSize(1);
    }

    @Test
    void claimRejectsANonPositiveLimitAndTakesNoLease() {
      read("acct", 1);

      assertThatThrownBy(() -> store().claim("acct", "w1", LEASE, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
      assertThatThrownBy(() -> store().claim("acct", "w1", LEASE, -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
      assertThat(ids(claim("acct", "w2").operations())).hasSize(1);
    }

    @Test
    void renewRejectsANonPositiveDurationAndKeepsTheLease() {
      read("acct", 1);
      Claim claim = claim("acct", "w1");

      assertThatThrownBy(() -> store().renew(claim.lease(), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leaseDuration");
      assertThatThrownBy(() -> store().renew(claim.lease(), null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("leaseDuration");
      assertThat(store().claim("acct", "w2", LEASE, ALL)).isEmpty();
      clock().advance(LEASE);
      assertThat(store().claim("acct", "w2", LEASE, ALL)).isPresent();
    }

    @Test
    void outcomesRejectMissingArgumentsAndChangeNothing() {
      PendingOperation op = read("acct", 1);
      Claim claim = claim("acct", "w1");
      Lease lease = claim.lease();
      PendingOperation before = reload(op);
      long id = op.id();

      assertThatThrownBy(() -> store().complete(null, id))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("lease");
      assertThatThrownBy(() -> store().reschedule(lease, id, null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("nextAttemptAt");
      assertThatThrownBy(() -> store().reschedule(lease, id, START, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("error");
      assertThatThrownBy(() -> store().fail(lease, id, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("error");
      assertThatThrownBy(() -> store().cancel(lease, id, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("reason");
      assertThatThrownBy(() -> store().saveCheckpoint(lease, id, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("checkpoint");
      assertThat(reload(op)).isEqualTo(before);
    }

    @Test
    void remapAndPauseRejectMissingArgumentsAndChangeNothing() {
      PendingOperation op = read("acct", 1);
      Lease lease = claim("acct", "w1").lease();
      MessageRef to = msgIn("acct", "Archive", 5);
      Instant until = START.plusSeconds(60);
      PendingOperation before = reload(op);

      assertThatThrownBy(() -> store().remap(lease, null, to))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("from");
      assertThatThrownBy(() -> store().remap(lease, msg("acct", 1), null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("to");
      assertThatThrownBy(() -> store().pauseAccount(lease, null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("until");
      assertThatThrownBy(() -> store().pauseAccount(lease, until, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("reason");
      assertThat(reload(op)).isEqualTo(before);
      assertThat(store().pausedAccounts()).isEmpty();
    }

    @Test
    void accountQueriesRejectANullOrBlankAccount() {
      PageRequest page = PageRequest.first(10);

      assertThatThrownBy(() -> store().getPending(null, page))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("account");
      assertThatThrownBy(() -> store().getPending(" ", page))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account");
      assertThatThrownBy(() -> store().getFailed("", page))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account");
      assertThatThrownBy(() -> store().getPending("acct", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("page");
      assertThatThrownBy(() -> store().retryAllFailed(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account");
      assertThatThrownBy(() -> store().resumeAccount(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("account");
    }

    @Test
    void leaseCallsRejectANullLease() {
      PendingOperation op = read("acct", 1);
      claim("acct", "w1");
      MessageRef to = msgIn("acct", "Archive", 5);

      assertThatThrownBy(() -> store().renew(null, LEASE))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("lease");
      assertThatThrownBy(() -> store().release(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("lease");
      assertThatThrownBy(() -> store().remap(null, msg("acct", 1), to))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("lease");
      assertThatThrownBy(() -> store().pauseAccount(null, START.plusSeconds(9), "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("lease");
      assertThat(reload(op).status()).isEqualTo(OperationStatus.IN_FLIGHT);
      assertThat(reload(op).message()).isEqualTo(msg("acct", 1));
    }

    @Test
    void countByStatusRejectsABlankAccount() {
      assertThatThrownBy(() -> store().countByStatus(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account");
    }

    @Test
    void maintenanceCallsRejectBadBoundsAndDeleteNothing() {
      PendingOperation op = read("acct", 1);
      store().complete(claim("acct", "w1").lease(), op.id());
      clock().advance(Duration.ofDays(1));

      assertThatThrownBy(() -> store().pruneFinished(null, 10))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("finishedBefore");
      assertThatThrownBy(() -> store().pruneFinished(clock().instant(), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxRows");
      assertThatThrownBy(() -> store().accountsWithDueOperations(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
      assertThat(store().get(op.id())).isPresent();
    }
  }

  /** Text with characters that trip up quoting, escaping, LIKE patterns and encodings. */
  @Nested
  class Strings {
    private static final String ODD = "O'Brien \"q\" \\b 100% a_b ünï 日本 😀";

    @Test
    void oddStringsRoundTripExactly() {
      String account = "acct " + ODD;
      MessageRef ref = new MessageRef(account, "Ordner/" + ODD, UIDV, 1, "<" + ODD + "@ex>");
      PendingOperation op =
          store().queue(NewOperation.of(Operation.restore(ref, "Ziel/" + ODD), "key " + ODD));

      Claim claim = claim(account, "worker " + ODD);
      store().reschedule(claim.lease(), op.id(), START, "error " + ODD);

      PendingOperation read = reload(op);
      assertThat(read.account()).isEqualTo(account);
      assertThat(read.message()).isEqualTo(ref);
      assertThat(read.operation().destination()).isEqualTo("Ziel/" + ODD);
      assertThat(read.messageKey()).isEqualTo("key " + ODD);
      assertThat(read.lastError()).isEqualTo("error " + ODD);
      assertThat(claim.lease().owner()).isEqualTo("worker " + ODD);
      assertThat(ids(store().getPending(account, PageRequest.first(5)).items()))
          .containsExactly(op.id());
      assertThat(store().countByStatus(account)).containsEntry(OperationStatus.PENDING, 1L);
    }

    @Test
    void oddReasonsRoundTripExactly() {
      PendingOperation cancelled = read("acct", 1);
      PendingOperation failed = read("acct", 2);
      Claim claim = claim("acct", "w1");

      store().cancel(claim.lease(), cancelled.id(), "reason " + ODD);
      store().fail(claim.lease(), failed.id(), "error " + ODD);
      store().release(claim.lease());
      store().pauseAccount(claim("acct", "w2").lease(), START.plusSeconds(9), "pause " + ODD);

      assertThat(reload(cancelled).lastError()).contains("reason " + ODD);
      assertThat(reload(failed).lastError()).isEqualTo("error " + ODD);
      assertThat(store().pausedAccounts()).containsEntry("acct", START.plusSeconds(9));
    }

    @Test
    void accountKeysWithWildcardsMatchOnlyThemselves() {
      PendingOperation percent = read("a%", 1);
      PendingOperation underscore = read("a_", 1);
      read("ab", 1);
      read("abc", 1);

      assertThat(ids(store().getPending("a_", PageRequest.first(10)).items()))
          .containsExactly(underscore.id());
      assertThat(store().countByStatus("a%")).containsEntry(OperationStatus.PENDING, 1L);
      assertThat(ids(claim("a%", "w1").operations())).containsExactly(percent.id());
      assertThat(ids(claim("a_", "w1").operations())).containsExactly(underscore.id());
      assertThat(store().countByStatus("ab")).containsEntry(OperationStatus.PENDING, 1L);
    }

    @Test
    void accountKeysAndFoldersMatchExactlyWithCaseAndTrailingSpaces() {
      PendingOperation lower = read("acct", 1);
      PendingOperation upper = read("ACCT", 1);
      PendingOperation spaced = read("acct ", 1);
      PendingOperation archive = queue(Operation.markRead(msgIn("acct", "Archive", 1)));
      PendingOperation archiveLower = queue(Operation.markRead(msgIn("acct", "archive", 1)));
      Lease lease = claim("acct", "w1").lease();

      store().remap(lease, msgIn("acct", "Archive", 1), msgIn("acct", "Archive2", 1));

      assertThat(reload(lower).status()).isEqualTo(OperationStatus.IN_FLIGHT);
      assertThat(reload(upper).status()).isEqualTo(OperationStatus.PENDING);
      assertThat(reload(spaced).status()).isEqualTo(OperationStatus.PENDING);
      assertThat(reload(archive).message().folder()).isEqualTo("Archive2");
      assertThat(reload(archiveLower).message().folder()).isEqualTo("archive");
    }
  }

  /** Several workers, threads and store instances on one queue. Tagged slow; CI runs it. */
  @Nested
  @Tag("slow")
  class Concurrency {
    private static final int ACCOUNTS = 12;
    private static final int OPERATIONS_PER_ACCOUNT = 15;
    private static final int WORKERS = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @Test
    void concurrentWorkersNeverShareAnOperationAndCompleteEachOnceInOrder() throws Exception {
      Map<Long, String> accountOf = queueMany();
      Map<Long, AtomicInteger> handedOut = new ConcurrentHashMap<>();
      Map<String, List<Long>> completedInOrder = new ConcurrentHashMap<>();
      Set<Long> held = ConcurrentHashMap.newKeySet();
      List<String> violations = new CopyOnWriteArrayList<>();
      AtomicInteger completed = new AtomicInteger();

      runWorkers(
          (name, on) -> {
            for (String account : shuffledDueAccounts(on)) {
              Optional<Claim> maybe = on.claim(account, name, LEASE, 5);
              if (maybe.isEmpty()) {
                continue;
              }
              Claim claim = maybe.get();
              for (PendingOperation op : claim.operations()) {
                handedOut.computeIfAbsent(op.id(), id -> new AtomicInteger()).incrementAndGet();
                if (!held.add(op.id())) {
                  violations.add("operation " + op.id() + " handed out while held by another");
                }
                on.complete(claim.lease(), op.id());
                completedInOrder
                    .computeIfAbsent(account, a -> new CopyOnWriteArrayList<>())
                    .add(op.id());
                completed.incrementAndGet();
                held.remove(op.id());
              }
              on.release(claim.lease());
            }
            return completed.get() >= accountOf.size();
          });

      assertThat(violations).isEmpty();
      assertThat(handedOut.keySet()).isEqualTo(accountOf.keySet());
      assertThat(handedOut.values()).allMatch(count -> count.get() == 1);
      completedInOrder.forEach(
          (account, order) -> assertThat(order).as("completion order of %s", account).isSorted());
      assertEverythingCompleted(accountOf);
    }

    @Test
    void workersThatCrashLeaveNothingBehindAndNothingIsCompletedTwice() throws Exception {
      Map<Long, String> accountOf = queueMany();
      Map<Long, AtomicInteger> completions = new ConcurrentHashMap<>();
      AtomicInteger completed = new AtomicInteger();
      AtomicInteger crashes = new AtomicInteger();

      runWorkers(
          (name, on) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (String account : shuffledDueAccounts(on)) {
              Optional<Claim> maybe = on.claim(account, name, LEASE, 4);
              if (maybe.isEmpty()) {
                continue;
              }
              Claim claim = maybe.get();
              boolean crashed = false;
              try {
                for (PendingOperation op : claim.operations()) {
                  if (random.nextInt(10) == 0) {
                    // This worker dies holding the lease; time passes so that the lease lapses.
                    crashed = true;
                    crashes.incrementAndGet();
                    clock().advance(LEASE.plusSeconds(1));
                    break;
                  }
                  on.complete(claim.lease(), op.id());
                  completions.computeIfAbsent(op.id(), id -> new AtomicInteger()).incrementAndGet();
                  completed.incrementAndGet();
                }
                if (!crashed) {
                  on.release(claim.lease());
                }
              } catch (LeaseLostException e) {
                // Another worker took the account over: stop working on it, as a worker must.
              }
            }
            return completed.get() >= accountOf.size();
          });

      assertThat(crashes.get()).as("workers crashed").isPositive();
      assertThat(completions.keySet()).isEqualTo(accountOf.keySet());
      assertThat(completions.values()).allMatch(count -> count.get() == 1);
      assertEverythingCompleted(accountOf);
    }

    private Map<Long, String> queueMany() {
      List<NewOperation> batch = new ArrayList<>();
      for (int n = 0; n < OPERATIONS_PER_ACCOUNT; n++) {
        for (int a = 0; a < ACCOUNTS; a++) {
          batch.add(NewOperation.of(Operation.markRead(msg("acct-" + a, n + 1))));
        }
      }
      Map<Long, String> accountOf = new ConcurrentHashMap<>();
      for (PendingOperation op : store().queueAll(batch)) {
        accountOf.put(op.id(), op.account());
      }
      return accountOf;
    }

    private List<String> shuffledDueAccounts(PendingOperationStore on) {
      List<String> due = new ArrayList<>(on.accountsWithDueOperations(ACCOUNTS));
      Collections.shuffle(due);
      return due;
    }

    /**
     * Runs the round on every worker until one reports that all is done. The first failure of any
     * worker stops them all and fails the test.
     */
    private void runWorkers(Round round) throws Exception {
      List<PendingOperationStore> instances = List.of(store(), otherInstance());
      ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean done = new AtomicBoolean();
      Instant deadline = Instant.now().plus(DEADLINE);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
          String name = "worker-" + w;
          PendingOperationStore on = instances.get(w % instances.size());
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      while (!done.get()) {
                        if (round.run(name, on)) {
                          done.set(true);
                        } else if (Instant.now().isAfter(deadline)) {
                          throw new AssertionError(
                              name + " did not finish; counts: " + store().countByStatus(null));
                        } else {
                          Thread.sleep(1); // nothing claimable now: others hold the accounts
                        }
                      }
                    } catch (Throwable e) {
                      done.set(true);
                      throw e;
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          try {
            future.get(DEADLINE.toSeconds() + 30, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            throw new AssertionError("a worker failed: " + e.getCause(), e.getCause());
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }

    private void assertEverythingCompleted(Map<Long, String> accountOf) {
      assertThat(store().countByStatus(null))
          .containsEntry(OperationStatus.COMPLETED, (long) accountOf.size())
          .containsEntry(OperationStatus.PENDING, 0L)
          .containsEntry(OperationStatus.IN_FLIGHT, 0L);
      for (String account : new HashSet<>(accountOf.values())) {
        assertThat(store().getPending(account, PageRequest.first(10)).items()).isEmpty();
      }
    }
  }

  /** One pass of a worker over the due accounts; returns true when all work is done. */
  @FunctionalInterface
  private interface Round {
    boolean run(String worker, PendingOperationStore on) throws Exception;
  }

  static Checkpoint checkpoint(String destination) {
    return new Checkpoint(
        "INBOX", UIDV, destination, 99, 1000, Map.of(1L, "<1@example.com>", 2L, "<2@example.com>"));
  }

  /** {@link PendingOperationStore#record} and group checkpoints. */
  @Nested
  class BatchRecording extends RecordingContract {
    BatchRecording() {
      super(PendingOperationStoreContract.this);
    }
  }

  /** {@link PendingOperationStore#finishedSince}. */
  @Nested
  class FinishedFeed extends FeedContract {
    FinishedFeed() {
      super(PendingOperationStoreContract.this);
    }
  }

  /** Forwarding on {@link PendingOperationStore#claim}. */
  @Nested
  class Forwarding extends ForwardingContract {
    Forwarding() {
      super(PendingOperationStoreContract.this);
    }
  }

  /** Folder operations: a barrier in the account's order, and their follow-up. */
  @Nested
  class Folders extends FolderContract {
    Folders() {
      super(PendingOperationStoreContract.this);
    }
  }

  /** Conflicts of checked flag changes. */
  @Nested
  class Conflicts extends ConflictContract {
    Conflicts() {
      super(PendingOperationStoreContract.this);
    }
  }

  /** A completed copy: its location kept and fed, nothing re-pointed or forwarded. */
  @Nested
  class Copies extends CopyContract {
    Copies() {
      super(PendingOperationStoreContract.this);
    }
  }

  /** Appends and replaces: their message, checkpoint and new location kept. */
  @Nested
  class Appends extends AppendContract {
    Appends() {
      super(PendingOperationStoreContract.this);
    }
  }
}
