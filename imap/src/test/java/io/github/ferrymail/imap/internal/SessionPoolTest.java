package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.imap.AtomicImapSession;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pool's rules with sessions that only record whether they were closed, on a clock the test
 * moves: limits, least recently used first out, idle timeout, waiting, eviction and loans.
 */
class SessionPoolTest {
  private static final Duration IDLE = Duration.ofMinutes(5);

  private final AtomicLong nanos = new AtomicLong();
  private final List<Fake> opened = new ArrayList<>();

  private SessionPool pool(int max, int perAccount, Duration acquire) {
    return new SessionPool(max, perAccount, IDLE, acquire, nanos::get);
  }

  private SessionPool pool(int max) {
    return pool(max, 1, Duration.ofMillis(200));
  }

  private SessionPool.Borrowed borrow(SessionPool pool, String account) {
    return pool.borrow(
        account,
        () -> {
          Fake fake = new Fake(account);
          synchronized (opened) {
            opened.add(fake);
          }
          return fake.session;
        });
  }

  private void later(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aGivenBackSessionServesTheAccountsNextBatch() {
    SessionPool pool = pool(10);
    AtomicImapSession first;
    try (SessionPool.Borrowed b = borrow(pool, "a")) {
      first = b.session();
    }
    try (SessionPool.Borrowed b = borrow(pool, "a")) {
      assertThat(b.session()).isSameAs(first);
    }
    assertThat(opened).hasSize(1);
    assertThat(pool.openSessions()).isEqualTo(1);
  }

  @Test
  void aFullPoolClosesTheLeastRecentlyUsedIdleSessionForAnotherAccount() {
    SessionPool pool = pool(2);
    borrow(pool, "a").close();
    later(Duration.ofSeconds(1));
    borrow(pool, "b").close();
    later(Duration.ofSeconds(1));
    borrow(pool, "a").close(); // a is now the most recently used

    borrow(pool, "c").close();

    assertThat(pool.openSessions()).isEqualTo(2);
    assertThat(opened)
        .extracting(f -> f.account + (f.closed ? " closed" : " open"))
        .containsExactly("a open", "b closed", "c open");
  }

  @Test
  void sessionsIdleForTheTimeoutAreClosedAndYoungerOnesKept() {
    SessionPool pool = pool(10);
    borrow(pool, "a").close();
    later(IDLE.minusMinutes(1));
    borrow(pool, "b").close();
    later(Duration.ofMinutes(1));

    pool.closeIdle();

    assertThat(opened).extracting(f -> f.closed).containsExactly(true, false);
    assertThat(pool.openSessions()).isEqualTo(1);
  }

  @Test
  void aBusySessionIsNeverClosedForIdlenessOrToMakeRoom() {
    SessionPool pool = pool(1);
    SessionPool.Borrowed busy = borrow(pool, "a");
    later(IDLE.multipliedBy(2));
    pool.closeIdle();

    assertThatThrownBy(() -> borrow(pool, "b"))
        .isInstanceOfSatisfying(
            OperationFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT))
        .hasMessageContaining("account b")
        .hasMessageContaining("1 of at most 1 open");
    assertThat(opened.get(0).closed).isFalse();
    busy.close();
  }

  @Test
  void aBatchWaitsForTheOnlySessionOfItsAccount() throws Exception {
    SessionPool pool = pool(10, 1, Duration.ofSeconds(30));
    SessionPool.Borrowed first = borrow(pool, "a");
    CompletableFuture<AtomicImapSession> second =
        CompletableFuture.supplyAsync(
            () -> {
              try (SessionPool.Borrowed b = borrow(pool, "a")) {
                return b.session();
              }
            });
    Thread.sleep(200);
    assertThat(second).as("waits while the account's one session is busy").isNotDone();

    first.close();

    assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(first.session());
    assertThat(opened).hasSize(1);
  }

