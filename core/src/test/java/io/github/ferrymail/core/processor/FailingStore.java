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
 * times they are called, as a store does while its database restarts; every other call reaches the
 * real store.
 */
final class FailingStore {
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, Supplier<Throwable>> throwables = new ConcurrentHashMap<>();
  private final PendingOperationStore store;

  FailingStore(PendingOperationStore delegate) {
    this.store =
        (PendingOperationStore)
            Proxy.newProxyInstance(
                PendingOperationStore.class.getClassLoader(),
                new Class<?>[] {PendingOperationStore.class},
                (proxy, method, args) -> {
                  if (failures.computeIfPresent(method.getName(), (m, n) -> n - 1) != null) {
                    failures.remove(method.getName(), 0);
                    throw throwables.get(method.getName()).get();
                  }
                  try {
                    return method.invoke(delegate, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
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

  PendingOperationStore store() {
    return store;
  }
}
