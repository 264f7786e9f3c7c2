package io.github.ferrymail.imap.internal;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.ImapOperationException;
import io.github.ferrymail.imap.MoveResult;
import io.github.ferrymail.imap.NoUidPlusPolicy;
import io.github.ferrymail.imap.SelectedFolder;
import io.github.ferrymail.imap.ServerCapabilities;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.angus.mail.iap.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves or copies messages with the strategy the server's capabilities allow, and finishes
 * interrupted moves and copies from their checkpoints. A copy is a move that keeps its originals:
 * always {@code UID COPY}, never a removal from the source; its resume finds the copies made by the
 * attempt that was cut the same way. Runs inside one session call, on one connection.
 */
final class MoveEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MoveEngine.class);
  private static final String DELETED = "(\\Deleted)";

  private final ImapAccount account;
  private final ImapWire wire;
  private final ServerCapabilities caps;
  private final boolean keepOriginals;

  /** An engine that moves. */
  MoveEngine(ImapAccount account, ImapWire wire, ServerCapabilities caps) {
    this(account, wire, caps, false);
  }

  private MoveEngine(
      ImapAccount account, ImapWire wire, ServerCapabilities caps, boolean keepOriginals) {
    this.account = account;
    this.wire = wire;
    this.caps = caps;
    this.keepOriginals = keepOriginals;
  }

  /** An engine that copies: its {@link #move} and {@link #resume} leave the originals in place. */
  static MoveEngine copying(ImapAccount account, ImapWire wire, ServerCapabilities caps) {
    return new MoveEngine(account, wire, caps, true);
  }

  /** A fresh move: nothing of it has happened yet. */
  MoveResult move(
      String source,
      long uidValidity,
      SortedSet<Long> uids,
      String destination,
      CheckpointSink sink) {
    wire.select(source, uidValidity, uids);
    Map<Long, MessageMeta> metas = fetchExisting(source, uids);
    Set<Long> missing = new TreeSet<>(uids);
    missing.removeAll(metas.keySet());
    if (metas.isEmpty()) {
      return new MoveResult(
          source, uidValidity, destination, 0, Map.of(), Set.of(), missing, Set.of());
    }
    long[] status = destinationStatus(destination);
    Checkpoint checkpoint =
        new Checkpoint(
            source, uidValidity, destination, status[0], status[1], messageIds(metas.values()));
    sink.save(checkpoint);
    Outcome outcome = transfer(source, metas, destination, status[0], status[1], Set.of());
    return outcome.toResult(source, uidValidity, destination, missing);
  }

  /** Finishes a move from what an earlier attempt recorded; see AtomicImapSession#resumeMove. */
  MoveResult resume(Checkpoint cp, SortedSet<Long> uids, CheckpointSink sink) {
    String source = cp.sourceFolder();
    String destination = cp.destinationFolder();
    wire.select(source, cp.sourceUidValidity(), uids);
    Map<Long, MessageMeta> inSource = fetchExisting(source, uids);

    long[] status;
    try {
      status = destinationStatus(destination);
    } catch (ImapOperationException e) {
      if (e.reason() != FailureReason.FOLDER_NOT_FOUND || !inSource.isEmpty()) {
        throw e;
      }
      // Neither the originals nor the destination exist: nothing left to find.
      Set<Long> gone = new TreeSet<>(uids);
      return new MoveResult(
          source, cp.sourceUidValidity(), destination, 0, Map.of(), Set.of(), gone, Set.of());
    }
    boolean sameDestination = status[0] == cp.destinationUidValidity();

    // What to look for: the source's own data where the original is still there, else the
    // Message-ID the checkpoint recorded (without one a vanished original cannot be traced).
    Map<Long, MessageMeta> sought = new TreeMap<>();
    for (long uid : uids) {
      MessageMeta here = inSource.get(uid);
      String recordedId = cp.messageIds().get(uid);
      if (here != null) {
        sought.put(uid, here);
      } else if (recordedId != null) {
        sought.put(uid, new MessageMeta(uid, recordedId, -1, null, false));
      }
    }
    CopyLocator.Located located =
        sameDestination
            ? locate(destination, status[0], cp.destinationUidNext(), sought, Set.of())
            : new CopyLocator.Located(Map.of(), Set.of());

    Map<Long, Long> newUids = new TreeMap<>();
    Set<Long> unknown = new TreeSet<>();
    Set<Long> missing = new TreeSet<>();
    SortedSet<Long> finish = new TreeSet<>();
    Map<Long, MessageMeta> redo = new TreeMap<>();
    for (long uid : uids) {
      boolean inSrc = inSource.containsKey(uid);
      boolean inDst = located.found(uid);
      Long newUid = located.newUids().get(uid);
      if (inDst) {
        if (newUid != null) {
          newUids.put(uid, newUid);
        } else {
          unknown.add(uid);
        }
        if (inSrc && !keepOriginals) {
          finish.add(uid);
        }
      } else if (inSrc) {
        redo.put(uid, inSource.get(uid));
      } else if (cp.messageIds().containsKey(uid) || keepOriginals) {
        // A copy never removes its original: one that is gone was removed by someone else, and
        // without its Message-ID nothing tells whether the cut attempt copied it first.
        missing.add(uid);
      } else {
        LOG.warn(
            "{}: UID {} left '{}' but has no Message-ID to find it by in '{}'; assuming it moved",
            account,
            uid,
            source,
            destination);
        unknown.add(uid);
      }
    }
    LOG.info(
        "{}: resuming {} '{}' -> '{}': {} done, {} copied (finishing), {} to redo, {} missing",
        account,
        keepOriginals ? "copy" : "move",
        source,
        destination,
        newUids.size() + unknown.size() - finish.size(),
        finish.size(),
        redo.size(),
        missing.size());

    Set<Long> leftDeleted = new TreeSet<>();
    if (!finish.isEmpty()) {
      wire.select(source, cp.sourceUidValidity());
      leftDeleted.addAll(removeFromSource(finish));
    }
    long destinationUidValidity = sameDestination ? cp.destinationUidValidity() : status[0];
    if (!redo.isEmpty()) {
      // Keep the first attempt's UIDNEXT: copies made since, by any attempt, stay findable.
      long uidNext = sameDestination ? Math.min(cp.destinationUidNext(), status[1]) : status[1];
      Map<Long, String> ids = new TreeMap<>(cp.messageIds());
      ids.putAll(messageIds(redo.values()));
      sink.save(
          new Checkpoint(source, cp.sourceUidValidity(), destination, status[0], uidNext, ids));
      wire.select(source, cp.sourceUidValidity());
      Set<Long> taken = new HashSet<>(newUids.values());
      Outcome outcome = transfer(source, redo, destination, status[0], uidNext, taken);
      newUids.putAll(outcome.newUids);
      unknown.addAll(outcome.unknown);
      leftDeleted.addAll(outcome.leftDeleted);
      destinationUidValidity = outcome.destinationUidValidity;
    }
    return new MoveResult(
        source,
        cp.sourceUidValidity(),
        destination,
        destinationUidValidity,
        newUids,
        unknown,
        missing,
        leftDeleted);
  }

  /** What a transfer did. */
  private static final class Outcome {
    final Map<Long, Long> newUids = new TreeMap<>();
    final Set<Long> unknown = new TreeSet<>();
    final Set<Long> leftDeleted = new TreeSet<>();
    long destinationUidValidity;

    MoveResult toResult(String source, long uidValidity, String destination, Set<Long> missing) {
      return new MoveResult(
          source,
          uidValidity,
          destination,
          destinationUidValidity,
          newUids,
          unknown,
          missing,
          leftDeleted);
    }
  }

  /**
   * Copies or moves the messages (the source is selected) and learns their new UIDs. The caller has
   * saved a checkpoint already.
   */
  private Outcome transfer(
      String source,
      Map<Long, MessageMeta> metas,
      String destination,
      long destinationUidValidity,
      long uidNext,
      Set<Long> alreadyTaken) {
    Outcome out = new Outcome();
    out.destinationUidValidity = destinationUidValidity;
    SortedSet<Long> uids = new TreeSet<>(metas.keySet());
    ServerCapabilities.MoveStrategy strategy = caps.moveStrategy();
    for (SortedSet<Long> chunk : UidSets.chunk(uids, account.maxUidSetLength())) {
      String set = UidSets.compress(chunk);
      boolean uidMove = !keepOriginals && strategy == ServerCapabilities.MoveStrategy.UID_MOVE;
      Response[] responses =
          uidMove ? wire.uidMove(set, destination) : wire.uidCopy(set, destination);
      Map<Long, Long> copies = new LinkedHashMap<>();
      if (caps.uidPlus()) {
        CopyUids.Parsed parsed = CopyUids.parse(responses, chunk.size());
        copies.putAll(CopyUids.trusted(parsed, chunk, uidNext, destinationUidValidity));
        if (!copies.isEmpty() && parsed.destinationUidValidity() > 0) {
          out.destinationUidValidity = parsed.destinationUidValidity();
        }
      }
      out.newUids.putAll(copies);
      if (!uidMove && !keepOriginals) {
        out.leftDeleted.addAll(finishCopy(set, chunk, copies, destination));
      }
    }
    Map<Long, MessageMeta> unresolved = new TreeMap<>(metas);
    unresolved.keySet().removeAll(out.newUids.keySet());
    if (!unresolved.isEmpty()) {
      if (out.destinationUidValidity == destinationUidValidity) {
        Set<Long> taken = new HashSet<>(alreadyTaken);
        taken.addAll(out.newUids.values());
        CopyLocator.Located located =
            locate(destination, destinationUidValidity, uidNext, unresolved, taken);
        out.newUids.putAll(located.newUids());
      }
      for (long uid : unresolved.keySet()) {
        if (!out.newUids.containsKey(uid)) {
          out.unknown.add(uid);
        }
      }
      if (!out.unknown.isEmpty()) {
        LOG.warn(
            "{}: {} UIDs {} from '{}' to '{}' but could not learn their new UIDs",
            account,
            keepOriginals ? "copied" : "moved",
            out.unknown,
            source,
            destination);
      }
    }
    return out;
  }

  /**
   * After a copy: flag the originals {@code \Deleted} and expunge exactly them. If the server
   * refuses that even on a second try, remove the copies again so that every message is in one
   * place, and fail. A dropped connection is left to the retry, which rolls forward from the
   * checkpoint.
   */
  private Set<Long> finishCopy(
      String set, SortedSet<Long> chunk, Map<Long, Long> copies, String destination) {
    ImapOperationException refused = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        return removeFromSource(chunk);
      } catch (ImapOperationException e) {
        if (e.outcomeUnknown()) {
          throw e;
        }
        refused = e;
        LOG.warn(
            "{}: removing originals {} after the copy failed: {}", account, set, e.getMessage());
      }
    }
    if (!copies.isEmpty() && caps.uidPlus()) {
      SortedSet<Long> copyUids = new TreeSet<>(copies.values());
      wire.select(destination);
      for (SortedSet<Long> c : UidSets.chunk(copyUids, account.maxUidSetLength())) {
        String s = UidSets.compress(c);
        wire.store(s, true, DELETED);
        wire.uidExpunge(s);
      }
      LOG.warn("{}: removed the copies {} from '{}' again", account, copyUids, destination);
      throw new ImapOperationException(
          refused.reason(),
          refused.getMessage() + " (the copies were removed again; nothing moved)",
          refused.responseCode(),
          refused);
    }
    throw refused;
  }

  /**
   * Flags the given UIDs of the selected folder {@code \Deleted} and expunges exactly them, or
   * follows the NoUidPlusPolicy. Returns the UIDs left flagged in place.
   */
  Set<Long> removeFromSource(SortedSet<Long> uids) {
    List<SortedSet<Long>> chunks = UidSets.chunk(uids, account.maxUidSetLength());
    for (SortedSet<Long> chunk : chunks) {
      wire.store(UidSets.compress(chunk), true, DELETED);
    }
    if (caps.uidPlus()) {
      for (SortedSet<Long> chunk : chunks) {
        wire.uidExpunge(UidSets.compress(chunk));
      }
      return Set.of();
    }
    if (account.noUidPlusPolicy() == NoUidPlusPolicy.LEAVE_DELETED_FLAG) {
      return uids;
    }
    scopedExpunge(uids);
    return Set.of();
  }

  /**
   * Without UID EXPUNGE: clear other messages' {@code \Deleted}, EXPUNGE, flag them again. Racy by
   * nature (documented): a message flagged by another client in between is expunged too. If the
   * connection drops in between, the others keep a cleared flag: no message is lost.
   */
  private void scopedExpunge(SortedSet<Long> ours) {
    SortedSet<Long> others = wire.uidSearch("DELETED");
    others.removeAll(ours);
    List<SortedSet<Long>> chunks =
        others.isEmpty() ? List.of() : UidSets.chunk(others, account.maxUidSetLength());
    for (SortedSet<Long> chunk : chunks) {
      wire.store(UidSets.compress(chunk), false, DELETED);
    }
    try {
      wire.expunge();
    } finally {
      for (SortedSet<Long> chunk : chunks) {
        wire.store(UidSets.compress(chunk), true, DELETED);
      }
    }
  }

  /**
   * What the selected source holds of {@code uids}: found by SEARCH, described by FETCH. Angus
   * drops a FETCH reply it cannot parse (a literal longer than announced, say) without a word; a
   * UID the search found and the fetch did not describe would then pass for gone, and a resumed
   * move would count a message still in its source as moved. So such an answer fails the call,
   * before anything is changed; the retry asks again.
   */
  private Map<Long, MessageMeta> fetchExisting(String source, SortedSet<Long> uids) {
    SortedSet<Long> existing = wire.existing(uids, account.maxUidSetLength());
    Map<Long, MessageMeta> metas = fetchMeta(existing);
    if (!metas.keySet().containsAll(existing)) {
      SortedSet<Long> undescribed = new TreeSet<>(existing);
      undescribed.removeAll(metas.keySet());
      throw new ImapOperationException(
          FailureReason.UNKNOWN,
          "the server's FETCH answer in '"
              + source
              + "' left out UIDs "
              + undescribed
              + " that its SEARCH had just found (a reply it could not parse?); nothing was changed",
          null,
          null);
    }
    return metas;
  }

  private Map<Long, MessageMeta> fetchMeta(SortedSet<Long> uids) {
    Map<Long, MessageMeta> metas = new TreeMap<>();
    if (uids.isEmpty()) {
      return metas;
    }
    for (SortedSet<Long> chunk : UidSets.chunk(uids, account.maxUidSetLength())) {
      wire.fetchMeta(UidSets.compress(chunk))
          .forEach(
              (uid, meta) -> {
                if (chunk.contains(uid)) {
                  metas.put(uid, meta);
                }
              });
    }
    return metas;
  }

  /** UIDVALIDITY and UIDNEXT of the destination, creating it first if the account says so. */
  long[] destinationStatus(String destination) {
    try {
      return wire.status(destination);
    } catch (ImapOperationException e) {
      if (e.reason() != FailureReason.FOLDER_NOT_FOUND || !account.createMissingFolders()) {
        throw e;
      }
      wire.create(destination);
      return wire.status(destination);
    }
  }

  private CopyLocator.Located locate(
      String destination,
      long uidValidity,
      long uidNext,
      Map<Long, MessageMeta> sought,
      Set<Long> taken) {
    Map<Long, MessageMeta> traceable = new TreeMap<>();
    sought.forEach(
        (uid, meta) -> {
          // Without Message-ID only size and date are left to go by: require both.
          if (meta.messageId() != null || (meta.size() >= 0 && meta.internalDate() != null)) {
            traceable.put(uid, meta);
          }
        });
    if (traceable.isEmpty()) {
      return new CopyLocator.Located(Map.of(), Set.of());
    }
    SelectedFolder selected = wire.select(destination);
    if (selected.uidValidity() != uidValidity) {
      return new CopyLocator.Located(Map.of(), Set.of());
    }
    Map<Long, MessageMeta> candidates = new TreeMap<>();
    wire.fetchMeta(uidNext + ":*")
        .forEach(
            (uid, meta) -> {
              if (uid >= uidNext && !taken.contains(uid)) {
                candidates.put(uid, meta);
              }
            });
    return CopyLocator.locate(traceable, candidates);
  }

  private static Map<Long, String> messageIds(Iterable<MessageMeta> metas) {
    Map<Long, String> ids = new TreeMap<>();
    for (MessageMeta m : metas) {
      if (m.messageId() != null) {
        ids.put(m.uid(), m.messageId());
      }
    }
    return ids;
  }
}