  @Test
  void twoSessionsPerAccountWhenConfigured() {
    SessionPool pool = pool(10, 2, Duration.ofMillis(100));
    SessionPool.Borrowed one = borrow(pool, "a");
    SessionPool.Borrowed two = borrow(pool, "a");

    assertThat(two.session()).isNotSameAs(one.session());
    assertThatThrownBy(() -> borrow(pool, "a")).isInstanceOf(OperationFailedException.class);
    one.close();
    two.close();
  }

  @Test
  void aSessionThatCouldNotBeOpenedFreesItsPlace() {
    SessionPool pool = pool(1);
    assertThatThrownBy(
            () ->
                pool.borrow(
                    "a",
                    () -> {
                      throw new OperationFailedException(
                          FailureReason.CONNECTION_LOST, "refused", null);
                    }))
        .hasMessage("refused");

    borrow(pool, "b").close();

    assertThat(pool.openSessions()).isEqualTo(1);
  }

  @Test
  void evictClosesIdleSessionsNowAndBusyOnesWhenGivenBack() {
    SessionPool pool = pool(10, 2, Duration.ofMillis(100));
    SessionPool.Borrowed busy = borrow(pool, "a");
    borrow(pool, "a").close();

    pool.evict("a");

    assertThat(opened).extracting(f -> f.closed).containsExactly(false, true);
    busy.close();
    assertThat(opened.get(0).closed).isTrue();
    assertThat(pool.openSessions()).isZero();
  }

  @Test
  void aLoanServesTheAccountAndReplacesItsOwnSessions() {
    SessionPool pool = pool(10);
    borrow(pool, "a").close();
    Fake lent = new Fake("a");

    Runnable endLoan = pool.lend("a", lent.session);

    assertThat(opened.get(0).closed).as("the account's own session").isTrue();
    assertThat(pool.openSessions()).isZero();
    try (SessionPool.Borrowed b = borrow(pool, "a")) {
      assertThat(b.session()).isSameAs(lent.session);
    }
    assertThatThrownBy(() -> pool.lend("a", new Fake("a").session))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already");

    endLoan.run();

    assertThat(lent.closed).as("the loan's session wrapper").isTrue();
    try (SessionPool.Borrowed b = borrow(pool, "a")) {
      assertThat(b.session()).isNotSameAs(lent.session);
    }
  }

  @Test
  void endingALoanWaitsForTheBatchRunningOnIt() throws Exception {
    SessionPool pool = pool(10);
    Fake lent = new Fake("a");
    Runnable endLoan = pool.lend("a", lent.session);
    SessionPool.Borrowed batch = borrow(pool, "a");

    CompletableFuture<Void> ended = CompletableFuture.runAsync(endLoan);
    Thread.sleep(200);
    assertThat(ended).isNotDone();
    assertThat(lent.closed).isFalse();

    batch.close();
    ended.get(10, TimeUnit.SECONDS);
    assertThat(lent.closed).isTrue();
  }

  @Test
  void aClosedPoolClosesIdleSessionsAndRefusesBorrowers() {
    SessionPool pool = pool(10);
    SessionPool.Borrowed busy = borrow(pool, "a");
    borrow(pool, "b").close();

    pool.close();

    assertThat(opened).extracting(f -> f.closed).containsExactly(false, true);
    busy.close();
    assertThat(opened.get(0).closed).isTrue();
    assertThatThrownBy(() -> borrow(pool, "a")).isInstanceOf(IllegalStateException.class);
  }

  /** A session that only knows whether it was closed. */
  private static final class Fake {
    final String account;
    volatile boolean closed;
    final AtomicImapSession session;

    Fake(String account) {
      this.account = account;
      this.session =
          (AtomicImapSession)
              Proxy.newProxyInstance(
                  AtomicImapSession.class.getClassLoader(),
                  new Class<?>[] {AtomicImapSession.class},
                  (proxy, method, args) -> {
                    switch (method.getName()) {
                      case "close":
                        closed = true;
                        return null;
                      case "toString":
                        return "session of " + account;
                      case "hashCode":
                        return System.identityHashCode(proxy);
                      case "equals":
                        return proxy == args[0];
                      default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                  });
    }
  }
}
