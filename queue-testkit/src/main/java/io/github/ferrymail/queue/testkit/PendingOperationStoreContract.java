package io.github.ferrymail.queue.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.SettableClock;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
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
    void everyKindRoundTripsWithMessageKeyMessageIdAndDestination() {
      MessageRef ref = new MessageRef("acct", "Archive/2026", 42, 4_294_967_295L, "<a@b.example>");
      for (OperationKind kind : OperationKind.values()) {
        String destination = kind.needsDestination() ? "Projects/Ferry" : null;
        Operation operation = Operation.of(kind, ref, destination);

        PendingOperation stored = store().queue(NewOperation.of(operation, "row-" + kind));

        PendingOperation read = reload(stored);
        assertThat(read).isEqualTo(stored);
        assertThat(read.operation()).as(kind.name()).isEqualTo(operation);
        assertThat(read.message().messageId()).isEqualTo("<a@b.example>");
        assertThat(read.operation().destination()).isEqualTo(destination);
        assertThat(read.messageKey()).isEqualTo("row-" + kind);
      }
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
}
