package io.github.ferrymail.queue.jdbc.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits long lists so that no statement carries more bind values than a driver accepts. */
final class Chunks {
  /** Ids per IN list. */
  static final int SIZE = 1000;

  private Chunks() {}

  static <T> List<List<T>> of(List<T> list, int size) {
    List<List<T>> chunks = new ArrayList<>((list.size() + size - 1) / size);
    for (int from = 0; from < list.size(); from += size) {
      chunks.add(list.subList(from, Math.min(list.size(), from + size)));
    }
    return chunks;
  }
}
