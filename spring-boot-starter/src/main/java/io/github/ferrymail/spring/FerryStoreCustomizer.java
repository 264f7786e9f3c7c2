package io.github.ferrymail.spring;

import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;

/**
 * Adjusts the JDBC store's builder before the starter builds it: an outcome hook that updates the
 * application's own table with each completion, say. Every such bean is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface FerryStoreCustomizer {
  /**
   * Adjusts the builder.
   *
   * @param builder the builder, on the application's {@code DataSource}, with the table prefix set
   */
  void customize(JooqPendingOperationStore.Builder builder);
}
