package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.PendingOperation;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every registered listener in turn; one that throws is logged and does not stop the queue.
 */
final class SafeListeners implements ProcessingListener {
  private static final Logger LOG = LoggerFactory.getLogger(SafeListeners.class);

  private final List<ProcessingListener> listeners;

  SafeListeners(List<ProcessingListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(String event, Consumer<ProcessingListener> call) {
    for (ProcessingListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("Listener {} threw on {}; ignored", l.getClass().getName(), event, e);
      }
    }
  }

  @Override
  public void queued(PendingOperation operation) {
    each("queued", l -> l.queued(operation));
  }

  @Override
  public void completed(PendingOperation operation, @Nullable MessageRef newLocation) {
    each("completed", l -> l.completed(operation, newLocation));
  }

  @Override
  public void retryScheduled(PendingOperation operation, Instant nextAttemptAt, Throwable error) {
    each("retryScheduled", l -> l.retryScheduled(operation, nextAttemptAt, error));
  }

  @Override
  public void failed(PendingOperation operation, Throwable error) {
    each("failed", l -> l.failed(operation, error));
  }

  @Override
  public void cancelled(PendingOperation operation, String reason) {
    each("cancelled", l -> l.cancelled(operation, reason));
  }

  @Override
  public void conflict(PendingOperation operation, String detail, ConflictPolicy policy) {
    each("conflict", l -> l.conflict(operation, detail, policy));
  }

  @Override
  public void accountPaused(String account, Instant until, Throwable error) {
    each("accountPaused", l -> l.accountPaused(account, until, error));
  }
}
