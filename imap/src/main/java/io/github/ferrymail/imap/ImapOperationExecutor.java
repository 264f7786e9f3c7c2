package io.github.ferrymail.imap;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.OperationOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OperationExecutor} the queue processor calls: turns each {@link OperationBatch} into
 * one {@link AtomicImapSession} call (one UID-set command, chunked where needed), keeping one
 * session per account.
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
 * FailureReason#MESSAGE_NOT_FOUND} for missing ones; moves report each message's new location; a
 * permanent delete of a message already gone succeeds. A failure that affects the whole batch and
 * may pass (connection lost, timeout, busy server) or concerns the whole account (authentication)
 * is thrown as {@link OperationFailedException}; a permanent one (stale UIDVALIDITY, missing
 * folder, permission) comes back as a failed outcome for every operation of the batch. Operations
 * carrying a checkpoint are reconciled before anything is repeated.
 *
 * <p>Each account has one session, so one account's batches run one at a time; run several
 * executors if an account needs parallel connections.
 */
public final class ImapOperationExecutor implements OperationExecutor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImapOperationExecutor.class);

  private final ImapAccountResolver resolver;
  private final Function<ImapAccount, AtomicImapSession> opener;
  private final Map<String, AtomicImapSession> sessions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ImapOperationExecutor(
      ImapAccountResolver resolver, Function<ImapAccount, AtomicImapSession> opener) {
    this.resolver = resolver;
    this.opener = opener;
  }

  /**
   * Creates an executor.
   *
   * @param resolver finds the IMAP account behind each account key
   * @return the executor; close it to log out of every session
   */
  public static ImapOperationExecutor create(ImapAccountResolver resolver) {
    return new ImapOperationExecutor(Args.notNull(resolver, "resolver"), AtomicImapSession::open);
  }

  @Override
  public BatchResult execute(OperationBatch batch, CheckpointSink checkpoints) {
    Args.notNull(batch, "batch");
    Args.notNull(checkpoints, "checkpoints");
    if (closed) {
      throw new IllegalStateException("executor is closed");
    }
    AtomicImapSession session = session(batch.account());
    try {
      return run(session, batch, checkpoints);
    } catch (OperationFailedException e) {
      if (e.category() != FailureCategory.PERMANENT) {
        LOG.info(
            "Batch of {} {} in '{}' of {} failed ({}): {}",
            batch.operations().size(),
            batch.kind(),
            batch.folder(),
            batch.account(),
            e.reason(),
            e.getMessage());
        throw e;
      }
      LOG.warn(
          "Batch of {} {} in '{}' of {} failed permanently ({}): {}",
          batch.operations().size(),
          batch.kind(),
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
    }
  }

  /**
   * Forgets an account's session (logging out), so that the next batch resolves the account again:
   * call it after the account's settings or credentials changed.
   *
   * @param accountKey the account key
   */
  public void evict(String accountKey) {
    AtomicImapSession session = sessions.remove(Args.notBlank(accountKey, "accountKey"));
    if (session != null) {
      session.close();
    }
  }

  /** Logs out of every session. */
  @Override
  public void close() {
    closed = true;
    for (String key : new ArrayList<>(sessions.keySet())) {
      evict(key);
    }
  }

  private AtomicImapSession session(String accountKey) {
    AtomicImapSession existing = sessions.get(accountKey);
    if (existing != null) {
      return existing;
    }
    ImapAccount account;
    try {
      account = Args.notNull(resolver.resolve(accountKey), "resolved account");
    } catch (OperationFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OperationFailedException(
          FailureReason.UNKNOWN, "cannot resolve account " + accountKey + ": " + e, e);
    }
    // Opening outside any map lock: a login can take seconds.
    AtomicImapSession opened = opener.apply(account);
    AtomicImapSession raced = sessions.putIfAbsent(accountKey, opened);
    if (raced != null) {
      opened.close();
      return raced;
    }
    return opened;
  }

  private BatchResult run(AtomicImapSession session, OperationBatch batch, CheckpointSink sink) {
    OperationKind kind = batch.kind();
    List<Long> uids = batch.uids();
    switch (kind) {
      case MARK_READ:
      case MARK_UNREAD:
      case FLAG:
      case UNFLAG:
        {
          MessageFlags flags = kind.changesSeen() ? MessageFlags.SEEN : MessageFlags.FLAGGED;
          boolean add = kind == OperationKind.MARK_READ || kind == OperationKind.FLAG;
          FlagResult result =
              add
                  ? session.addFlags(batch.folder(), batch.uidValidity(), uids, flags)
                  : session.removeFlags(batch.folder(), batch.uidValidity(), uids, flags);
          return perOperation(
              batch,
              op ->
                  result.applied().contains(op.message().uid())
                      ? OperationOutcome.succeeded(null)
                      : notFound(op));
        }
      case PERMANENT_DELETE:
        session.permanentDelete(batch.folder(), batch.uidValidity(), uids);
        // Gone either way: deleted now, or already (the wished state).
        return perOperation(batch, op -> OperationOutcome.succeeded(null));
      case MOVE:
      case RESTORE:
      case MOVE_TO_TRASH:
        return relocate(session, batch, sink);
    }
    throw new IllegalArgumentException("unknown kind " + kind);
  }

  private BatchResult relocate(
      AtomicImapSession session, OperationBatch batch, CheckpointSink sink) {
    String destination =
        batch.kind() == OperationKind.MOVE_TO_TRASH
            ? session.trashFolder()
            : Objects.requireNonNull(batch.destination(), "destination");
    if (sameFolder(batch.folder(), destination)) {
      return perOperation(batch, op -> OperationOutcome.succeeded(op.message()));
    }
    // Operations whose earlier attempt left a checkpoint of this source are reconciled; they are
    // grouped by the destination that attempt was heading for (coalescing may have changed it).
    Map<String, List<PendingOperation>> byCheckpointDestination = new LinkedHashMap<>();
    for (PendingOperation op : batch.operations()) {
      Checkpoint cp = op.checkpoint();
      boolean usable =
          cp != null
              && cp.sourceFolder().equals(batch.folder())
              && cp.sourceUidValidity() == batch.uidValidity();
      if (cp != null && !usable) {
        LOG.warn("Operation {}: ignoring a checkpoint of another folder: {}", op.id(), cp.encode());
      }
      String key = usable ? cp.destinationFolder() : destination;
      byCheckpointDestination.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
    }
    MergingSink merging = new MergingSink(sink);
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    for (Map.Entry<String, List<PendingOperation>> group : byCheckpointDestination.entrySet()) {
      List<PendingOperation> ops = group.getValue();
      List<Long> uids = ops.stream().map(op -> op.message().uid()).distinct().toList();
      Checkpoint merged = merge(ops, batch, group.getKey());
      merging.startFrom(merged);
      MoveResult result =
          merged == null
              ? session.move(batch.folder(), batch.uidValidity(), uids, destination, merging)
              : session.resumeMove(merged, uids, merging);
      if (!group.getKey().equals(destination)) {
        result = continueMove(session, result, destination, merging);
      }
      for (PendingOperation op : ops) {
        outcomes.put(op.id(), outcomeOf(batch.account(), op, result));
      }
    }
    return new BatchResult(outcomes);
  }

  /** An earlier attempt moved to another folder than now wished: move on from there. */
  private static MoveResult continueMove(
      AtomicImapSession session, MoveResult first, String destination, CheckpointSink sink) {
    if (first.newUids().isEmpty() || sameFolder(first.destinationFolder(), destination)) {
      return first;
    }
    MoveResult second =
        session.move(
            first.destinationFolder(),
            first.destinationUidValidity(),
            first.newUids().values(),
            destination,
            sink);
    Map<Long, Long> composed = new TreeMap<>();
    Set<Long> unknown = new TreeSet<>(first.movedUnknownUid());
    Set<Long> missing = new TreeSet<>(first.missing());
    first
        .newUids()
        .forEach(
            (source, middle) -> {
              Long last = second.newUids().get(middle);
              if (last != null) {
                composed.put(source, last);
              } else if (second.movedUnknownUid().contains(middle)) {
                unknown.add(source);
              } else {
                missing.add(source);
              }
            });
    return new MoveResult(
        first.sourceFolder(),
        first.sourceUidValidity(),
        second.destinationFolder(),
        second.destinationUidValidity(),
        composed,
        unknown,
        missing,
        first.leftDeletedInSource());
  }

  private static OperationOutcome outcomeOf(String account, PendingOperation op, MoveResult r) {
    long uid = op.message().uid();
    if (r.newUids().containsKey(uid)) {
      return OperationOutcome.succeeded(
          r.newLocation(account, uid, op.message().messageId()).orElseThrow());
    }
    if (r.movedUnknownUid().contains(uid)) {
      return OperationOutcome.succeeded(null);
    }
    return notFound(op);
  }

  private static @Nullable Checkpoint merge(
      List<PendingOperation> ops, OperationBatch batch, String destination) {
    Checkpoint merged = null;
    for (PendingOperation op : ops) {
      Checkpoint cp = op.checkpoint();
      if (cp == null
          || !cp.sourceFolder().equals(batch.folder())
          || cp.sourceUidValidity() != batch.uidValidity()
          || !cp.destinationFolder().equals(destination)) {
        continue;
      }
      merged = MergingSink.merge(merged, cp);
    }
    return merged;
  }

  private static OperationOutcome notFound(PendingOperation op) {
    return OperationOutcome.failed(
        new ImapOperationException(
            FailureReason.MESSAGE_NOT_FOUND,
            "message " + op.message() + " is no longer in its folder",
            null,
            null));
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

  private static boolean sameFolder(String a, String b) {
    return a.equals(b) || ("INBOX".equalsIgnoreCase(a) && "INBOX".equalsIgnoreCase(b));
  }

  /**
   * Saves checkpoints merged with what earlier attempts recorded for the same move (Message-IDs
   * united, the lowest UIDNEXT kept), so that no saved checkpoint forgets where an earlier copy may
   * be.
   */
  private static final class MergingSink implements CheckpointSink {
    private final CheckpointSink delegate;
    private @Nullable Checkpoint base;

    MergingSink(CheckpointSink delegate) {
      this.delegate = delegate;
    }

    void startFrom(@Nullable Checkpoint checkpoint) {
      this.base = checkpoint;
    }

    @Override
    public void save(Checkpoint checkpoint) {
      Checkpoint merged = merge(base, checkpoint);
      base = merged;
      delegate.save(merged);
    }

    static Checkpoint merge(@Nullable Checkpoint a, Checkpoint b) {
      if (a == null
          || !a.sourceFolder().equals(b.sourceFolder())
          || a.sourceUidValidity() != b.sourceUidValidity()
          || !a.destinationFolder().equals(b.destinationFolder())
          || a.destinationUidValidity() != b.destinationUidValidity()) {
        return b;
      }
      Map<Long, String> ids = new TreeMap<>(a.messageIds());
      ids.putAll(b.messageIds());
      return new Checkpoint(
          b.sourceFolder(),
          b.sourceUidValidity(),
          b.destinationFolder(),
          b.destinationUidValidity(),
          Math.min(a.destinationUidNext(), b.destinationUidNext()),
          ids);
    }
  }
}
