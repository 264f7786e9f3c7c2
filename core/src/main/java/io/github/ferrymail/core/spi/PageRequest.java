package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.internal.Args;

/**
 * Keyset paging over operations in id order: the rows with an id greater than {@code afterId}, at
 * most {@code size} of them.
 *
 * @param afterId the last id of the previous page, or 0 for the first page
 * @param size the page size, 1 to {@value #MAX_SIZE}
 */
public record PageRequest(long afterId, int size) {
  /** The largest page a store returns. */
  public static final int MAX_SIZE = 1000;

  /** Validates. */
  public PageRequest {
    Args.notNegative(afterId, "afterId");
    Args.positive(size, "size");
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be at most " + MAX_SIZE + ": " + size);
    }
  }

  /**
   * The first page.
   *
   * @param size the page size
   * @return the request
   */
  public static PageRequest first(int size) {
    return new PageRequest(0, size);
  }
}
