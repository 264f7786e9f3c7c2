package io.github.ferrymail.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Page} and {@link PageRequest}. */
class PagingTest {

  @Test
  void fewerRowsThanThePageSizeMakeTheLastPage() {
    Page<Long> page = Page.fromLookahead(List.of(4L, 7L), PageRequest.first(3), Long::longValue);

    assertThat(page.items()).containsExactly(4L, 7L);
    assertThat(page.next()).isEmpty();
  }

  @Test
  void exactlyThePageSizeMakesTheLastPage() {
    Page<Long> page =
        Page.fromLookahead(List.of(4L, 7L, 9L), PageRequest.first(3), Long::longValue);

    assertThat(page.items()).containsExactly(4L, 7L, 9L);
    assertThat(page.next()).isEmpty();
  }

  @Test
  void theLookaheadRowIsDroppedAndTheNextPageStartsAfterTheLastItem() {
    Page<Long> page =
        Page.fromLookahead(List.of(4L, 7L, 9L, 12L), new PageRequest(2, 3), Long::longValue);

    assertThat(page.items()).containsExactly(4L, 7L, 9L);
    assertThat(page.next()).contains(new PageRequest(9, 3));
  }

  @Test
  void noRowsMakeAnEmptyLastPage() {
    Page<Long> page = Page.fromLookahead(List.of(), PageRequest.first(5), Long::longValue);

    assertThat(page.items()).isEmpty();
    assertThat(page.next()).isEmpty();
  }

  @Test
  void aPagesItemsCannotBeModified() {
    Page<Long> page = new Page<>(new java.util.ArrayList<>(List.of(1L)), Optional.empty());

    assertThatThrownBy(() -> page.items().add(2L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new Page<Long>(null, Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("items");
    assertThatThrownBy(() -> new Page<Long>(List.of(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("next");
  }

  @Test
  void aRequestHasASizeFromOneToTheMaximum() {
    assertThat(PageRequest.first(1)).isEqualTo(new PageRequest(0, 1));
    assertThat(PageRequest.first(PageRequest.MAX_SIZE).size()).isEqualTo(1000);
    assertThatThrownBy(() -> PageRequest.first(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size");
    assertThatThrownBy(() -> PageRequest.first(PageRequest.MAX_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size")
        .hasMessageContaining("1000");
  }

  @Test
  void aRequestStartsAfterAnIdThatIsNotNegative() {
    assertThat(new PageRequest(Long.MAX_VALUE, 10).afterId()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> new PageRequest(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("afterId");
  }
}
