package io.github.ferrymail.core.spi;

import io.github.ferrymail.core.internal.Args;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * One page of a listing.
 *
 * @param <T> the element type
 * @param items the elements, in id order
 * @param next the request for the next page, or empty when this is the last
 */
public record Page<T>(List<T> items, Optional<PageRequest> next) {
  /** Validates and copies. */
  public Page {
    items = List.copyOf(Args.notNull(items, "items"));
    Args.notNull(next, "next");
  }

  /**
   * Builds a page from up to {@code request.size() + 1} rows read in id order: the extra row, if
   * present, only tells that a next page exists.
   *
   * @param <T> the element type
   * @param rows the rows read
   * @param request the request that read them
   * @param idOf the id of an element
   * @return the page
   */
  public static <T> Page<T> fromLookahead(
      List<T> rows, PageRequest request, ToLongFunction<T> idOf) {
    if (rows.size() <= request.size()) {
      return new Page<>(rows, Optional.empty());
    }
    List<T> items = rows.subList(0, request.size());
    long lastId = idOf.applyAsLong(items.get(items.size() - 1));
    return new Page<>(items, Optional.of(new PageRequest(lastId, request.size())));
  }
}
