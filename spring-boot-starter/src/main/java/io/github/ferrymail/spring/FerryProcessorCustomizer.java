package io.github.ferrymail.spring;

import io.github.ferrymail.core.processor.QueueProcessor;

/**
 * Adjusts the processor's builder before the starter builds it, for what {@code ferry.processor.*}
 * does not cover (a retry policy, a clock). Every such bean is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface FerryProcessorCustomizer {
  /**
   * Adjusts the builder.
   *
   * @param builder the builder, with the properties already applied
   */
  void customize(QueueProcessor.Builder builder);
}
