package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays queued operations against the server: claims an account's due operations under a lease,
 * coalesces them, batches them per folder and kind, executes them through the {@link
 * OperationExecutor} and records every outcome.
 *
 * <p>Two ways to run it:
 *
 * <ul>
 *   <li>On demand: {@link #processPendingOperations(String)} drains one account now, on the calling
 *       thread (a sync engine calls it after fetching messages). {@link #processAllDue()} does so
 *       for every account with due work: the "manual mode" for tests.
 *   <li>In the background: {@link #start()} polls the store for accounts with due work and hands
 *       each to a worker pool; {@link #nudge(String)} (called by {@link #queue}) starts an account
 *       at once; {@link #close()} stops claiming, lets running passes finish within the shutdown
 *       timeout and releases their leases.
 * </ul>
 *
 * <p>Order: per account, operations take effect in queue order, with one refinement: flag changes
 * queued before a message's move run before it (MOVE carries flags along), and those queued after
 * it run on the new location once the move succeeded. When an operation fails and waits for a
 * retry, later operations on the <em>same message</em> wait behind it; operations on other messages
 * go on, since they cannot change its outcome. Several processors on several machines may share one
 * store: the per-account lease keeps each account on one worker at a time.
 */
public final class QueueProcessor implements AutoCloseable {
  /** How long a claim holds an account unless renewed (it is renewed every third of it). */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(60);

  /** The most operations claimed at once for one account. */
  public static final int DEFAULT_CLAIM_LIMIT = 1000;

  /** The most operations in one executor batch (the executor chunks commands further). */
  public static final int DEFAULT_MAX_BATCH_SIZE = 500;

  /** How often the background mode looks for accounts with due work. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

  /** The shortest poll interval accepted, so that idle processors do not hammer the database. */
  public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(100);

  /** Worker threads of the background mode. */
  public static final int DEFAULT_WORKER_THREADS = 4;

  /** How long {@link #close()} waits for running passes. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  /** The most claim-and-run passes one call of {@link #processPendingOperations} makes. */
  public static final int DEFAULT_MAX_PASSES = 20;

  /**
   * The longest lease, poll interval and shutdown timeout accepted: longer ones are configuration
   * errors, and they keep the scheduler's millisecond arithmetic from overflowing.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  /** The most worker threads accepted (the poller asks for four accounts per thread). */
  public static final int MAX_WORKER_THREADS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(QueueProcessor.class);

  private final ProcessorContext ctx;
  private final String workerId;
  private final Duration leaseDuration;
  private final int claimLimit;
  private final int maxPasses;
  private final Duration pollInterval;
  private final int workerThreads;
  private final Duration shutdownTimeout;
  private final @Nullable ThreadFactory workerThreadFactory;
  private final QueueAdmin admin;
  private final ScheduledExecutorService renewer;
  private final UnreleasedLeases unreleased;
  private final Set<String> activeAccounts = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean repollQueued = new AtomicBoolean();

  /** Accounts handed to the workers whose turn has not come yet. */
  private final AtomicInteger waiting = new AtomicInteger();

  private volatile boolean lastPollFull;
  private final Object lifecycle = new Object();

  private @Nullable ScheduledExecutorService poller;
  private @Nullable ExecutorService workers;
  private volatile boolean running;
  private volatile boolean closed;

  private QueueProcessor(Builder b) {
    this.ctx =
        new ProcessorContext(
            b.store,
            b.executor,
            b.retryPolicy,
            b.clock,
            new SafeListeners(b.listeners),
            b.maxBatchSize,
            b.conflictPolicy);
    this.workerId = b.workerId;
    this.leaseDuration = b.leaseDuration;
    this.claimLimit = b.claimLimit;
    this.maxPasses = b.maxPasses;
    this.pollInterval = b.pollInterval;
    this.workerThreads = b.workerThreads;
    this.shutdownTimeout = b.shutdownTimeout;
    this.workerThreadFactory = b.workerThreadFactory;
    this.admin = new QueueAdmin(b.store, this, b.defaultHold);
    this.renewer = Executors.newSingleThreadScheduledExecutor(daemon("ferry-lease-renewer"));
    this.unreleased = new UnreleasedLeases(b.store);
  }

  /**
   * A builder.
   *
   * @param store the queue
   * @param executor what carries batches out on the server (for IMAP: {@code ImapOperationExecutor}
   *     from {@code ferry-imap})
   * @return the builder
   */
  public static Builder builder(PendingOperationStore store, OperationExecutor executor) {
    return new Builder(store, executor);
  }

  /**
   * This worker's id, as stored in leases.
   *
   * @return the worker id
   */
  public String workerId() {
    return workerId;
  }

  /**
   * The administrator's view: pending and failed lists, retry, discard.
   *
   * @return the admin facade
   */
  public QueueAdmin admin() {
    return admin;
  }

  /**
   * Queues an operation in the store, tells the listeners, and nudges the background workers. An
   * application that queues inside its own transaction (see {@code JooqPendingOperationStore})
   * calls {@link #nudge(String)} after its commit instead.
   *
   * @param operation the operation
   * @return the stored operation
   */
  public PendingOperation queue(NewOperation operation) {
    return admin.queue(operation);
  }

  /**
   * What queueing through this processor's admin adds: the listeners hear of it, workers get it.
   */
  void queued(PendingOperation stored) {
    ctx.listeners().queued(stored);
    nudge(stored.account());
  }

  /**
   * Drains one account's due operations now, on the calling thread: claim, coalesce, execute,
   * record, and again while a pass made progress and more may be due.
   *
   * @param account the account key
   * @return what happened; {@link ProcessingReport#accountBusy()} when another worker holds the
   *     account or it is paused
   * @throws io.github.ferrymail.core.StoreException when the store failed; the pass stopped, and
   *     what it had claimed goes back to pending, without costing an attempt, as soon as the store
   *     answers again
   */
  public ProcessingReport processPendingOperations(String account) {
    Args.notBlank(account, "account");
    if (closed) {
      throw new IllegalStateException("processor is closed");
    }
    ProcessingReport total = null;
    for (int pass = 0; pass < maxPasses; pass++) {
      if (!unreleased.release(account)) {
        break;
      }
      Optional<Claim> claim = claim(account);
      if (claim.isEmpty()) {
        return total == null ? ProcessingReport.busy(account) : total;
      }
      ProcessingReport report = runPass(claim.get());
      total = total == null ? report : total.plus(report);
      boolean mayHaveMore = claim.get().operations().size() >= claimLimit || report.deferred() > 0;
      if (report.accountPaused() || report.leaseLost() || !report.madeProgress() || !mayHaveMore) {
        break;
      }
    }
    return total == null ? ProcessingReport.busy(account) : total;
  }

  /**
   * Claims with a token of our own: when the store fails, the claim may still have committed (the
   * connection died before the reply), and only the token lets us give that lease back; else the
   * account would sit leased, untouched by any worker, until the lease lapsed.
   */
  private Optional<Claim> claim(String account) {
    String token = UUID.randomUUID().toString();
    try {
      return ctx.store().claim(account, workerId, token, leaseDuration, claimLimit);
    } catch (RuntimeException | Error e) {
      Instant expiresAt = ctx.clock().instant().plus(leaseDuration);
      unreleased.remember(new Lease(account, workerId, token, expiresAt));
      throw e;
    }
  }

  private ProcessingReport runPass(Claim claim) {
    LeaseKeeper keeper = new LeaseKeeper(ctx.store(), claim.lease(), leaseDuration, ctx.clock());
    keeper.start(renewer);
    AccountPass pass = new AccountPass(ctx, claim, keeper);
    try {
      return pass.run();
    } finally {
      keeper.stop();
      if (!pass.paused() && !pass.leaseLost()) {
        try {
          ctx.store().release(keeper.current());
        } catch (RuntimeException e) {
          // Given back once the store answers again; else it lapses, and another worker resumes.
          LOG.warn("Could not release the lease on account {}", claim.lease().account(), e);
          unreleased.remember(keeper.current());
        }
      }
    }
  }

  /**
   * Processes every account that has due operations, one after the other, on the calling thread.
   * For tests and for embedders that drive the queue themselves.
   *
   * @return one report per account processed
   */
  public List<ProcessingReport> processAllDue() {
    List<ProcessingReport> reports = new ArrayList<>();
    unreleased.releaseAll();
    for (String account : ctx.store().accountsWithDueOperations(Integer.MAX_VALUE)) {
      reports.add(processPendingOperations(account));
    }
    return reports;
  }

  /**
   * Starts the background mode: a poller and {@code workerThreads} workers.
   *
   * @throws IllegalStateException when already started or closed
   */
  public void start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("processor is closed");
      }
      if (running) {
        throw new IllegalStateException("processor already started");
      }
      workers =
          Executors.newFixedThreadPool(
              workerThreads,
              workerThreadFactory != null ? workerThreadFactory : daemon("ferry-worker"));
      poller = Executors.newSingleThreadScheduledExecutor(daemon("ferry-poller"));
      running = true;
      poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(
          "Queue processor {} started: {} workers, polling every {}",
          workerId,
          workerThreads,
          pollInterval);
    }
  }

  /**
   * Asks the background workers to process an account now rather than at the next poll. Does
   * nothing when the background mode is not running or the account is already being processed here.
   *
   * @param account the account key
   */
  public void nudge(String account) {
    Args.notBlank(account, "account");
    if (running) {
      submit(account);
    }
  }

  /**
   * Looks for accounts with due work and hands them to the workers. Between polls the poller sleeps
   * for the poll interval; a nudge hands its account over at once, and a worker that finishes while
   * the last poll found more accounts than it asked for polls again at once, so that a busy queue
   * is drained at the workers' pace while an idle one costs one query per interval.
   */
  private void poll() {
    repollQueued.set(false);
    if (!running) {
      return;
    }
    try {
      // An account whose lease is still held is invisible to the poll until it is given back.
      unreleased.releaseAll();
      int limit = workerThreads * 4;
      List<String> due = ctx.store().accountsWithDueOperations(limit);
      lastPollFull = due.size() >= limit;
      for (String account : due) {
        submit(account);
      }
    } catch (RuntimeException | Error e) {
      // Caught whatever it is: a scheduled task that throws is never run again, and polling would
      // stop for good (a JDBC driver throws AssertionError on a dead connection under -ea).
      lastPollFull = false;
      LOG.warn("Polling the queue failed; trying again in {}", pollInterval, e);
    }
  }

  /**
   * Polls again once the workers are about to run out of accounts: while more than one account per
   * worker still waits its turn, a poll would only find them again (with several processors on one
   * database, the poll query ran back to back on each and took most of the database). Called after
   * an account was processed, not after one that another worker held.
   */
  private void repollSoon() {
    ScheduledExecutorService p = poller;
    if (p != null
        && running
        && lastPollFull
        && waiting.get() <= workerThreads
        && repollQueued.compareAndSet(false, true)) {
      try {
        p.execute(this::poll);
      } catch (RejectedExecutionException e) {
        repollQueued.set(false);
      }
    }
  }

  private void submit(String account) {
    ExecutorService pool = workers;
    if (pool == null || !running || !activeAccounts.add(account)) {
      return;
    }
    waiting.incrementAndGet();
    try {
      pool.execute(
          () -> {
            waiting.decrementAndGet();
            // An account another worker holds ends at once: polling again for it would find it
            // again, in a loop of polls and empty claims until that worker is done.
            boolean busy = true;
            try {
              if (running) {
                busy = processPendingOperations(account).accountBusy();
              }
            } catch (RuntimeException | Error e) {
              busy = false;
              LOG.warn("Processing account {} failed; it will be tried again", account, e);
            } finally {
              activeAccounts.remove(account);
              if (!busy) {
                repollSoon();
              }
            }
          });
    } catch (RejectedExecutionException e) {
      waiting.decrementAndGet();
      activeAccounts.remove(account);
    }
  }

  /**
   * Stops claiming, waits up to the shutdown timeout for running passes (each releases its lease
   * when it ends), then interrupts what is left; its leases lapse and another worker resumes from
   * the checkpoints. Idempotent.
   */
  @Override
  public void close() {
    ExecutorService pool;
    ScheduledExecutorService poll;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      running = false;
      pool = workers;
      poll = poller;
    }
    if (poll != null) {
      // Let a poll in progress finish its store call: an interrupt in the middle of a JDBC call
      // breaks the connection, and H2 in a file closes the whole database on it.
      poll.shutdown();
      awaitOrInterrupt(poll, "Poller");
    }
    if (pool != null) {
      pool.shutdown();
      awaitOrInterrupt(pool, "Workers");
    }
    renewer.shutdownNow();
    unreleased.releaseAll();
    LOG.info("Queue processor {} closed", workerId);
  }

  private void awaitOrInterrupt(ExecutorService executor, String what) {
    try {
      if (!executor.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} still busy after {}; interrupting them", what, shutdownTimeout);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * What a checked flag change that meets a conflict becomes by default: {@link
   * ConflictPolicy#ASK}, so that neither the user's change nor the other client's is dropped
   * without the application knowing.
   */
  public static final ConflictPolicy DEFAULT_CONFLICT_POLICY = ConflictPolicy.ASK;

  /** Builds a {@link QueueProcessor}; every setter validates at once. */
  public static final class Builder {
    private final PendingOperationStore store;
    private final OperationExecutor executor;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private final List<ProcessingListener> listeners = new ArrayList<>();
    private String workerId = defaultWorkerId();
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private int claimLimit = DEFAULT_CLAIM_LIMIT;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private ConflictPolicy conflictPolicy = DEFAULT_CONFLICT_POLICY;
    private int maxPasses = DEFAULT_MAX_PASSES;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int workerThreads = DEFAULT_WORKER_THREADS;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private @Nullable ThreadFactory workerThreadFactory;
    private Duration defaultHold = QueueAdmin.DEFAULT_HOLD;

    private Builder(PendingOperationStore store, OperationExecutor executor) {
      this.store = Args.notNull(store, "store");
      this.executor = Args.notNull(executor, "executor");
    }

    /**
     * What a checked flag change becomes when the server changed its message since the MODSEQ the
     * application gave (default {@link #DEFAULT_CONFLICT_POLICY}).
     *
     * @param value the policy
     * @return this
     */
    public Builder conflictPolicy(ConflictPolicy value) {
      this.conflictPolicy = Args.notNull(value, "conflictPolicy");
      return this;
    }

    /**
     * The retry policy (default {@link RetryPolicy#defaults()}: 3 attempts).
     *
     * @param value the policy
     * @return this
     */
    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = Args.notNull(value, "retryPolicy");
      return this;
    }

    /**
     * The clock for retry times and pauses; give the store the same one.
     *
     * @param value the clock
     * @return this
     */
    public Builder clock(Clock value) {
      this.clock = Args.notNull(value, "clock");
      return this;
    }

    /**
     * Adds a listener; listeners are called in the order added.
     *
     * @param value the listener
     * @return this
     */
    public Builder listener(ProcessingListener value) {
      this.listeners.add(Args.notNull(value, "listener"));
      return this;
    }

    /**
     * This worker's id in leases (default host name plus a random suffix).
     *
     * @param value the id
     * @return this
     */
    public Builder workerId(String value) {
      this.workerId = Args.storable(Args.notBlank(value, "workerId"), "workerId");
      return this;
    }

    /**
     * How long a claim holds an account unless renewed; a crashed worker's accounts are taken over
     * after this long.
     *
     * @param value positive, at most {@link #MAX_DURATION}
     * @return this
     */
    public Builder leaseDuration(Duration value) {
      this.leaseDuration =
          Args.atMost(Args.positive(value, "leaseDuration"), MAX_DURATION, "leaseDuration");
      return this;
    }

    /**
     * The most operations claimed at once.
     *
     * @param value at least 1
     * @return this
     */
    public Builder claimLimit(int value) {
      this.claimLimit = Args.positive(value, "claimLimit");
      return this;
    }

    /**
     * The most operations in one executor batch.
     *
     * @param value at least 1
     * @return this
     */
    public Builder maxBatchSize(int value) {
      this.maxBatchSize = Args.positive(value, "maxBatchSize");
      return this;
    }

    /**
     * The most passes one {@link QueueProcessor#processPendingOperations} call makes.
     *
     * @param value at least 1
     * @return this
     */
    public Builder maxPasses(int value) {
      this.maxPasses = Args.positive(value, "maxPasses");
      return this;
    }

    /**
     * How often the background mode polls; at least {@link #MIN_POLL_INTERVAL}, at most {@link
     * #MAX_DURATION}.
     *
     * @param value the interval
     * @return this
     */
    public Builder pollInterval(Duration value) {
      Args.positive(value, "pollInterval");
      if (value.compareTo(MIN_POLL_INTERVAL) < 0) {
        throw new IllegalArgumentException(
            "pollInterval must be at least " + MIN_POLL_INTERVAL + ": " + value);
      }
      this.pollInterval = Args.atMost(value, MAX_DURATION, "pollInterval");
      return this;
    }

    /**
     * Worker threads of the background mode.
     *
     * @param value at least 1, at most {@link #MAX_WORKER_THREADS}
     * @return this
     */
    public Builder workerThreads(int value) {
      this.workerThreads =
          Args.atMost(Args.positive(value, "workerThreads"), MAX_WORKER_THREADS, "workerThreads");
      return this;
    }

    /**
     * The hold of operations queued through this processor ({@link QueueProcessor#queue}, its
     * {@link QueueProcessor#admin() admin}) without one of their own (default {@link
     * QueueAdmin#DEFAULT_HOLD}, none): the undo window of every change.
     *
     * @param value zero to {@value NewOperation#MAX_HOLD_DAYS} days
     * @return this
     */
    public Builder defaultHold(Duration value) {
      this.defaultHold = Args.withinDays(value, NewOperation.MAX_HOLD_DAYS, "defaultHold");
      return this;
    }

    /**
     * Where the background mode's {@link #workerThreads(int) worker threads} come from (default:
     * daemon threads named {@code ferry-worker-N}); on Java 21 and later, {@code
     * Thread.ofVirtual().name("ferry-worker-", 1).factory()} runs them on virtual threads. A
     * factory rather than an {@code ExecutorService}: the processor sizes the pool, and shuts it
     * down in {@link QueueProcessor#close()} after its passes ended, which a borrowed executor
     * would not allow. Threads of a custom factory should be daemon threads or the embedder must
     * close the processor before the JVM can exit.
     *
     * @param value the factory
     * @return this
     */
    public Builder workerThreadFactory(ThreadFactory value) {
      this.workerThreadFactory = Args.notNull(value, "workerThreadFactory");
      return this;
    }

    /**
     * How long {@link QueueProcessor#close()} waits for running passes.
     *
     * @param value positive, at most {@link #MAX_DURATION}
     * @return this
     */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout =
          Args.atMost(Args.positive(value, "shutdownTimeout"), MAX_DURATION, "shutdownTimeout");
      return this;
    }

    /**
     * Builds the processor (not started).
     *
     * @return the processor
     */
    public QueueProcessor build() {
      return new QueueProcessor(this);
    }

    private static String defaultWorkerId() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException | SecurityException e) {
        host = "worker";
      }
      return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
  }
}
