/**
 * The service-provider interfaces: the durable queue ({@link
 * io.github.ferrymail.core.spi.PendingOperationStore}) and the executor that carries batches out on
 * the server.
 */
@NullMarked
package io.github.ferrymail.core.spi;

import org.jspecify.annotations.NullMarked;
