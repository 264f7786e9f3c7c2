package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.internal.Args;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of each operation of a batch, by operation id. An operation the executor left out is
 * treated by the processor as failed with an unknown outcome (transient), so it is retried from its
 * checkpoint.
 *
 * @param outcomes outcome per operation id
 */
public record BatchResult(Map<Long, OperationOutcome> outcomes) {
  /** Validates and copies. */
  public BatchResult {
    outcomes = Map.copyOf(Args.notNull(outcomes, "outcomes"));
  }

  /**
   * The outcome of one operation.
   *
   * @param id the operation id
   * @return its outcome, or empty when the executor left it out
   */
  public Optional<OperationOutcome> outcome(long id) {
    return Optional.ofNullable(outcomes.get(id));
  }
}
