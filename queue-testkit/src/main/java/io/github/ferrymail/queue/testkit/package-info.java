/**
 * The {@code PendingOperationStore} contract suite: {@link
 * io.github.ferrymail.queue.testkit.PendingOperationStoreContract}.
 */
@NullMarked
package io.github.ferrymail.queue.testkit;

import org.jspecify.annotations.NullMarked;
