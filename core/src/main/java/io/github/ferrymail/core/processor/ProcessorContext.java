package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.retry.RetryPolicy;
import io.github.ferrymail.core.spi.OperationExecutor;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.time.Clock;

/** What every pass of one processor shares. */
record ProcessorContext(
    PendingOperationStore store,
    OperationExecutor executor,
    RetryPolicy retryPolicy,
    Clock clock,
    ProcessingListener listeners,
    int maxBatchSize,
    ConflictPolicy conflictPolicy) {}
