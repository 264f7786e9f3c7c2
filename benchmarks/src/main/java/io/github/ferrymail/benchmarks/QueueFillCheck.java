package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads rows of a {@link SyntheticQueue} back through the store and fails unless they are exactly
 * what the queue means them to be: every column through {@code get(id)}, the feed with its
 * relocations through {@code finishedSince}, and the counts per status.
 */
final class QueueFillCheck {
  private final SyntheticQueue queue;
  private final int rows;
  private final int accounts;
  private final Instant base;

  QueueFillCheck(SyntheticQueue queue, int rows, int accounts, Instant base) {
    this.queue = queue;
    this.rows = rows;
    this.accounts = accounts;
    this.base = base;
  }

  /** Checks; returns a line for the report. */
  String check(PendingOperationStore store) {
    int c = queue.completed();
    int firstRetry = (c + SyntheticQueue.RETRY_EVERY - 1) / SyntheticQueue.RETRY_EVERY;
    firstRetry *= SyntheticQueue.RETRY_EVERY;
    int[] ks = {0, 1, 2, 5, 8, c, c + 1, c + 2, firstRetry, firstRetry + 1, firstRetry + 2};
    int checked = 0;
    for (int a : new int[] {0, accounts / 2, accounts - 1}) {
      for (int k : ks) {
        long id = queue.id(a, k);
        if (id > rows) {
          continue;
        }
        PendingOperation expected = expected(a, k);
        PendingOperation actual =
            store.get(id).orElseThrow(() -> new IllegalStateException("no operation " + id));
        if (!expected.equals(actual)) {
          throw new IllegalStateException(
              "operation " + id + " reads back as " + actual + ", meant " + expected);
        }
        checked++;
      }
    }
    String account = SyntheticQueue.account(0);
    List<FinishedOperation> feed = store.finishedSince(account, 0, 9);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < feed.size(); i++) {
      FinishedOperation f = feed.get(i);
      int k = i;
      ids.add(f.operation().id());
      if (f.sequence() != k + 1
          || !f.operation().equals(expected(0, k))
          || !Objects.equals(f.relocation(), relocation(0, k))) {
        throw new IllegalStateException("feed place " + (k + 1) + " of " + account + ": " + f);
      }
    }
    if (feed.size() != Math.min(9, c)) {
      throw new IllegalStateException("feed of " + account + " has " + feed.size() + " places");
    }
    long completed = 0;
    for (int a = 0; a < accounts; a++) {
      for (int k = 0; k < c && queue.id(a, k) <= rows; k++) {
        completed++;
      }
    }
    Map<OperationStatus, Long> counts = store.countByStatus(null);
    Map<OperationStatus, Long> meant =
        Map.of(OperationStatus.PENDING, rows - completed, OperationStatus.COMPLETED, completed);
    for (OperationStatus s : OperationStatus.values()) {
      if (counts.getOrDefault(s, 0L).longValue() != meant.getOrDefault(s, 0L).longValue()) {
        throw new IllegalStateException("counts by status " + counts + ", meant " + meant);
      }
    }
    return "read back as meant: "
        + checked
        + " rows by get(id), the feed of "
        + account
        + " (ids "
        + ids
        + "), counts "
        + counts;
  }

  private static Operation operation(String filledKind, MessageRef message) {
    switch (filledKind) {
      case "MARK_READ":
        return Operation.markRead(message);
      case "MARK_UNREAD":
        return Operation.markUnread(message);
      case "FLAG":
        return Operation.flag(message);
      case "MOVE":
        return Operation.move(message, "Archive");
      case "MOVE_TO_TRASH":
        return Operation.moveToTrash(message);
      default:
        throw new AssertionError(filledKind);
    }
  }

  /** Account {@code a}'s {@code k}-th operation as the store should read it. */
  PendingOperation expected(int a, int k) {
    long id = queue.id(a, k);
    String account = SyntheticQueue.account(a);
    long uid = SyntheticQueue.uidOf(k);
    MessageRef message =
        new MessageRef(
            account,
            "INBOX",
            SyntheticQueue.UID_VALIDITY,
            uid,
            "<" + uid + "." + account + "@example.com>");
    Operation operation = operation(SyntheticQueue.kindOf(k), message);
    Instant created = queue.createdAt(id);
    String key = account + ":" + uid;
    if (k < queue.completed()) {
      return new PendingOperation(
          id,
          operation,
          key,
          OperationStatus.COMPLETED,
          0,
          created,
          created.plusSeconds(1),
          created,
          null,
          null,
          created.plusSeconds(2));
    }
    if (k % SyntheticQueue.RETRY_EVERY == 0) {
      return new PendingOperation(
          id,
          operation,
          key,
          OperationStatus.PENDING,
          1,
          created,
          base.minusSeconds(30),
          queue.retryAt(),
          SyntheticQueue.RETRY_ERROR,
          null,
          null);
    }
    return new PendingOperation(
        id, operation, key, OperationStatus.PENDING, 0, created, null, created, null, null, null);
  }

  /** Where a completed operation took the message, as the feed reports it. */
  private static @Nullable Relocation relocation(int a, int k) {
    String kind = SyntheticQueue.kindOf(k);
    String account = SyntheticQueue.account(a);
    long uid = SyntheticQueue.uidOf(k);
    String messageId = "<" + uid + "." + account + "@example.com>";
    if (kind.equals("MOVE")) {
      return Relocation.to(
          new MessageRef(account, "Archive", SyntheticQueue.UID_VALIDITY + 1, uid, messageId));
    }
    if (kind.equals("MOVE_TO_TRASH")) {
      return Relocation.to(
          new MessageRef(account, "Trash", SyntheticQueue.UID_VALIDITY + 2, uid, messageId));
    }
    return null;
  }
}
