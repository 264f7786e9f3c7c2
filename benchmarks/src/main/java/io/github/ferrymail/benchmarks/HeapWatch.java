package io.github.ferrymail.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a phase of a bench needed, from the JVM's own GC notifications: the most heap in use
 * right before a collection (the phase's peak, to within what was allocated after its last
 * collection) and right after one (the live data then, at most), the collections and their time;
 * and the sum of the heap pools' peak usage ({@link MemoryPoolMXBean#getPeakUsage}, an upper bound,
 * as pools peak at different moments).
 */
final class HeapWatch {
  private final List<MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();
  private final Set<String> heapPoolNames =
      heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  private final AtomicLong maxBeforeGc = new AtomicLong();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong gcMillis = new AtomicLong();

  HeapWatch() {
    NotificationListener listener =
        (notification, handback) -> {
          if (!notification
              .getType()
              .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
          }
          var info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          collections.incrementAndGet();
          gcMillis.addAndGet(info.getGcInfo().getDuration());
          maxBeforeGc.accumulateAndGet(used(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
          maxAfterGc.accumulateAndGet(used(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
  }

  /** Forgets what was seen so far: a new phase starts. */
  void reset() {
    maxBeforeGc.set(0);
    maxAfterGc.set(0);
    collections.set(0);
    gcMillis.set(0);
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** For the report, in MB. */
  String describe() {
    long poolPeaks = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return String.format(
        Locale.ROOT,
        "peak before GC %.1f MB, max after GC %.1f MB, heap pools' peaks summed %.1f MB,"
            + " in use at the end %.1f MB; %d collections, %d ms",
        mb(Math.max(maxBeforeGc.get(), now)),
        mb(maxAfterGc.get()),
        mb(poolPeaks),
        mb(now),
        collections.get(),
        gcMillis.get());
  }

  private long used(Map<String, MemoryUsage> byPool) {
    return byPool.entrySet().stream()
        .filter(e -> heapPoolNames.contains(e.getKey()))
        .mapToLong(e -> e.getValue().getUsed())
        .sum();
  }

  private static double mb(long bytes) {
    return bytes / 1048576.0;
  }
}
