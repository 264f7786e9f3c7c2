package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sink the processor hands an executor: each save is one store call for the operations it
 * names, under the account's current lease.
 */
final class StoreCheckpointSink implements CheckpointSink {
  private final PendingOperationStore store;
  private final LeaseKeeper keeper;
  private final List<Long> all;
  private final Set<Long> members;

  StoreCheckpointSink(PendingOperationStore store, LeaseKeeper keeper, OperationBatch batch) {
    this.store = store;
    this.keeper = keeper;
    this.all = batch.operations().stream().map(PendingOperation::id).toList();
    this.members = Set.copyOf(all);
  }

  @Override
  public void save(Checkpoint checkpoint) {
    store.saveCheckpoint(keeper.current(), all, Args.notNull(checkpoint, "checkpoint"));
  }

  @Override
  public void save(Collection<Long> operationIds, Checkpoint checkpoint) {
    Args.notEmpty(operationIds, "operationIds");
    requireMembers(operationIds);
    store.saveCheckpoint(keeper.current(), List.copyOf(operationIds), checkpoint);
  }

  @Override
  public void saveEach(Map<Long, Checkpoint> checkpoints) {
    Args.notEmpty(checkpoints.keySet(), "checkpoints");
    requireMembers(checkpoints.keySet());
    checkpoints.forEach((id, cp) -> Args.notNull(cp, "checkpoints[" + id + "]"));
    store.saveCheckpoints(keeper.current(), new LinkedHashMap<>(checkpoints));
  }

  private void requireMembers(Collection<Long> operationIds) {
    Set<Long> strangers =
        operationIds.stream().filter(id -> !members.contains(id)).collect(Collectors.toSet());
    if (!strangers.isEmpty()) {
      throw new IllegalArgumentException(
          "operationIds: " + strangers + " are not operations of this batch");
    }
  }
}
