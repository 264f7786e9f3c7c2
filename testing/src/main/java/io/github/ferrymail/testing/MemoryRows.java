package io.github.ferrymail.testing;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store's rows and the indexes that keep its calls independent of the queue's size:
 * live operations per account, operations per message, completed relocations per location they left
 * (moves, not copies), and each account's feed. Every change of a row goes through {@link #put},
 * which keeps the indexes right. Not thread-safe: the store synchronises.
 */
final class MemoryRows {

  /** One stored operation and what the store keeps beside it. */
  static final class Row {
    PendingOperation op;
    @Nullable String leaseToken;
    @Nullable Relocation relocation;
    @Nullable FailureReason failureReason;
    long sequence;

    Row(PendingOperation op) {
      this.op = op;
    }
  }

  private final TreeMap<Long, Row> rows = new TreeMap<>();
  private final Map<String, TreeSet<Long>> liveByAccount = new HashMap<>();
  private final Map<MessageRef.Key, Set<Long>> byMessage = new HashMap<>();
  private final Map<MessageRef.Key, Long> relocatedFrom = new HashMap<>();
  private final Map<String, TreeMap<Long, Long>> feeds = new HashMap<>();

  @Nullable Row get(long id) {
    return rows.get(id);
  }

  Collection<Row> all() {
    return rows.values();
  }

  NavigableMap<Long, Row> after(long id) {
    return rows.tailMap(id, false);
  }

  void add(PendingOperation op) {
    Row row = new Row(op);
    rows.put(op.id(), row);
    index(row);
  }

  /** Replaces a row's operation, keeping every index right. */
  void put(Row row, PendingOperation op) {
    unindex(row);
    row.op = op;
    index(row);
  }

  /** Ids of the account's pending and in-flight operations, in id order. */
  Set<Long> live(String account) {
    TreeSet<Long> ids = liveByAccount.get(account);
    return ids == null ? Set.of() : ids;
  }

  Set<String> accountsWithLiveOperations() {
    return liveByAccount.keySet();
  }

  /** Ids of every operation naming the message slot, in no order. */
  Set<Long> onMessage(MessageRef.Key key) {
    Set<Long> ids = byMessage.get(key);
    return ids == null ? Set.of() : Set.copyOf(ids);
  }

  /** The completed relocation that took a message from this slot, if any. */
  @Nullable Row relocationFrom(MessageRef.Key key) {
    Long id = relocatedFrom.get(key);
    return id == null ? null : rows.get(id);
  }

  /** Records a finished row's relocation for forwarding, and its place in the account's feed. */
  void finished(Row row, long sequence) {
    TreeMap<Long, Long> feed = feeds.computeIfAbsent(row.op.account(), a -> new TreeMap<>());
    if (row.sequence > 0) {
      feed.remove(row.sequence);
    }
    row.sequence = sequence;
    feed.put(sequence, row.op.id());
    Relocation relocation = row.relocation;
    // A copy's location is the copy's: the original stays, and so do operations naming it.
    if (relocation != null
        && row.op.kind().movesMessage()
        && !(relocation.location() != null
            && relocation.location().sameMessage(row.op.message()))) {
      relocatedFrom.put(row.op.message().key(), row.op.id());
    }
  }

  List<Row> feed(String account, long afterSequence, int limit) {
    TreeMap<Long, Long> feed = feeds.get(account);
    if (feed == null) {
      return List.of();
    }
    return feed.tailMap(afterSequence, false).values().stream()
        .map(rows::get)
        .filter(row -> row.op.status().isTerminal())
        .limit(limit)
        .toList();
  }

  void remove(Row row) {
    unindex(row);
    rows.remove(row.op.id());
    Long from = relocatedFrom.get(row.op.message().key());
    if (from != null && from == row.op.id()) {
      relocatedFrom.remove(row.op.message().key());
    }
    TreeMap<Long, Long> feed = feeds.get(row.op.account());
    if (feed != null && row.sequence > 0) {
      feed.remove(row.sequence);
    }
  }

  private void index(Row row) {
    PendingOperation op = row.op;
    byMessage.computeIfAbsent(op.message().key(), k -> new HashSet<>()).add(op.id());
    if (isLive(op)) {
      liveByAccount.computeIfAbsent(op.account(), a -> new TreeSet<>()).add(op.id());
    }
  }

  private void unindex(Row row) {
    PendingOperation op = row.op;
    Set<Long> ids = byMessage.get(op.message().key());
    if (ids != null && ids.remove(op.id()) && ids.isEmpty()) {
      byMessage.remove(op.message().key());
    }
    TreeSet<Long> live = liveByAccount.get(op.account());
    if (live != null && live.remove(op.id()) && live.isEmpty()) {
      liveByAccount.remove(op.account());
    }
  }

  private static boolean isLive(PendingOperation op) {
    return op.status() == OperationStatus.PENDING || op.status() == OperationStatus.IN_FLIGHT;
  }
}
