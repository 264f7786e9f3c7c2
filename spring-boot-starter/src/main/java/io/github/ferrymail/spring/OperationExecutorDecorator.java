package io.github.ferrymail.spring;

import io.github.ferrymail.core.spi.OperationExecutor;

/**
 * Wraps the executor the processor calls: how the Micrometer timers are added, and how an
 * application adds tracing (a span per batch) without replacing the IMAP executor. Every such bean
 * is applied, in {@code @Order}, the first innermost.
 */
@FunctionalInterface
public interface OperationExecutorDecorator {
  /**
   * Wraps the executor.
   *
   * @param executor the executor so far
   * @return the executor to use
   */
  OperationExecutor decorate(OperationExecutor executor);
}
