package io.github.ferrymail.imap.support;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The sink of one batch that keeps, per operation, every checkpoint saved for it, as the
 * processor's sink writes them on the operations' rows: {@link #save(Checkpoint)} on every
 * operation of the batch, {@link #save(Collection, Checkpoint)} on the named ones only, {@link
 * #saveEach} one per operation; {@code afterSave} runs once per call.
 */
public final class RecordingBatchSink implements CheckpointSink {
  private final Set<Long> batch;
  private final Map<Long, List<Checkpoint>> saved = new TreeMap<>();
  private final Consumer<Checkpoint> afterSave;

  /** A sink for {@code batch} that calls {@code afterSave} once a checkpoint is kept. */
  public RecordingBatchSink(OperationBatch batch, Consumer<Checkpoint> afterSave) {
    this.batch = Set.copyOf(batch.operations().stream().map(PendingOperation::id).toList());
    this.afterSave = afterSave;
  }

  public RecordingBatchSink(OperationBatch batch) {
    this(batch, checkpoint -> {});
  }

  @Override
  public synchronized void save(Checkpoint checkpoint) {
    save(batch, checkpoint);
  }

  @Override
  public synchronized void save(Collection<Long> operationIds, Checkpoint checkpoint) {
    if (operationIds.isEmpty() || !batch.containsAll(operationIds)) {
      throw new IllegalArgumentException(operationIds + " are not operations of the batch");
    }
    for (long id : operationIds) {
      saved.computeIfAbsent(id, k -> new ArrayList<>()).add(checkpoint);
    }
    afterSave.accept(checkpoint);
  }

  @Override
  public synchronized void saveEach(Map<Long, Checkpoint> checkpoints) {
    if (checkpoints.isEmpty() || !batch.containsAll(checkpoints.keySet())) {
      throw new IllegalArgumentException(checkpoints.keySet() + " are not operations of the batch");
    }
    checkpoints.forEach((id, cp) -> saved.computeIfAbsent(id, k -> new ArrayList<>()).add(cp));
    afterSave.accept(checkpoints.values().iterator().next());
  }

  /** Every checkpoint saved for an operation, oldest first. */
  public synchronized List<Checkpoint> savedFor(long operationId) {
    return List.copyOf(saved.getOrDefault(operationId, List.of()));
  }

  /**
   * What the store holds for the operation now: the last checkpoint saved for it, else the one it
   * carried.
   */
  public synchronized PendingOperation withLatestCheckpoint(PendingOperation op) {
    List<Checkpoint> mine = saved.get(op.id());
    return mine == null ? op : op.withCheckpoint(mine.get(mine.size() - 1));
  }
}
