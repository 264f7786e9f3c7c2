package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class UidSetsTest {
  private static SortedSet<Long> set(long... uids) {
    SortedSet<Long> s = new TreeSet<>();
    for (long u : uids) {
      s.add(u);
    }
    return s;
  }

  @Test
  void compressesRuns() {
    SortedSet<Long> uids = new TreeSet<>();
    LongStream.rangeClosed(1, 500).forEach(uids::add);
    uids.add(502L);
    LongStream.rangeClosed(510, 900).forEach(uids::add);
    assertThat(UidSets.compress(uids)).isEqualTo("1:500,502,510:900");
    assertThat(UidSets.compress(set(7))).isEqualTo("7");
    assertThat(UidSets.compress(set(4294967295L, 4294967294L))).isEqualTo("4294967294:4294967295");
  }

  @Test
  void chunksStayUnderTheLimitAndKeepEveryUid() {
    SortedSet<Long> odd = new TreeSet<>();
    LongStream.rangeClosed(1, 20_000).map(i -> 2 * i + 1_000_000).forEach(odd::add);
    List<SortedSet<Long>> chunks = UidSets.chunk(odd, 8000);
    assertThat(chunks).hasSizeGreaterThan(1);
    SortedSet<Long> back = new TreeSet<>();
    for (SortedSet<Long> c : chunks) {
      assertThat(UidSets.compress(c).length()).isLessThanOrEqualTo(8000);
      back.addAll(c);
    }
    assertThat(back).isEqualTo(odd);
    // A long run stays one range in one chunk.
    SortedSet<Long> run = new TreeSet<>();
    LongStream.rangeClosed(1, 100_000).forEach(run::add);
    assertThat(UidSets.chunk(run, 21)).hasSize(1);
    assertThatThrownBy(() -> UidSets.chunk(run, 20)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expandsServerSets() {
    assertThat(UidSets.expand("4:7,9", 5)).containsExactly(4L, 5L, 6L, 7L, 9L);
    assertThat(UidSets.expand("7:4", 4)).containsExactly(4L, 5L, 6L, 7L);
    assertThatThrownBy(() -> UidSets.expand("banana", 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UidSets.expand("4:7,9", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than the 4 UIDs asked for");
    assertThatThrownBy(() -> UidSets.expand("0:3", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> UidSets.expand("1:4294967296", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void validatesWithTheArgumentsName() {
    assertThat(UidSets.validate(List.of(3L, 1L, 3L), "uids")).containsExactly(1L, 3L);
    assertThatThrownBy(() -> UidSets.validate(null, "uids")).hasMessage("uids == null");
    assertThatThrownBy(() -> UidSets.validate(List.of(), "uids")).hasMessageContaining("uids");
    assertThatThrownBy(() -> UidSets.validate(List.of(0L), "uids")).hasMessageContaining("uids");
    assertThatThrownBy(() -> UidSets.validate(List.of(-1L), "uids")).hasMessageContaining("uids");
    assertThatThrownBy(() -> UidSets.validate(List.of(1L << 32), "uids"))
        .hasMessageContaining("uids");
    assertThatThrownBy(() -> UidSets.validate(Arrays.asList(1L, null), "uids"))
        .hasMessageContaining("uids");
  }
}
