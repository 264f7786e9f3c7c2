/**
 * The JDBC queue: {@link io.github.ferrymail.queue.jdbc.JooqPendingOperationStore}, its {@link
 * io.github.ferrymail.queue.jdbc.Dialect}s, the schema ({@link
 * io.github.ferrymail.queue.jdbc.QueueSchema}) and a connection-pool helper ({@link
 * io.github.ferrymail.queue.jdbc.FerryDataSources}).
 */
@org.jspecify.annotations.NullMarked
package io.github.ferrymail.queue.jdbc;
