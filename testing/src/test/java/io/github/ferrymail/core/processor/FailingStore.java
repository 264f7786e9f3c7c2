package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A store whose chosen methods throw {@link StoreException} (or another throwable) the next few
 * times they are called, as a store does while its database restarts, before or after they took
 * effect; every other call reaches the real store.
 */
final class FailingStore {
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, Supplier<Throwable>> throwables = new ConcurrentHashMap<>();
  private final Map<String, Integer> lostReplies = new ConcurrentHashMap<>();
  private final PendingOperationStore store;

  FailingStore(PendingOperationStore delegate) {
    this.store =
        (PendingOperationStore)
            Proxy.newProxyInstance(
                PendingOperationStore.class.getClassLoader(),
                new Class<?>[] {PendingOperationStore.class},
                (proxy, method, args) -> {
                  if (take(failures, method.getName())) {
                    throw throwables.get(method.getName()).get();
                  }
                  Object result;
                  try {
                    result = method.invoke(delegate, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (take(lostReplies, method.getName())) {
                    throw new StoreException(
                        "connection lost after " + method.getName() + " committed", null);
                  }
                  return result;
                });
  }

  /** The next {@code times} calls of the store method named {@code method} fail. */
  FailingStore failNext(String method, int times) {
    return failNext(
        method,
        times,
        () -> new StoreException("could not " + method + " (database restarting)", null));
  }

  /** The next {@code times} calls of {@code method} throw what {@code failure} makes. */
  FailingStore failNext(String method, int times, Supplier<Throwable> failure) {
    throwables.put(method, failure);
    failures.put(method, times);
    return this;
  }

  /**
   * The next {@code times} calls of {@code method} take effect, and then throw {@link
   * StoreException} as if the connection died between the commit and its reply.
   */
  FailingStore loseReplyOfNext(String method, int times) {
    lostReplies.put(method, times);
    return this;
  }

  private static boolean take(Map<String, Integer> counts, String method) {
    if (counts.computeIfPresent(method, (m, n) -> n - 1) == null) {
      return false;
    }
    counts.remove(method, 0);
    return true;
  }

  PendingOperationStore store() {
    return store;
  }
}
