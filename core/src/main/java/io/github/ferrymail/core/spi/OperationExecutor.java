package io.github.ferrymail.core.spi;

/**
 * Carries out batches of operations on the server; {@code ferry-imap} implements it over IMAP.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Each batch is one UID-set command where the server allows (chunked where its limits
 *       require), never one command per message.
 *   <li>Before a step that is not idempotent (COPY, MOVE, APPEND) the executor calls {@link
 *       CheckpointSink#save} and takes the step only after it returns.
 *   <li>An operation carrying a checkpoint from an earlier attempt is reconciled first: if the step
 *       already happened it is finished, not repeated.
 *   <li>Flag changes are idempotent ({@code +FLAGS}/{@code -FLAGS}, whose FETCH replies tell which
 *       messages exist); a message already in the wished state succeeds.
 *   <li>Per-message problems come back as {@link OperationOutcome.Failed} in the result; a failure
 *       of the whole batch (connection lost, authentication) is thrown as {@link
 *       io.github.ferrymail.core.OperationFailedException} carrying its classification.
 * </ul>
 */
@FunctionalInterface
public interface OperationExecutor {
  /**
   * Executes one batch.
   *
   * @param batch the operations, one kind on one folder
   * @param checkpoints where to persist checkpoints before non-idempotent steps
   * @return the outcome per operation
   * @throws io.github.ferrymail.core.OperationFailedException when the whole batch failed
   */
  BatchResult execute(OperationBatch batch, CheckpointSink checkpoints);
}
