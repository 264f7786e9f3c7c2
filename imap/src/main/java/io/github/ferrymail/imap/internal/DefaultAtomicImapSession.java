package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.imap.AppendResult;
import io.github.ferrymail.imap.AtomicImapSession;
import io.github.ferrymail.imap.CopyResult;
import io.github.ferrymail.imap.DeleteResult;
import io.github.ferrymail.imap.FlagResult;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapCommandListener;
import io.github.ferrymail.imap.ImapOperationException;
import io.github.ferrymail.imap.MessageContent;
import io.github.ferrymail.imap.MessageFlags;
import io.github.ferrymail.imap.MoveResult;
import io.github.ferrymail.imap.NoUidPlusPolicy;
import io.github.ferrymail.imap.SelectedFolder;
import io.github.ferrymail.imap.ServerCapabilities;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AtomicImapSession}: one {@link ImapConnection} behind a fair lock, so calls from many
 * threads run one after the other, each selecting its own folder.
 */
public final class DefaultAtomicImapSession implements AtomicImapSession {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultAtomicImapSession.class);

  private final ImapAccount account;
  private final ImapConnection connection;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final ExecutorService async;
  private final boolean ownsExecutor;
  private @Nullable String trash;
  private volatile boolean closed;

  private DefaultAtomicImapSession(
      ImapAccount account,
      @Nullable IMAPStore lent,
      @Nullable ExecutorService executor,
      ImapCommandListener commands) {
    this.account = account;
    this.connection = new ImapConnection(account, lent, commands);
    this.ownsExecutor = executor == null;
    this.async =
        executor != null
            ? executor
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "ferry-imap-session");
                  t.setDaemon(true);
                  return t;
                });
  }

  /**
   * Opens a session and logs in.
   *
   * @param account the account
   * @param executor runs the asynchronous forms; null for an internal one closed with the session
   * @return the connected session
   */
  public static AtomicImapSession open(ImapAccount account, @Nullable ExecutorService executor) {
    Args.notNull(account, "account");
    return open(account, executor, ImapCommandListener.NONE);
  }

  /**
   * Opens a session and logs in, telling {@code commands} of every command it sends.
   *
   * @param account the account
   * @param executor runs the asynchronous forms; null for an internal one closed with the session
   * @param commands the command listener
   * @return the connected session
   */
  public static AtomicImapSession open(
      ImapAccount account, @Nullable ExecutorService executor, ImapCommandListener commands) {
    Args.notNull(account, "account");
    Args.notNull(commands, "commands");
    return connected(new DefaultAtomicImapSession(account, null, executor, commands));
  }

  /**
   * A session over a store the caller connected and keeps: its connection runs the commands, and
   * closing the session leaves it open. The account gives the settings (trash folder, ignored
   * capabilities, policies); its host and credentials are not used.
   *
   * @param account the account's settings
   * @param store the connected store
   * @param commands the command listener
   * @return the session
   * @throws ImapOperationException when the store is not connected
   */
  public static AtomicImapSession over(
      ImapAccount account, IMAPStore store, ImapCommandListener commands) {
    Args.notNull(account, "account");
    Args.notNull(store, "store");
    return connected(new DefaultAtomicImapSession(account, store, null, commands));
  }

  private static AtomicImapSession connected(DefaultAtomicImapSession session) {
    try {
      session.capabilities();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  @Override
  public ImapAccount account() {
    return account;
  }

  @Override
  public ServerCapabilities capabilities() {
    return locked(connection::capabilities);
  }

  @Override
  public Optional<SelectedFolder> selectedFolder() {
    return locked(() -> Optional.ofNullable(connection.selected()));
  }

  @Override
  public SelectedFolder select(String folder) {
    Args.notBlank(folder, "folder");
    return run("SELECT '" + folder + "'", wire -> wire.select(folder));
  }

  @Override
  public String trashFolder() {
    return locked(
        () -> {
          String known = trash;
          if (known == null) {
            known = run("LIST", this::findTrash);
            trash = known;
          }
          return known;
        });
  }

  private String findTrash(ImapWire wire) {
    for (ListInfo info : wire.list()) {
      if (info.attrs != null) {
        for (String attr : info.attrs) {
          if ("\\trash".equals(attr.toLowerCase(Locale.ROOT))) {
            return info.name;
          }
        }
      }
    }
    return account.trashFolder();
  }

  @Override
  public FlagResult changeFlags(
      String folder, long uidValidity, Collection<Long> uids, FlagDelta delta) {
    Args.notBlank(folder, "folder");
    Args.positive(uidValidity, "uidValidity");
    SortedSet<Long> set = UidSets.validate(uids, "uids");
    Args.notNull(delta, "delta");
    return run(
        "flags " + delta + " in '" + folder + "'",
        wire ->
            new FlagChange(wire, account.maxUidSetLength())
                .apply(wire.select(folder, uidValidity, set), set, delta));
  }

  @Override
  public FlagResult changeFlags(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      FlagDelta delta,
      long unchangedSince) {
    Args.notBlank(folder, "folder");
    Args.positive(uidValidity, "uidValidity");
    SortedSet<Long> set = UidSets.validate(uids, "uids");
    Args.notNull(delta, "delta");
    Args.positive(unchangedSince, "unchangedSince");
    if (!capabilities().has("CONDSTORE")) {
      throw new ImapOperationException(
          FailureReason.INVALID,
          "the server does not announce CONDSTORE: no UNCHANGEDSINCE",
          null,
          null);
    }
    return run(
        "flags " + delta + " unchanged since " + unchangedSince + " in '" + folder + "'",
        wire ->
            new FlagChange(wire, account.maxUidSetLength())
                .apply(wire.select(folder, uidValidity, set), set, delta, unchangedSince));
  }

  @Override
  public FlagResult addFlags(
      String folder, long uidValidity, Collection<Long> uids, MessageFlags flags) {
    return changeFlags(folder, uidValidity, uids, FlagDelta.of(names(flags), Set.of()));
  }

  @Override
  public FlagResult removeFlags(
      String folder, long uidValidity, Collection<Long> uids, MessageFlags flags) {
    return changeFlags(folder, uidValidity, uids, FlagDelta.of(Set.of(), names(flags)));
  }

  private static Set<String> names(MessageFlags flags) {
    Args.notNull(flags, "flags");
    Set<String> names = new TreeSet<>(flags.keywords());
    if (flags.seen()) {
      names.add(FlagDelta.SEEN);
    }
    if (flags.flagged()) {
      names.add(FlagDelta.FLAGGED);
    }
    return names;
  }

  @Override
  public MoveResult move(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints) {
    Args.notBlank(folder, "folder");
    Args.positive(uidValidity, "uidValidity");
    SortedSet<Long> set = UidSets.validate(uids, "uids");
    Args.notBlank(destination, "destination");
    Args.notNull(checkpoints, "checkpoints");
    if (sameFolder(folder, destination)) {
      throw new IllegalArgumentException(
          "destination must differ from folder: '" + destination + "'");
    }
    return run(
        "move '" + folder + "' -> '" + destination + "'",
        wire -> engine(wire).move(folder, uidValidity, set, destination, checkpoints));
  }

  @Override
  public MoveResult moveToTrash(
      String folder, long uidValidity, Collection<Long> uids, CheckpointSink checkpoints) {
    Args.notBlank(folder, "folder");
    return move(folder, uidValidity, uids, trashFolder(), checkpoints);
  }

  @Override
  public MoveResult restore(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints) {
    return move(folder, uidValidity, uids, destination, checkpoints);
  }

  @Override
  public MoveResult resumeMove(
      Checkpoint checkpoint, Collection<Long> uids, CheckpointSink checkpoints) {
    Args.notNull(checkpoint, "checkpoint");
    SortedSet<Long> set = UidSets.validate(uids, "uids");
    Args.notNull(checkpoints, "checkpoints");
    if (sameFolder(checkpoint.sourceFolder(), checkpoint.destinationFolder())) {
      throw new IllegalArgumentException("checkpoint: destination must differ from source");
    }
    return run(
        "resume move '"
            + checkpoint.sourceFolder()
            + "' -> '"
            + checkpoint.destinationFolder()
            + "'",
        wire -> engine(wire).resume(checkpoint, set, checkpoints));
  }

  @Override
  public boolean createFolder(String folder) {
    Args.notBlank(folder, "folder");
    return run(
        "create '" + folder + "'",
        wire -> {
          if (wire.exists(folder)) {
            return false;
          }
          wire.create(folder);
          return true;
        });
  }

  @Override
  public boolean renameFolder(String folder, String newName) {
    Args.notBlank(folder, "folder");
    Args.notBlank(newName, "newName");
    return run(
        "rename '" + folder + "'",
        wire -> {
          boolean source = wire.exists(folder);
          boolean target = wire.exists(newName);
          if (!source && target) {
            return false; // done already, by an attempt whose answer was lost
          }
          if (!source) {
            throw new ImapOperationException(
                FailureReason.FOLDER_NOT_FOUND,
                "cannot rename '" + folder + "': neither it nor '" + newName + "' exists",
                null,
                null);
          }
          wire.rename(folder, newName); // a target that exists is the server's refusal to tell
          return true;
        });
  }

  @Override
  public boolean deleteFolder(String folder) {
    Args.notBlank(folder, "folder");
    return run(
        "delete '" + folder + "'",
        wire -> {
          if (!wire.exists(folder)) {
            return false;
          }
          wire.delete(folder);
          return true;
        });
  }

  @Override
  public void setSubscribed(String folder, boolean subscribed) {
    Args.notBlank(folder, "folder");
    run(
        (subscribed ? "subscribe '" : "unsubscribe '") + folder + "'",
        wire -> {
          wire.subscribe(folder, subscribed);
          return null;
        });
  }

  @Override
  public CopyResult copy(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints) {
    Args.notBlank(folder, "folder");
    Args.positive(uidValidity, "uidValidity");
    SortedSet<Long> set = UidSets.validate(uids, "uids");
    Args.notBlank(destination, "destination");
    Args.notNull(checkpoints, "checkpoints");
    return run(
        "copy '" + folder + "' -> '" + destination + "'",
        wire -> copied(copyEngine(wire).move(folder, uidValidity, set, destination, checkpoints)));
  }

  @Override
  public CopyResult resumeCopy(
      Checkpoint checkpoint, Collection<Long> uids, CheckpointSink checkpoints) {
    Args.notNull(checkpoint, "checkpoint");
    SortedSet<Long> set = UidSets.validate(uids, "uids");
    Args.notNull(checkpoints, "checkpoints");
    return run(
        "resume copy '"
            + checkpoint.sourceFolder()
            + "' -> '"
            + checkpoint.destinationFolder()
            + "'",
        wire -> copied(copyEngine(wire).resume(checkpoint, set, checkpoints)));
  }

  @Override
  public AppendResult append(
      String folder,
      MessageContent content,
      Set<String> flags,
      @Nullable Instant internalDate,
      @Nullable Checkpoint earlier,
      CheckpointSink checkpoints) {
    Args.notBlank(folder, "folder");
    Args.notNull(content, "content");
    Set<String> checked =
        Args.notNull(flags, "flags").isEmpty() ? Set.of() : FlagDelta.of(flags, Set.of()).add();
    Args.notNull(checkpoints, "checkpoints");
    return run(
        "append to '" + folder + "'",
        wire ->
            new AppendEngine(wire, connection.knownCapabilities())
                .append(folder, content, checked, internalDate, earlier, checkpoints));
  }

  /** A copy's result, from the engine's move-shaped one (a copy leaves nothing flagged). */
  private static CopyResult copied(MoveResult result) {
    return new CopyResult(
        result.sourceFolder(),
        result.sourceUidValidity(),
        result.destinationFolder(),
        result.destinationUidValidity(),
        result.newUids(),
        result.movedUnknownUid(),
        result.missing());
  }

  @Override
  public DeleteResult permanentDelete(String folder, long uidValidity, Collection<Long> uids) {
    Args.notBlank(folder, "folder");
    Args.positive(uidValidity, "uidValidity");
    SortedSet<Long> set = UidSets.validate(uids, "uids");
    return run(
        "delete in '" + folder + "'",
        wire -> {
          wire.select(folder, uidValidity, set);
          MoveEngine engine = engine(wire);
          SortedSet<Long> present = wire.existing(set, account.maxUidSetLength());
          Set<Long> flaggedOnly = present.isEmpty() ? Set.of() : engine.removeFromSource(present);
          Set<Long> deleted = new TreeSet<>(present);
          deleted.removeAll(flaggedOnly);
          Set<Long> missing = new TreeSet<>(set);
          missing.removeAll(present);
          if (!flaggedOnly.isEmpty()
              && account.noUidPlusPolicy() == NoUidPlusPolicy.LEAVE_DELETED_FLAG) {
            LOG.info(
                "{}: no UIDPLUS; {} message(s) in '{}' flagged \\Deleted, left for an expunge",
                account,
                flaggedOnly.size(),
                folder);
          }
          return new DeleteResult(folder, uidValidity, deleted, flaggedOnly, missing);
        });
  }

  @Override
  public CompletableFuture<FlagResult> changeFlagsAsync(
      String folder, long uidValidity, Collection<Long> uids, FlagDelta delta) {
    return submit(() -> changeFlags(folder, uidValidity, uids, delta));
  }

  @Override
  public CompletableFuture<FlagResult> addFlagsAsync(
      String folder, long uidValidity, Collection<Long> uids, MessageFlags flags) {
    return submit(() -> addFlags(folder, uidValidity, uids, flags));
  }

  @Override
  public CompletableFuture<FlagResult> removeFlagsAsync(
      String folder, long uidValidity, Collection<Long> uids, MessageFlags flags) {
    return submit(() -> removeFlags(folder, uidValidity, uids, flags));
  }

  @Override
  public CompletableFuture<MoveResult> moveAsync(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints) {
    return submit(() -> move(folder, uidValidity, uids, destination, checkpoints));
  }

  @Override
  public CompletableFuture<MoveResult> moveToTrashAsync(
      String folder, long uidValidity, Collection<Long> uids, CheckpointSink checkpoints) {
    return submit(() -> moveToTrash(folder, uidValidity, uids, checkpoints));
  }

  @Override
  public CompletableFuture<MoveResult> restoreAsync(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints) {
    return submit(() -> restore(folder, uidValidity, uids, destination, checkpoints));
  }

  @Override
  public CompletableFuture<MoveResult> resumeMoveAsync(
      Checkpoint checkpoint, Collection<Long> uids, CheckpointSink checkpoints) {
    return submit(() -> resumeMove(checkpoint, uids, checkpoints));
  }

  @Override
  public CompletableFuture<CopyResult> copyAsync(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints) {
    return submit(() -> copy(folder, uidValidity, uids, destination, checkpoints));
  }

  @Override
  public CompletableFuture<CopyResult> resumeCopyAsync(
      Checkpoint checkpoint, Collection<Long> uids, CheckpointSink checkpoints) {
    return submit(() -> resumeCopy(checkpoint, uids, checkpoints));
  }

  @Override
  public CompletableFuture<DeleteResult> permanentDeleteAsync(
      String folder, long uidValidity, Collection<Long> uids) {
    return submit(() -> permanentDelete(folder, uidValidity, uids));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ownsExecutor) {
      async.shutdownNow();
    }
    lock.lock();
    try {
      connection.close();
    } finally {
      lock.unlock();
    }
  }

  private MoveEngine engine(ImapWire wire) {
    return new MoveEngine(account, wire, connection.knownCapabilities());
  }

  private MoveEngine copyEngine(ImapWire wire) {
    return MoveEngine.copying(account, wire, connection.knownCapabilities());
  }

  private <T> T run(String context, Function<ImapWire, T> work) {
    return locked(() -> connection.run(context, work));
  }

  private <T> T locked(Supplier<T> work) {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private <T> CompletableFuture<T> submit(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, async);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static boolean sameFolder(String a, String b) {
    return a.equals(b) || ("INBOX".equalsIgnoreCase(a) && "INBOX".equalsIgnoreCase(b));
  }
}
