package io.github.ferrymail.core.processor;

import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.core.spi.PendingOperationStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store whose chosen methods throw {@link StoreException} the next few times they are called, as
 * a store does while its database restarts; every other call reaches the real store.
 */
final class FailingStore {
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
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
                    throw new StoreException(
                        "could not " + method.getName() + " (database restarting)", null);
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
    failures.put(method, times);
    return this;
  }

  PendingOperationStore store() {
    return store;
  }
}
