package io.github.ferrymail.benchmarks;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Operations of one account, as an application would queue them: deterministic (a fixed seed), so
 * that every run measures the same input.
 */
enum Workload {
  /**
   * "Mark all as read": one mark-read per message, each message once. Nothing coalesces; every
   * operation lands in one group per folder.
   */
  BULK_READ {
    @Override
    List<Operation> operations(int count) {
      List<Operation> ops = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        ops.add(Operation.markRead(inbox(i)));
      }
      return ops;
    }
  },

  /**
   * A user triaging a mailbox while offline: 70% of operations touch a message not touched before,
   * 30% one touched already (so some coalesce). Kinds: 45% read, 5% unread, 8% flag, 3% unflag, 15%
   * move to Archive, 15% trash, 4% restore to INBOX (an undone trash or move), 5% permanent delete.
   * Every operation names the message's INBOX location, as the queue's convention asks.
   */
  TRIAGE {
    @Override
    List<Operation> operations(int count) {
      SplittableRandom random = new SplittableRandom(SEED);
      List<Operation> ops = new ArrayList<>(count);
      int touched = 0;
      for (int i = 0; i < count; i++) {
        int uid;
        if (touched == 0 || random.nextInt(100) < 70) {
          uid = ++touched;
        } else {
          uid = 1 + random.nextInt(touched);
        }
        MessageRef ref = inbox(uid);
        int roll = random.nextInt(100);
        Operation op;
        if (roll < 45) {
          op = Operation.markRead(ref);
        } else if (roll < 50) {
          op = Operation.markUnread(ref);
        } else if (roll < 58) {
          op = Operation.flag(ref);
        } else if (roll < 61) {
          op = Operation.unflag(ref);
        } else if (roll < 76) {
          op = Operation.move(ref, ARCHIVE);
        } else if (roll < 91) {
          op = Operation.moveToTrash(ref);
        } else if (roll < 95) {
          op = Operation.restore(ref, INBOX);
        } else {
          op = Operation.permanentDelete(ref);
        }
        ops.add(op);
      }
      return ops;
    }
  };

  /** The account every workload uses. */
  static final String ACCOUNT = "bench@example.com";

  static final String INBOX = "INBOX";
  static final String ARCHIVE = "Archive";
  static final long UID_VALIDITY = 1_700_000_000L;
  private static final long SEED = 20260101L;
  private static final Instant QUEUED_AT = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * The operations, in queue order.
   *
   * @param count how many
   * @return a new list
   */
  abstract List<Operation> operations(int count);

  /** The operations as {@link NewOperation}s with a message key each, ready to queue. */
  List<NewOperation> newOperations(int count) {
    List<NewOperation> result = new ArrayList<>(count);
    for (Operation op : operations(count)) {
      result.add(NewOperation.of(op, "msg-" + op.message().uid()));
    }
    return result;
  }

  /** The operations as a store would hand them out: ids 1, 2, ... in queue order, pending. */
  List<PendingOperation> pending(int count) {
    List<PendingOperation> result = new ArrayList<>(count);
    long id = 1;
    for (Operation op : operations(count)) {
      result.add(
          new PendingOperation(
              id++,
              op,
              "msg-" + op.message().uid(),
              OperationStatus.PENDING,
              0,
              QUEUED_AT,
              null,
              QUEUED_AT,
              null,
              null,
              null));
    }
    return result;
  }

  private static MessageRef inbox(long uid) {
    return MessageRef.of(ACCOUNT, INBOX, UID_VALIDITY, uid);
  }
}
