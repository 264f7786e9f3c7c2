/**
 * Ferry's core: the operation model, the {@code PendingOperationStore} and {@code
 * OperationExecutor} SPIs, coalescing, retry policy and the queue processor.
 */
module io.github.ferrymail.core {
  requires static org.jspecify;
  requires org.slf4j;

  exports io.github.ferrymail.core;
  exports io.github.ferrymail.core.spi;
  exports io.github.ferrymail.core.coalesce;
  exports io.github.ferrymail.core.retry;
  exports io.github.ferrymail.core.processor;
  exports io.github.ferrymail.core.overlay;
  exports io.github.ferrymail.core.internal to
      io.github.ferrymail.imap,
      io.github.ferrymail.queue.jdbc,
      io.github.ferrymail.queue.testkit;
}
