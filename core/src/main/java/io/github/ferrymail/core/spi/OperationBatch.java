package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Operations that make one change on messages of one folder (one UIDVALIDITY): one kind, and for
 * moves and restores one destination, for flag changes one delta. What an executor turns into a
 * single UID-set command (chunked where a server's command-length limit requires); {@link
 * #template()} tells it the change.
 *
 * @param account the account key
 * @param kind the kind shared by every operation
 * @param folder the source folder shared by every operation
 * @param uidValidity the folder's UIDVALIDITY shared by every operation; 0 for a folder operation
 *     or an append, each a batch of its own
 * @param destination the destination of a move or restore, else null
 * @param operations the operations, in queue order; not empty
 */
public record OperationBatch(
    String account,
    OperationKind kind,
    String folder,
    long uidValidity,
    @Nullable String destination,
    List<PendingOperation> operations) {

  /** Validates that every operation fits the batch. */
  public OperationBatch {
    Args.notBlank(account, "account");
    Args.notNull(kind, "kind");
    Args.notBlank(folder, "folder");
    operations = List.copyOf(Args.notEmpty(operations, "operations"));
    if (!operations.get(0).message().isFolderOnly()) {
      Args.positive(uidValidity, "uidValidity");
    } else if (operations.size() != 1) {
      // A folder operation, or an append: each has its own change.
      throw new IllegalArgumentException("operations: a folder operation or append runs alone");
    }
    for (PendingOperation op : operations) {
      if (!op.account().equals(account)
          || op.kind() != kind
          || !op.message().folder().equals(folder)
          || op.message().uidValidity() != uidValidity
          || !Objects.equals(op.operation().destination(), destination)
          || !op.operation().sameChangeAs(operations.get(0).operation())) {
        throw new IllegalArgumentException(
            "operations: operation " + op.id() + " does not belong in this batch");
      }
    }
  }

  /**
   * The change every operation of the batch makes, as its first operation: every other one is the
   * same operation on another message ({@link Operation#sameChangeAs}). An executor reads the
   * change's parameters from it, for example a flag change's delta.
   *
   * @return the first operation
   */
  public Operation template() {
    return operations.get(0).operation();
  }

  /**
   * The UIDs of the batch's messages, in queue order.
   *
   * @return the UIDs
   */
  public List<Long> uids() {
    return operations.stream().map(op -> op.message().uid()).toList();
  }
}
