package io.github.ferrymail.core.coalesce;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Builds queued operations for coalescing tests. */
final class Ops {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final MessageRef INBOX_7 = MessageRef.of("acct", "INBOX", 100, 7);

  private Ops() {}

  static PendingOperation op(long id, Operation operation) {
    return op(id, operation, OperationStatus.PENDING);
  }

  static PendingOperation op(long id, Operation operation, OperationStatus status) {
    return new PendingOperation(
        id, operation, null, status, 0, T0, null, T0, null, null, status.isTerminal() ? T0 : null);
  }

  static List<Long> ids(List<PendingOperation> ops) {
    return ops.stream().map(PendingOperation::id).toList();
  }

  static List<Long> deferredIds(CoalescingResult result) {
    return ids(result.deferred());
  }

  static List<Long> cancelledIds(CoalescingResult result) {
    return result.cancelled().stream().map(c -> c.operation().id()).toList();
  }

  /** Cancelled operations as "id:supersededBy", in id order. */
  static String cancellations(CoalescingResult result) {
    return result.cancelled().stream()
        .map(c -> c.operation().id() + ":" + c.supersededBy())
        .collect(Collectors.joining(" "));
  }
}
