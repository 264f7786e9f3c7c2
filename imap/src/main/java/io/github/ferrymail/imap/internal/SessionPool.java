package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.imap.AtomicImapSession;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's IMAP sessions: at most {@code maxSessions} open over all accounts and {@code
 * maxPerAccount} per account, idle ones closed after {@code idleTimeout}, the least recently used
 * idle one closed to make room for another account. A batch {@linkplain #borrow borrows} a session
 * for its duration; when every place is taken it waits, up to {@code acquireTimeout}.
 *
 * <p>An account can instead run on a session the embedder {@linkplain #lend lends} (over its own
 * connection): while the loan lasts the pool opens none of its own for the account, and the lent
 * session, counted in no limit, serves one batch at a time.
 *
 * <p>One lock guards all state; sessions are opened and closed outside it, since a login or a
 * LOGOUT is a network round trip.
 */
public final class SessionPool {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

  private final int maxSessions;
  private final int maxPerAccount;
  private final long idleNanos;
  private final long acquireNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition returned = lock.newCondition();
  private final Map<String, Slots> accounts = new HashMap<>();
  // Idle pooled sessions of every account, least recently used first.
  private final LinkedHashSet<Pooled> idle = new LinkedHashSet<>();
  private int open; // pooled sessions open or being opened, busy or idle; lent ones not counted
  private boolean closed;

  /**
   * Creates the pool.
   *
   * @param maxSessions the most pooled sessions open at once
   * @param maxPerAccount the most pooled sessions of one account
   * @param idleTimeout how long an unused session stays open
   * @param acquireTimeout how long a batch waits for a free place
   * @param nanoTime the clock that ages idle sessions ({@link System#nanoTime} but in tests)
   */
  public SessionPool(
      int maxSessions,
      int maxPerAccount,
      Duration idleTimeout,
      Duration acquireTimeout,
      LongSupplier nanoTime) {
    this.maxSessions = maxSessions;
    this.maxPerAccount = maxPerAccount;
    this.idleNanos = idleTimeout.toNanos();
    this.acquireNanos = acquireTimeout.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A session borrowed for one batch; closing it gives it back. */
  public interface Borrowed extends AutoCloseable {
    /**
     * The session.
     *
     * @return the session
     */
    AtomicImapSession session();

    /** Gives the session back to the pool. */
    @Override
    void close();
  }

  /**
   * Borrows a session of the account: its lent one, else an idle one of its own, else a new one
   * from {@code opener} (closing the least recently used idle session of another account when the
   * pool is full), else waits for one to come back.
   *
   * @param account the account key
   * @param opener opens and logs in a new session of the account
   * @return the borrowed session; close it when the batch is done
   * @throws OperationFailedException ({@link FailureReason#TIMEOUT}) when no session came free in
   *     time, or as the opener throws it
   */
  public Borrowed borrow(String account, Supplier<AtomicImapSession> opener) {
    List<AtomicImapSession> toClose = new ArrayList<>();
    Slots slots;
    lock.lock();
    try {
      // Waiting is real time (the condition's clock), whatever clock ages idle sessions.
      long deadline = System.nanoTime() + acquireNanos;
      while (true) {
        if (closed) {
          throw new IllegalStateException("executor is closed");
        }
        slots = accounts.computeIfAbsent(account, a -> new Slots());
        if (slots.loan != null) {
          Loan loan = slots.loan;
          if (!loan.busy) {
            loan.busy = true;
            return loan;
          }
        } else if (!slots.idle.isEmpty()) {
          Pooled pooled = slots.idle.pop();
          idle.remove(pooled);
          slots.busy++;
          return pooled;
        } else if (slots.busy < maxPerAccount) {
          if (open < maxSessions) {
            open++;
            slots.busy++;
            break; // opened below, outside the lock
          }
          Pooled lru = idle.isEmpty() ? null : idle.iterator().next();
          if (lru != null) {
            discard(lru);
            toClose.add(lru.session);
            continue;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new OperationFailedException(
              FailureReason.TIMEOUT,
              "no IMAP session for account "
                  + account
                  + " came free within "
                  + Duration.ofNanos(acquireNanos)
                  + " ("
                  + open
                  + " of at most "
                  + maxSessions
                  + " open, "
                  + slots.busy
                  + " of at most "
                  + maxPerAccount
                  + " of this account in use): raise maxSessions, or run fewer workers",
              null);
        }
        try {
          returned.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new OperationFailedException(
              FailureReason.TIMEOUT, "interrupted waiting for an IMAP session of " + account, e);
        }
      }
    } finally {
      lock.unlock();
      closeAll(toClose, "least recently used");
    }
    return openNew(account, slots, opener);
  }

  private Pooled openNew(String account, Slots slots, Supplier<AtomicImapSession> opener) {
    try {
      AtomicImapSession session = opener.get();
      LOG.debug("Opened an IMAP session for {} ({} open)", account, open);
      return new Pooled(account, slots, slots.generation, session);
    } catch (RuntimeException | Error e) {
      lock.lock();
      try {
        open--;
        slots.busy--;
        returned.signalAll();
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  /**
   * Runs the account on {@code session} until the returned loan is closed, closing the account's
   * idle sessions of its own now and its busy ones when their batch ends.
   *
   * @param account the account key
   * @param session a session over the embedder's connection
   * @return what ends the loan: it waits for a batch running on the session, then closes the
   *     session, which must leave its connection to the embedder
   * @throws IllegalStateException when the account already runs on a lent session
   */
  public Runnable lend(String account, AtomicImapSession session) {
    List<AtomicImapSession> toClose = new ArrayList<>();
    Loan loan;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("executor is closed");
      }
      Slots slots = accounts.computeIfAbsent(account, a -> new Slots());
      if (slots.loan != null) {
        throw new IllegalStateException("account " + account + " already runs on a lent store");
      }
      loan = new Loan(account, slots, session);
      slots.loan = loan;
      toClose.addAll(retire(slots));
    } finally {
      lock.unlock();
    }
    closeAll(toClose, "replaced by a lent store");
    return loan::end;
  }

  /**
   * Closes the account's sessions: idle ones now, busy ones when their batch ends. A lent one is
   * left to its loan.
   *
   * @param account the account key
   */
  public void evict(String account) {
    List<AtomicImapSession> toClose;
    lock.lock();
    try {
      Slots slots = accounts.get(account);
      toClose = slots == null ? List.of() : retire(slots);
    } finally {
      lock.unlock();
    }
    closeAll(toClose, "evicted");
  }

  /** Closes the sessions that have been idle for the idle timeout or longer. */
  public void closeIdle() {
    List<AtomicImapSession> toClose = new ArrayList<>();
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      for (Iterator<Pooled> it = idle.iterator(); it.hasNext(); ) {
        Pooled pooled = it.next();
        if (now - pooled.lastUsed < idleNanos) {
          break; // least recently used first: the rest are younger
        }
        it.remove();
        pooled.slots.idle.remove(pooled);
        open--;
        toClose.add(pooled.session);
      }
      if (!toClose.isEmpty()) {
        returned.signalAll();
      }
    } finally {
      lock.unlock();
    }
    closeAll(toClose, "idle");
  }

  /**
   * Pooled sessions open now, busy or idle (lent ones not counted).
   *
   * @return the count
   */
  public int openSessions() {
    lock.lock();
    try {
      return open;
    } finally {
      lock.unlock();
    }
  }

  /** Closes every idle session and refuses new borrowers; busy ones close when given back. */
  public void close() {
    List<AtomicImapSession> toClose = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      for (Slots slots : accounts.values()) {
        toClose.addAll(retire(slots));
      }
      returned.signalAll();
    } finally {
      lock.unlock();
    }
    closeAll(toClose, "executor closed");
  }

  /** Under the lock: takes the account's idle sessions out, and marks its busy ones to close. */
  private List<AtomicImapSession> retire(Slots slots) {
    slots.generation++;
    List<AtomicImapSession> out = new ArrayList<>();
    for (Pooled pooled : slots.idle) {
      idle.remove(pooled);
      open--;
      out.add(pooled.session);
    }
    slots.idle.clear();
    returned.signalAll();
    return out;
  }

  /** Under the lock: removes an idle session from the pool, to be closed by the caller. */
  private void discard(Pooled pooled) {
    idle.remove(pooled);
    pooled.slots.idle.remove(pooled);
    open--;
    LOG.debug("Closing the least recently used IMAP session ({}) to make room", pooled.account);
  }

  private static void closeAll(List<AtomicImapSession> sessions, String why) {
    for (AtomicImapSession session : sessions) {
      try {
        session.close();
      } catch (RuntimeException e) {
        LOG.debug("Ignoring a failure to close a session ({})", why, e);
      }
    }
  }

  /** One account's places. */
  private static final class Slots {
    // Most recently given back first: the oldest idle ones are left to time out.
    final Deque<Pooled> idle = new ArrayDeque<>();
    int busy;
    int generation;
    @Nullable Loan loan;
  }

  private final class Pooled implements Borrowed {
    final String account;
    final Slots slots;
    final int generation;
    final AtomicImapSession session;
    long lastUsed;

    Pooled(String account, Slots slots, int generation, AtomicImapSession session) {
      this.account = account;
      this.slots = slots;
      this.generation = generation;
      this.session = session;
    }

    @Override
    public AtomicImapSession session() {
      return session;
    }

    @Override
    public void close() {
      boolean keep;
      lock.lock();
      try {
        slots.busy--;
        keep = !closed && generation == slots.generation && slots.loan == null;
        if (keep) {
          lastUsed = nanoTime.getAsLong();
          slots.idle.push(this);
          idle.add(this);
        } else {
          open--;
        }
        returned.signalAll();
      } finally {
        lock.unlock();
      }
      if (!keep) {
        closeAll(List.of(session), "retired while in use");
      }
    }
  }

  private final class Loan implements Borrowed {
    final String account;
    final Slots slots;
    final AtomicImapSession session;
    boolean busy;

    Loan(String account, Slots slots, AtomicImapSession session) {
      this.account = account;
      this.slots = slots;
      this.session = session;
    }

    @Override
    public AtomicImapSession session() {
      return session;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        busy = false;
        returned.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** Ends the loan once no batch runs on it; the session's connection stays the embedder's. */
    void end() {
      lock.lock();
      try {
        while (busy) {
          returned.awaitUninterruptibly();
        }
        if (slots.loan == this) {
          slots.loan = null;
        }
        returned.signalAll();
      } finally {
        lock.unlock();
      }
      closeAll(List.of(session), "loan ended");
      LOG.debug("Account {} no longer runs on a lent store", account);
    }
  }

  /**
   * How often the idle sweep should run for an idle timeout: often enough that a session is closed
   * within a few seconds of its time, at most once a second.
   *
   * @param idleTimeout the idle timeout
   * @return the sweep period in milliseconds
   */
  public static long sweepPeriodMillis(Duration idleTimeout) {
    return Math.max(1_000, Math.min(TimeUnit.SECONDS.toMillis(30), idleTimeout.toMillis() / 4));
  }
}
