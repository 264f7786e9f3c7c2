package io.github.ferrymail.testing;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ConflictPolicy;
import io.github.ferrymail.core.processor.ProcessingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ProcessingListener} that keeps every event it hears, in order, for a test's assertions.
 *
 * <p>The contract, for a test to rely on:
 *
 * <ul>
 *   <li>Each call becomes one {@link ListenerEvent} with the call's arguments, kept in the order
 *       the calls arrived; nothing is dropped or merged. With several worker threads, events of
 *       different accounts interleave as the calls did.
 *   <li>{@link #events()} and the other readers return copies: a test may read while workers still
 *       run.
 *   <li>{@link #await} waits for events of a background processor ({@code QueueProcessor.start()})
 *       instead of sleeping.
 *   <li>It never throws from a listener method.
 * </ul>
 *
 * <pre>{@code
 * RecordingListener listener = new RecordingListener();
 * QueueProcessor processor = QueueProcessor.builder(store, executor).listener(listener).build();
 * PendingOperation op = processor.queue(NewOperation.of(Operation.move(ref, "Archive")));
 * processor.processPendingOperations(ref.account());
 *
 * assertThat(listener.lines()).containsExactly("queued " + op.id(), "completed " + op.id());
 * MessageRef now = listener.newLocation(op.id()).orElseThrow();
 * }</pre>
 */
public final class RecordingListener implements ProcessingListener {
  private final List<ListenerEvent> events = new ArrayList<>();

  /** A listener that has heard nothing yet. */
  public RecordingListener() {}

  @Override
  public void queued(PendingOperation operation) {
    add(new ListenerEvent.Queued(operation));
  }

  @Override
  public void completed(PendingOperation operation, @Nullable MessageRef newLocation) {
    add(new ListenerEvent.Completed(operation, newLocation));
  }

  @Override
  public void retryScheduled(PendingOperation operation, Instant nextAttemptAt, Throwable error) {
    add(new ListenerEvent.RetryScheduled(operation, nextAttemptAt, error));
  }

  @Override
  public void failed(PendingOperation operation, Throwable error) {
    add(new ListenerEvent.Failed(operation, error));
  }

  @Override
  public void cancelled(PendingOperation operation, String reason) {
    add(new ListenerEvent.Cancelled(operation, reason));
  }

  @Override
  public void conflict(PendingOperation operation, String detail, ConflictPolicy policy) {
    add(new ListenerEvent.Conflict(operation, detail, policy));
  }

  @Override
  public void accountPaused(String account, Instant until, Throwable error) {
    add(new ListenerEvent.AccountPaused(account, until, error));
  }

  /**
   * Every event heard, in order.
   *
   * @return a copy
   */
  public synchronized List<ListenerEvent> events() {
    return List.copyOf(events);
  }

  /**
   * The events of one type, in order.
   *
   * @param type for example {@code ListenerEvent.Completed.class}
   * @param <E> the type
   * @return a copy
   */
  public synchronized <E extends ListenerEvent> List<E> events(Class<E> type) {
    Args.notNull(type, "type");
    List<E> matching = new ArrayList<>();
    for (ListenerEvent event : events) {
      if (type.isInstance(event)) {
        matching.add(type.cast(event));
      }
    }
    return matching;
  }

  /**
   * Every event as its {@link ListenerEvent#line()}, in order.
   *
   * @return for example {@code ["queued 1", "retry 1", "completed 1"]}
   */
  public synchronized List<String> lines() {
    List<String> lines = new ArrayList<>(events.size());
    for (ListenerEvent event : events) {
      lines.add(event.line());
    }
    return lines;
  }

  /**
   * The new location the last {@code completed} of the operation reported.
   *
   * @param operationId the operation's id
   * @return empty when it has not completed or reported none
   */
  public synchronized Optional<MessageRef> newLocation(long operationId) {
    MessageRef found = null;
    for (ListenerEvent.Completed done : events(ListenerEvent.Completed.class)) {
      if (done.operation().id() == operationId) {
        found = done.newLocation();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Waits until at least {@code count} events of {@code type} were heard.
   *
   * @param type the type to count
   * @param count how many
   * @param timeout how long to wait at most
   * @return true when they arrived in time
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public synchronized boolean await(
      Class<? extends ListenerEvent> type, int count, Duration timeout)
      throws InterruptedException {
    Args.notNull(type, "type");
    long deadline = System.nanoTime() + Args.notNull(timeout, "timeout").toNanos();
    while (events(type).size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      Duration wait = Duration.ofNanos(left);
      wait(Math.max(1, wait.toMillis()));
    }
    return true;
  }

  /** Forgets every event heard so far. */
  public synchronized void clear() {
    events.clear();
  }

  private synchronized void add(ListenerEvent event) {
    events.add(event);
    notifyAll();
  }
}
