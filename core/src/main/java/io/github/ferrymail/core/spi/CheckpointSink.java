package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.Checkpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an executor hands a checkpoint before a step that is not idempotent. The call returns only
 * once the checkpoint is durable, so the executor may then take the step.
 *
 * <p>An executor that splits a batch into groups (one per destination, say) names the operations
 * each checkpoint belongs to with {@link #save(Collection, Checkpoint)}: the queue writes it on
 * those operations only, in one store call, so one group's checkpoint never overwrites another's.
 * {@link #save(Checkpoint)} means every operation of the batch; {@link #saveEach} gives each
 * operation a checkpoint of its own.
 */
@FunctionalInterface
public interface CheckpointSink {
  /** A sink that keeps nothing, for executors used outside a queue. */
  CheckpointSink NONE = checkpoint -> {};

  /**
   * Persists the checkpoint for every operation of the batch being executed.
   *
   * @param checkpoint the checkpoint
   * @throws io.github.ferrymail.core.LeaseLostException when the worker lost its lease: the
   *     executor must not take the step
   */
  void save(Checkpoint checkpoint);

  /**
   * Persists the checkpoint for the named operations of the batch only. The default writes it for
   * every operation of the batch, as {@link #save(Checkpoint)} does; the queue's sink writes it on
   * exactly these.
   *
   * @param operationIds ids of operations of the batch being executed; not empty
   * @param checkpoint the checkpoint
   * @throws io.github.ferrymail.core.LeaseLostException when the worker lost its lease
   */
  default void save(Collection<Long> operationIds, Checkpoint checkpoint) {
    save(checkpoint);
  }

  /**
   * Persists a checkpoint of its own on each named operation of the batch, in one store call: what
   * an executor uses when each operation's checkpoint keeps only its own message (see {@link
   * PendingOperationStore#saveCheckpoints}). The default saves each distinct checkpoint with {@link
   * #save(Collection, Checkpoint)}; the queue's sink writes them all in one fenced transaction.
   *
   * @param checkpoints the checkpoint per operation id of the batch being executed; not empty
   * @throws io.github.ferrymail.core.LeaseLostException when the worker lost its lease
   */
  default void saveEach(Map<Long, Checkpoint> checkpoints) {
    Map<Checkpoint, List<Long>> byCheckpoint = new LinkedHashMap<>();
    checkpoints.forEach(
        (id, cp) -> byCheckpoint.computeIfAbsent(cp, k -> new ArrayList<>()).add(id));
    byCheckpoint.forEach((cp, ids) -> save(ids, cp));
  }

  /**
   * This sink narrowed to some operations of the batch: what to hand a session that knows nothing
   * of operation ids.
   *
   * @param operationIds the operations the checkpoints belong to
   * @return a sink whose {@link #save(Checkpoint)} saves for those operations only
   */
  default CheckpointSink forOperations(Collection<Long> operationIds) {
    List<Long> ids = List.copyOf(operationIds);
    CheckpointSink whole = this;
    return new CheckpointSink() {
      @Override
      public void save(Checkpoint checkpoint) {
        whole.save(ids, checkpoint);
      }

      @Override
      public void save(Collection<Long> narrower, Checkpoint checkpoint) {
        whole.save(narrower, checkpoint);
      }

      @Override
      public void saveEach(Map<Long, Checkpoint> checkpoints) {
        whole.saveEach(checkpoints);
      }
    };
  }
}
