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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
 * FailureReason#MESSAGE_NOT_FOUND} for missing ones, and all fail with {@link
 * FailureReason#KEYWORD_NOT_STORABLE} when they add a keyword the folder cannot store; moves report
 * each message's new location, or {@link OperationOutcome#movedUidUnknown} with the folder it is in
 * when its new UID could not be learned; copies report each copy's location the same way, the
 * original staying where it is; a permanent delete of a message already gone succeeds. A failure
 * that affects the whole batch and may pass (connection lost, timeout, busy server) or concerns the
 * whole account (authentication) is thrown as {@link OperationFailedException}; a permanent one
 * (stale UIDVALIDITY, missing folder, permission) comes back as a failed outcome for every
 * operation of the batch. Operations carrying a checkpoint are reconciled before anything is
 * repeated, grouped by the destination their checkpoint names, each group's checkpoints saved on
 * its own operations. When a group fails after others finished, or after its messages were moved
 * part of the way (a coalesced A to B to C move whose second leg failed), the batch is not thrown:
 * the finished operations keep their outcomes, the partway ones fail {@link
 * OperationOutcome#failedPartway} at B, and the rest fail with the error, whose reason keeps its
 * category (transient, say).
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
}
