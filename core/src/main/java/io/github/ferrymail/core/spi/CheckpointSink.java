package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.Checkpoint;

/**
 * Where an executor hands a checkpoint before a step that is not idempotent. The call returns only
 * once the checkpoint is durable (the processor writes it to the store on every operation of the
 * batch), so the executor may then take the step.
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
}
