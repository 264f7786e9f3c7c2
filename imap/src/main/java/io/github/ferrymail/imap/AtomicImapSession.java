package io.github.ferrymail.imap;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.imap.internal.DefaultAtomicImapSession;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated IMAP connection that changes messages exactly once: flags and keywords, moves,
 * move to trash, restore, copy, append and permanent delete, each on a UID set in one command
 * (split only where a server's command-length limit requires).
 *
 * <p>How it moves depends on what the server offers: {@code UID MOVE}; else {@code UID COPY},
 * {@code UID STORE +FLAGS.SILENT (\Deleted)} and {@code UID EXPUNGE} of exactly those UIDs; else
 * copy and {@code \Deleted}, then the account's {@link NoUidPlusPolicy}. It never sends a plain
 * {@code EXPUNGE} or {@code CLOSE} that could remove another client's {@code \Deleted} messages,
 * unless the policy says so. Before each copy or move it hands a {@link Checkpoint} to the caller's
 * {@link CheckpointSink}; given that checkpoint back after a dropped connection, {@link
 * #resumeMove} finishes what was done instead of copying twice. See {@code
 * docs/imap-guarantees.md}.
 *
 * <p>Thread-safe: calls from many threads are serialised, and each runs in its own folder context.
 * One session is one connection; for parallelism keep several sessions per account (a pool is the
 * caller's choice). Every method throws {@link ImapOperationException} with a classified reason
 * when the server or the connection fails, and {@link IllegalArgumentException} or {@link
 * NullPointerException} naming the argument for bad input, before anything is sent.
 */
public interface AtomicImapSession extends AutoCloseable {

  /**
   * Opens a session and logs in. Asynchronous calls run on a small internal daemon thread.
   *
   * @param account where and how to log in
   * @return the connected session
   * @throws ImapOperationException when the server cannot be reached or refuses the login
   */
  static AtomicImapSession open(ImapAccount account) {
    return DefaultAtomicImapSession.open(account, null);
  }

  /**
   * Opens a session and logs in; asynchronous calls run on the given executor (which the caller
   * keeps and shuts down).
   *
   * @param account where and how to log in
   * @param asyncExecutor runs the asynchronous forms
   * @return the connected session
   * @throws ImapOperationException when the server cannot be reached or refuses the login
   */
  static AtomicImapSession open(ImapAccount account, ExecutorService asyncExecutor) {
    return DefaultAtomicImapSession.open(account, asyncExecutor);
  }

  /**
   * The account this session logs in to.
   *
   * @return the account
   */
  ImapAccount account();

  /**
   * The server's capabilities after login (reconnecting if needed), less those the account ignores.
   *
   * @return the capabilities
   */
  ServerCapabilities capabilities();

  /**
   * The folder currently selected on the connection, if any.
   *
   * @return the selected folder
   */
  Optional<SelectedFolder> selectedFolder();

  /**
   * Selects a folder read-write (unless it already is) and reports its state; callers use it to
   * learn a folder's UIDVALIDITY.
   *
   * @param folder the folder's full name
   * @return its state
   */
  SelectedFolder select(String folder);

  /**
   * The trash folder: the one marked SPECIAL-USE {@code \Trash}, else the account's configured
   * name.
   *
   * @return the full name
   */
  String trashFolder();

  /**
   * Adds and removes flags and keywords: per chunk one {@code UID STORE +FLAGS} for the flags the
   * delta adds and one {@code UID STORE -FLAGS} for those it removes, never a {@code FLAGS}
   * replacement (the message's other flags stay as they are); idempotent. Which UIDs exist is
   * learned from the server's FETCH replies, with a {@code UID SEARCH} only for UIDs they did not
   * name (a message already as wished, on servers that report changed messages only).
   *
   * <p>A keyword the delta adds must be one the folder stores ({@link
   * SelectedFolder#storesKeyword}, from its {@code PERMANENTFLAGS}); otherwise nothing is sent and
   * the call fails with {@link io.github.ferrymail.core.FailureReason#KEYWORD_NOT_STORABLE}, naming
   * the keyword and the folder.
   *
   * @param folder the folder
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @param delta the flags to add and to remove
   * @return which UIDs are as wished now and which are missing
   */
  FlagResult changeFlags(String folder, long uidValidity, Collection<Long> uids, FlagDelta delta);

  /**
   * {@link #changeFlags} only on messages nobody changed since {@code unchangedSince}: {@code UID
   * STORE ... (UNCHANGEDSINCE n)} (RFC 7162); the others are left as they are and listed in {@link
   * FlagResult#modified()}. Needs CONDSTORE ({@code capabilities().has("CONDSTORE")}).
   *
   * @param folder the folder
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @param delta the flags to add and to remove
   * @param unchangedSince the MODSEQ the application last saw, positive
   * @return which messages changed, which were missing, which were modified by someone else
   * @throws ImapOperationException when the server has no CONDSTORE, among others
   */
  FlagResult changeFlags(
      String folder, long uidValidity, Collection<Long> uids, FlagDelta delta, long unchangedSince);

  /**
   * Sets flags: {@link #changeFlags} with a delta that only adds.
   *
   * @param folder the folder
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @param flags the flags to set
   * @return which UIDs have the flags now and which are missing
   */
  FlagResult addFlags(String folder, long uidValidity, Collection<Long> uids, MessageFlags flags);

  /**
   * Clears flags: {@link #changeFlags} with a delta that only removes.
   *
   * @param folder the folder
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @param flags the flags to clear
   * @return which UIDs lack the flags now and which are missing
   */
  FlagResult removeFlags(
      String folder, long uidValidity, Collection<Long> uids, MessageFlags flags);

  /**
   * Makes a folder exist: {@code CREATE} unless LIST shows it already.
   *
   * @param folder the folder's full name, with the server's hierarchy separator
   * @return true when this call created it, false when it existed
   */
  boolean createFolder(String folder);

  /**
   * Renames a folder: {@code RENAME} when LIST shows the old name and not the new one; nothing when
   * the old name is gone and the new one exists (an earlier attempt did it).
   *
   * @param folder the folder's full name
   * @param newName its new full name
   * @return true when this call renamed it, false when it was renamed already
   * @throws ImapOperationException {@code FOLDER_NOT_FOUND} when neither name exists, or the
   *     server's refusal, classified
   */
  boolean renameFolder(String folder, String newName);

  /**
   * Makes a folder not exist: {@code DELETE} (which removes its messages) unless LIST shows it gone
   * already. Never {@code CLOSE}: a selected folder is left by selecting INBOX.
   *
   * @param folder the folder's full name
   * @return true when this call deleted it, false when it did not exist
   */
  boolean deleteFolder(String folder);

  /**
   * {@code SUBSCRIBE} or {@code UNSUBSCRIBE}.
   *
   * @param folder the folder's full name
   * @param subscribed whether it should be subscribed
   */
  void setSubscribed(String folder, boolean subscribed);

  /**
   * Moves messages to another folder.
   *
   * @param folder the source folder
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @param destination the destination folder, not the source
   * @param checkpoints receives the checkpoint before the copy or move is sent
   * @return where every message went
   */
  MoveResult move(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints);

  /**
   * Moves messages to the {@linkplain #trashFolder() trash}.
   *
   * @param folder the source folder (not the trash)
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @param checkpoints receives the checkpoint before the copy or move is sent
   * @return where every message went
   */
  MoveResult moveToTrash(
      String folder, long uidValidity, Collection<Long> uids, CheckpointSink checkpoints);

  /**
   * Moves messages from the trash (or wherever they are) back to a folder: a move by another name.
   *
   * @param folder the folder they are in now, usually the trash
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @param destination the folder to restore them to
   * @param checkpoints receives the checkpoint before the copy or move is sent
   * @return where every message went
   */
  MoveResult restore(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints);

  /**
   * Finishes a move an earlier attempt began, from the checkpoint it saved: per message, when the
   * source is gone and the copy is in the destination it is done; when both exist the copy happened
   * and only the removal from the source is finished; when only the source exists it is moved now.
   * Never copies a message twice.
   *
   * @param checkpoint what the earlier attempt saved
   * @param uids the source UIDs of the move (those of the checkpoint's source folder)
   * @param checkpoints receives a checkpoint again before anything is copied
   * @return where every message is
   */
  MoveResult resumeMove(Checkpoint checkpoint, Collection<Long> uids, CheckpointSink checkpoints);

  /**
   * Copies messages to a folder: {@code UID COPY}, the originals stay. The copies' UIDs come from
   * COPYUID (UIDPLUS), else from a Message-ID search among the messages that arrived in the
   * destination after the checkpoint. The checkpoint goes to {@code checkpoints} before the copy is
   * sent; given back to {@link #resumeCopy} after a dropped connection, it finds the copies made
   * instead of copying again.
   *
   * @param folder the source folder
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @param destination the destination folder (the source itself makes second copies there)
   * @param checkpoints receives the checkpoint before the copy is sent
   * @return where every copy is
   */
  CopyResult copy(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints);

  /**
   * Finishes a copy an earlier attempt began, from the checkpoint it saved: per message, a copy
   * found in the destination (at or above the checkpoint's UIDNEXT, by Message-ID) is reported, and
   * only a message without one is copied now. Never copies a message twice.
   *
   * @param checkpoint what the earlier attempt saved
   * @param uids the source UIDs of the copy (those of the checkpoint's source folder)
   * @param checkpoints receives a checkpoint again before anything is copied
   * @return where every copy is
   */
  CopyResult resumeCopy(Checkpoint checkpoint, Collection<Long> uids, CheckpointSink checkpoints);

  /**
   * The header Ferry adds at the top of every message it appends, with a token of its own: what
   * finds the message again after a connection lost while its {@code APPEND} was on the way (as
   * mbsync does with {@code X-TUID}).
   */
  String APPEND_HEADER = "X-Ferry-Append";

  /**
   * Appends a message exactly once. Before {@code APPEND} it learns the folder's UIDVALIDITY and
   * UIDNEXT ({@code STATUS}) and hands {@code checkpoints} a checkpoint holding them and a new
   * token; the message goes out with the header {@link #APPEND_HEADER} carrying that token, its
   * bytes streamed as the literal. Its UID comes from APPENDUID when the server has UIDPLUS, else
   * from {@code UID SEARCH HEADER} for the token. Given that checkpoint back after a dropped
   * connection ({@code earlier}), it searches for the token first, and appends only when the
   * message is not there: never a second copy.
   *
   * @param folder the folder
   * @param content the message's bytes
   * @param flags flags and keywords to store it with, as {@link
   *     io.github.ferrymail.core.NewMessage} checks them; may be empty
   * @param internalDate its internal date, or null for the server's time
   * @param earlier the checkpoint an earlier attempt saved, or null
   * @param checkpoints receives the checkpoint before the message is sent
   * @return where the message is
   */
  AppendResult append(
      String folder,
      MessageContent content,
      Set<String> flags,
      @Nullable Instant internalDate,
      @Nullable Checkpoint earlier,
      CheckpointSink checkpoints);

  /**
   * Deletes messages for good: {@code \Deleted} and {@code UID EXPUNGE} of exactly these UIDs; on a
   * server without UIDPLUS, as the account's {@link NoUidPlusPolicy} says. Idempotent: messages
   * already gone are reported as missing, not as errors.
   *
   * @param folder the folder
   * @param uidValidity the UIDVALIDITY the UIDs belong to
   * @param uids the messages, not empty
   * @return what was deleted
   */
  DeleteResult permanentDelete(String folder, long uidValidity, Collection<Long> uids);

  /**
   * {@link #changeFlags} on the session's executor.
   *
   * @param folder the folder
   * @param uidValidity its UIDVALIDITY
   * @param uids the messages
   * @param delta the flags to add and to remove
   * @return the future result
   */
  CompletableFuture<FlagResult> changeFlagsAsync(
      String folder, long uidValidity, Collection<Long> uids, FlagDelta delta);

  /**
   * {@link #addFlags} on the session's executor.
   *
   * @param folder the folder
   * @param uidValidity its UIDVALIDITY
   * @param uids the messages
   * @param flags the flags
   * @return the future result
   */
  CompletableFuture<FlagResult> addFlagsAsync(
      String folder, long uidValidity, Collection<Long> uids, MessageFlags flags);

  /**
   * {@link #removeFlags} on the session's executor.
   *
   * @param folder the folder
   * @param uidValidity its UIDVALIDITY
   * @param uids the messages
   * @param flags the flags
   * @return the future result
   */
  CompletableFuture<FlagResult> removeFlagsAsync(
      String folder, long uidValidity, Collection<Long> uids, MessageFlags flags);

  /**
   * {@link #move} on the session's executor.
   *
   * @param folder the source folder
   * @param uidValidity its UIDVALIDITY
   * @param uids the messages
   * @param destination the destination folder
   * @param checkpoints receives the checkpoint
   * @return the future result
   */
  CompletableFuture<MoveResult> moveAsync(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints);

  /**
   * {@link #moveToTrash} on the session's executor.
   *
   * @param folder the source folder
   * @param uidValidity its UIDVALIDITY
   * @param uids the messages
   * @param checkpoints receives the checkpoint
   * @return the future result
   */
  CompletableFuture<MoveResult> moveToTrashAsync(
      String folder, long uidValidity, Collection<Long> uids, CheckpointSink checkpoints);

  /**
   * {@link #restore} on the session's executor.
   *
   * @param folder the folder they are in now
   * @param uidValidity its UIDVALIDITY
   * @param uids the messages
   * @param destination the folder to restore them to
   * @param checkpoints receives the checkpoint
   * @return the future result
   */
  CompletableFuture<MoveResult> restoreAsync(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints);

  /**
   * {@link #resumeMove} on the session's executor.
   *
   * @param checkpoint what the earlier attempt saved
   * @param uids the source UIDs
   * @param checkpoints receives a checkpoint again
   * @return the future result
   */
  CompletableFuture<MoveResult> resumeMoveAsync(
      Checkpoint checkpoint, Collection<Long> uids, CheckpointSink checkpoints);

  /**
   * {@link #copy} on the session's executor.
   *
   * @param folder the source folder
   * @param uidValidity its UIDVALIDITY
   * @param uids the messages
   * @param destination the destination folder
   * @param checkpoints receives the checkpoint
   * @return the future result
   */
  CompletableFuture<CopyResult> copyAsync(
      String folder,
      long uidValidity,
      Collection<Long> uids,
      String destination,
      CheckpointSink checkpoints);

  /**
   * {@link #resumeCopy} on the session's executor.
   *
   * @param checkpoint what the earlier attempt saved
   * @param uids the source UIDs
   * @param checkpoints receives a checkpoint again
   * @return the future result
   */
  CompletableFuture<CopyResult> resumeCopyAsync(
      Checkpoint checkpoint, Collection<Long> uids, CheckpointSink checkpoints);

  /**
   * {@link #permanentDelete} on the session's executor.
   *
   * @param folder the folder
   * @param uidValidity its UIDVALIDITY
   * @param uids the messages
   * @return the future result
   */
  CompletableFuture<DeleteResult> permanentDeleteAsync(
      String folder, long uidValidity, Collection<Long> uids);

  /**
   * Logs out and closes the connection, and the internal executor if there is one. Pending
   * asynchronous calls then fail. Idempotent.
   */
  @Override
  void close();
}
