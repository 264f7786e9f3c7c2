package io.github.ferrymail.imap;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.imap.internal.DefaultAtomicImapSession;
import io.github.ferrymail.imap.internal.SessionPool;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OperationExecutor} the queue processor calls: turns each {@link OperationBatch} into
 * one {@link AtomicImapSession} call (one UID-set command, chunked where needed), on a session
 * borrowed from its pool.
 *
 * <pre>{@code
 * ImapOperationExecutor executor =
 *     ImapOperationExecutor.create(
 *         accountKey ->
 *             ImapAccount.builder(hostOf(accountKey), userOf(accountKey),
 *                     CredentialsProvider.oauth2(() -> tokens.fresh(accountKey)))
 *                 .build());
 * }</pre>
 *
 * <p>Outcomes: flag changes succeed for every message that exists (idempotent) and fail with {@link
 * FailureReason#MESSAGE_NOT_FOUND} for missing ones, and all fail with {@link
 * FailureReason#KEYWORD_NOT_STORABLE} when they add a keyword the folder cannot store; moves report
 * each message's new location, or {@link OperationOutcome#movedUidUnknown} with the folder it is in
 * when its new UID could not be learned; copies report each copy's location the same way, the
 * original staying where it is; a permanent delete of a message already gone succeeds. A failure
 * that affects the whole batch and may pass (connection lost, timeout, busy server) or concerns the
 * whole account (authentication) is thrown as {@link OperationFailedException}; a permanent one
 * (stale UIDVALIDITY, missing folder, permission) comes back as a failed outcome for every
 * operation of the batch. An append reports its new message's location (or {@link
 * OperationOutcome#movedUidUnknown} with its folder), its bytes taken from the {@link
 * Builder#messageContent(MessageContentProvider) content provider}. Operations carrying a
 * checkpoint are reconciled before anything is repeated, grouped by the destination their
 * checkpoint names, each group's checkpoints saved on its own operations. When a group fails after
 * others finished, or after its messages were moved part of the way (a coalesced A to B to C move
 * whose second leg failed), the batch is not thrown: the finished operations keep their outcomes,
 * the partway ones fail {@link OperationOutcome#failedPartway} at B, and the rest fail with the
 * error, whose reason keeps its category (transient, say).
 *
 * <h2>Sessions</h2>
 *
 * <p>The executor keeps a pool of sessions ({@link Builder}): at most {@link
 * Builder#maxSessions(int)} open over all accounts, {@link Builder#maxSessionsPerAccount(int)} per
 * account (one by default, so one account's batches run one at a time), each closed once it has
 * been idle for {@link Builder#idleTimeout(Duration)}, and the least recently used idle one closed
 * when another account needs the place. A batch that finds every place taken waits for one, up to
 * {@link Builder#acquireTimeout(Duration)}. An embedder that holds an authenticated {@link
 * IMAPStore} of its own can {@linkplain #lend lend} it, so that Ferry opens no second connection
 * for that account.
 */
public final class ImapOperationExecutor implements OperationExecutor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImapOperationExecutor.class);

  /** The most sessions open at once, over all accounts, unless configured. */
  public static final int DEFAULT_MAX_SESSIONS = 100;

  /** The most sessions of one account open at once, unless configured. */
  public static final int DEFAULT_MAX_SESSIONS_PER_ACCOUNT = 1;

  /**
   * How long an unused session stays open, unless configured: well inside the 30 minutes after
   * which RFC 9051 lets a server log an idle client out.
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** How long a batch waits for a session when every place is taken, unless configured. */
  public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofMinutes(1);

  private final ImapAccountResolver resolver;
  private final Function<ImapAccount, AtomicImapSession> opener;
  private final SessionPool pool;
  private final ImapCommandListener commands;
  private final MessageContentProvider contents;
  private final ScheduledExecutorService sweeper;
  private volatile boolean closed;

  private ImapOperationExecutor(Builder b) {
    this.resolver = b.resolver;
    this.commands = b.commands;
    this.contents = b.contents;
    this.opener = account -> DefaultAtomicImapSession.open(account, null, commands);
    this.pool =
        new SessionPool(
            b.maxSessions,
            b.maxSessionsPerAccount,
            b.idleTimeout,
            b.acquireTimeout,
            System::nanoTime);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ferry-imap-idle-sessions");
              t.setDaemon(true);
              return t;
            });
    long period = SessionPool.sweepPeriodMillis(b.idleTimeout);
    sweeper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Creates an executor with the default session settings.
   *
   * @param resolver finds the IMAP account behind each account key
   * @return the executor; close it to log out of every session
   */
  public static ImapOperationExecutor create(ImapAccountResolver resolver) {
    return builder(resolver).build();
  }

  /**
   * Starts an executor's configuration.
   *
   * @param resolver finds the IMAP account behind each account key
   * @return the builder
   */
  public static Builder builder(ImapAccountResolver resolver) {
    return new Builder(Args.notNull(resolver, "resolver"));
  }

  @Override
  public BatchResult execute(OperationBatch batch, CheckpointSink checkpoints) {
    Args.notNull(batch, "batch");
    Args.notNull(checkpoints, "checkpoints");
    if (closed) {
      throw new IllegalStateException("executor is closed");
    }
    SessionPool.Borrowed borrowed = borrow(batch.account());
    try {
      return run(borrowed.session(), batch, checkpoints);
    } catch (OperationFailedException e) {
      if (e.category() != FailureCategory.PERMANENT) {
        LOG.info(
            "Batch of {} {} in '{}' of {} failed ({}): {}",
            batch.operations().size(),
            describe(batch),
            batch.folder(),
            batch.account(),
            e.reason(),
            e.getMessage());
        throw e;
      }
      LOG.warn(
          "Batch of {} {} in '{}' of {} failed permanently ({}): {}",
          batch.operations().size(),
          describe(batch),
          batch.folder(),
          batch.account(),
          e.reason(),
          e.getMessage());
      return allFailed(batch, e);
    } catch (IllegalArgumentException e) {
      return allFailed(
          batch,
          new ImapOperationException(
              FailureReason.INVALID, "invalid batch: " + e.getMessage(), null, e));
    } finally {
      borrowed.close();
    }
  }

  /**
   * Runs the account's batches on the embedder's own store until the returned loan is closed, so
   * that Ferry opens no second connection for it (servers limit connections per user). The
   * account's sessions of Ferry's own are closed (a busy one when its batch ends); the lent store
   * serves one batch at a time, between the embedder's own commands, and counts in no limit.
   *
   * <p>Ferry runs its commands on the store's own connection (the one store-level calls use); a
   * folder the embedder holds open has a connection of its own and is not touched. Nothing is
   * assumed selected from one batch to the next. Ferry never closes or reconnects a lent store:
   * when it is not connected, batches fail as {@link FailureReason#CONNECTION_LOST} (and are
   * retried) until the embedder connects it again or ends the loan. When a reply may still be on
   * its way after a command failed, Ferry cuts the connection, as it does its own: the next command
   * would read that reply.
   *
   * @param accountKey the account key; the resolver gives its settings (trash folder, ignored
   *     capabilities, policies), not its host or credentials
   * @param store a connected, authenticated store of that account
   * @return the loan: closing it waits for a batch running on the store, then gives the account
   *     back to Ferry's own sessions, leaving the store open
   * @throws ImapOperationException when the store is not connected
   * @throws IllegalStateException when the account's store is already lent, or the executor closed
   */
  public StoreLoan lend(String accountKey, IMAPStore store) {
    Args.notBlank(accountKey, "accountKey");
    Args.notNull(store, "store");
    if (closed) {
      throw new IllegalStateException("executor is closed");
    }
    ImapAccount account = Args.notNull(resolver.resolve(accountKey), "resolved account");
    AtomicImapSession session = DefaultAtomicImapSession.over(account, store, commands);
    try {
      return new StoreLoan(accountKey, pool.lend(accountKey, session));
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * Closes an account's sessions (logging out; a busy one when its batch ends), so that the next
   * batch resolves the account again: call it after the account's settings or credentials changed.
   * A lent store is left to its loan.
   *
   * @param accountKey the account key
   */
  public void evict(String accountKey) {
    pool.evict(Args.notBlank(accountKey, "accountKey"));
  }

  /**
   * The sessions of Ferry's own open now, busy or idle, over all accounts (lent stores not
   * counted).
   *
   * @return the count
   */
  public int openSessions() {
    return pool.openSessions();
  }

  /** Logs out of every idle session now, and of each busy one when its batch ends. */
  @Override
  public void close() {
    closed = true;
    sweeper.shutdownNow();
    pool.close();
  }

  private void closeIdle() {
    try {
      pool.closeIdle();
    } catch (RuntimeException e) {
      LOG.warn("Closing idle IMAP sessions failed", e);
    }
  }

  private SessionPool.Borrowed borrow(String accountKey) {
    return pool.borrow(accountKey, () -> opener.apply(resolve(accountKey)));
  }

  private ImapAccount resolve(String accountKey) {
    try {
      return Args.notNull(resolver.resolve(accountKey), "resolved account");
    } catch (OperationFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OperationFailedException(
          FailureReason.UNKNOWN, "cannot resolve account " + accountKey + ": " + e, e);
    }
  }

  private BatchResult run(AtomicImapSession session, OperationBatch batch, CheckpointSink sink) {
    OperationKind kind = batch.kind();
    List<Long> uids = batch.uids();
    if (batch.template() instanceof Operation.FlagChange) {
      Operation.FlagChange change = (Operation.FlagChange) batch.template();
      FlagDelta delta = change.delta();
      Long since = change.unchangedSince();
      // Without CONDSTORE a checked change goes out as any other: the server cannot check it.
      FlagResult result =
          since != null && session.capabilities().has("CONDSTORE")
              ? session.changeFlags(batch.folder(), batch.uidValidity(), uids, delta, since)
              : session.changeFlags(batch.folder(), batch.uidValidity(), uids, delta);
      return perOperation(
          batch,
          op -> {
            long uid = op.message().uid();
            if (result.modified().contains(uid)) {
              return OperationOutcome.conflicted(
                  "message "
                      + op.message()
                      + " was changed on the server since MODSEQ "
                      + since
                      + " (MODIFIED): "
                      + delta.encode()
                      + " not applied");
            }
            return result.applied().contains(uid)
                ? OperationOutcome.succeeded(null)
                : OperationOutcome.failed(notFound(op.message()));
          });
    }
    if (batch.template() instanceof Operation.FolderChange) {
      changeFolder(session, (Operation.FolderChange) batch.template());
      return perOperation(batch, op -> OperationOutcome.succeeded(null));
    }
    if (batch.template() instanceof Operation.Copy) {
      return new BatchCopy(session, batch, sink).run();
    }
    if (kind.isAppend()) {
      return new BatchAppend(session, batch, sink, contents).run();
    }
    if (kind.isDeletion()) {
      session.permanentDelete(batch.folder(), batch.uidValidity(), uids);
      // Gone either way: deleted now, or already (the wished state).
      return perOperation(batch, op -> OperationOutcome.succeeded(null));
    }
    if (kind.isRelocation()) {
      return relocate(session, batch, sink);
    }
    throw new IllegalArgumentException("this executor cannot run operations of kind " + kind);
  }

  /** A folder operation; each is idempotent, so a retry after a lost answer does no harm. */
  private static void changeFolder(AtomicImapSession session, Operation.FolderChange change) {
    switch (change.action()) {
      case CREATE:
        session.createFolder(change.folder());
        break;
      case RENAME:
        session.renameFolder(change.folder(), Objects.requireNonNull(change.newName()));
        break;
      case DELETE:
        session.deleteFolder(change.folder());
        break;
      case SUBSCRIBE:
        session.setSubscribed(change.folder(), true);
        break;
      case UNSUBSCRIBE:
        session.setSubscribed(change.folder(), false);
        break;
      default:
        throw new AssertionError(change.action());
    }
  }

  private static BatchResult relocate(
      AtomicImapSession session, OperationBatch batch, CheckpointSink sink) {
    String destination =
        batch.kind() == OperationKind.MOVE_TO_TRASH
            ? session.trashFolder()
            : Objects.requireNonNull(batch.destination(), "destination");
    return new BatchRelocation(session, batch, sink, destination).run();
  }

  /** The batch's change for the log: {@code FLAGS +$Junk -$NotJunk}, {@code MOVE}. */
  private static String describe(OperationBatch batch) {
    String payload = batch.template().payload();
    return payload == null ? batch.kind().name() : batch.kind() + " " + payload;
  }

  static ImapOperationException notFound(MessageRef message) {
    return new ImapOperationException(
        FailureReason.MESSAGE_NOT_FOUND,
        "message " + message + " is no longer in its folder",
        null,
        null);
  }

  private static BatchResult perOperation(
      OperationBatch batch, Function<PendingOperation, OperationOutcome> outcome) {
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    for (PendingOperation op : batch.operations()) {
      outcomes.put(op.id(), outcome.apply(op));
    }
    return new BatchResult(outcomes);
  }

  private static BatchResult allFailed(OperationBatch batch, OperationFailedException e) {
    return perOperation(batch, op -> OperationOutcome.failed(e));
  }

  static boolean sameFolder(String a, String b) {
    return a.equals(b) || ("INBOX".equalsIgnoreCase(a) && "INBOX".equalsIgnoreCase(b));
  }

  /** Configures an executor; every setting has a {@code DEFAULT_*}. */
  public static final class Builder {
    private final ImapAccountResolver resolver;
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private int maxSessionsPerAccount = DEFAULT_MAX_SESSIONS_PER_ACCOUNT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
    private ImapCommandListener commands = ImapCommandListener.NONE;
    private MessageContentProvider contents = MessageContentProvider.NONE;

    private Builder(ImapAccountResolver resolver) {
      this.resolver = resolver;
    }

    /**
     * The most sessions open at once over all accounts; at least the processor's worker threads, or
     * workers wait for each other's sessions.
     *
     * @param value from 1 to 10,000
     * @return this builder
     */
    public Builder maxSessions(int value) {
      this.maxSessions = Args.atMost(Args.positive(value, "maxSessions"), 10_000, "maxSessions");
      return this;
    }

    /**
     * The most sessions of one account open at once: more lets batches of one account run in
     * parallel (several processors in one JVM sharing this executor), at the cost of connections
     * the server may limit.
     *
     * @param value from 1 to 100
     * @return this builder
     */
    public Builder maxSessionsPerAccount(int value) {
      this.maxSessionsPerAccount =
          Args.atMost(Args.positive(value, "maxSessionsPerAccount"), 100, "maxSessionsPerAccount");
      return this;
    }

    /**
     * How long an unused session stays open before it is logged out.
     *
     * @param value from one second to one day
     * @return this builder
     */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = between(value, Duration.ofSeconds(1), Duration.ofDays(1), "idleTimeout");
      return this;
    }

    /**
     * How long a batch waits for a session when every place is taken; it then fails as {@link
     * FailureReason#TIMEOUT} (retried later).
     *
     * @param value from one millisecond to one hour
     * @return this builder
     */
    public Builder acquireTimeout(Duration value) {
      this.acquireTimeout =
          between(value, Duration.ofMillis(1), Duration.ofHours(1), "acquireTimeout");
      return this;
    }

    /**
     * Told of every IMAP command the executor's sessions send (timers per command, tracing).
     *
     * @param value the listener; {@link ImapCommandListener#NONE} by default
     * @return this builder
     */
    public Builder commandListener(ImapCommandListener value) {
      this.commands = Args.notNull(value, "commandListener");
      return this;
    }

    /**
     * Where appends and replaces find the bytes of their messages.
     *
     * @param value the provider; {@link MessageContentProvider#NONE} by default, with which every
     *     append fails permanently
     * @return this builder
     */
    public Builder messageContent(MessageContentProvider value) {
      this.contents = Args.notNull(value, "messageContent");
      return this;
    }

    /**
     * Builds the executor; close it to log out of every session.
     *
     * @return the executor
     */
    public ImapOperationExecutor build() {
      return new ImapOperationExecutor(this);
    }

    private static Duration between(Duration value, Duration min, Duration max, String name) {
      Args.positive(value, name);
      if (value.compareTo(min) < 0) {
        throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
      }
      return Args.atMost(value, max, name);
    }
  }
}
