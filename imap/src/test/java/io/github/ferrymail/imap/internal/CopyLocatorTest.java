package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CopyLocatorTest {
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  private static MessageMeta m(long uid, @Nullable String id, long size) {
    return new MessageMeta(uid, id, size, T, false);
  }

  @Test
  void pairsByMessageIdSizeAndDate() {
    CopyLocator.Located found =
        CopyLocator.locate(
            Map.of(1L, m(1, "<a>", 10), 2L, m(2, "<b>", 20)),
            Map.of(50L, m(50, "<b>", 20), 51L, m(51, "<a>", 10), 52L, m(52, "<c>", 10)));
    assertThat(found.newUids()).containsEntry(1L, 51L).containsEntry(2L, 50L);
  }

  @Test
  void aSizeMismatchIsNotACopy() {
    CopyLocator.Located found =
        CopyLocator.locate(Map.of(1L, m(1, "<a>", 10)), Map.of(50L, m(50, "<a>", 11)));
    assertThat(found.found(1)).isFalse();
  }

  @Test
  void duplicatesArePairedInUidOrderWhenTheCountsMatch() {
    CopyLocator.Located found =
        CopyLocator.locate(
            Map.of(3L, m(3, "<d>", 5), 1L, m(1, "<d>", 5)),
            Map.of(61L, m(61, "<d>", 5), 60L, m(60, "<d>", 5)));
    assertThat(found.newUids()).containsEntry(1L, 60L).containsEntry(3L, 61L);
  }

  @Test
  void moreLookAlikesThanSoughtAreUncertain() {
    CopyLocator.Located found =
        CopyLocator.locate(
            Map.of(1L, m(1, "<d>", 5)), Map.of(60L, m(60, "<d>", 5), 61L, m(61, "<d>", 5)));
    assertThat(found.newUids()).isEmpty();
    assertThat(found.presentUnknownUid()).containsExactly(1L);
  }

  @Test
  void withoutMessageIdSizeAndDateDecide() {
    CopyLocator.Located found =
        CopyLocator.locate(
            Map.of(1L, m(1, null, 5)), Map.of(60L, m(60, null, 5), 61L, m(61, "<x>", 5)));
    assertThat(found.newUids()).containsEntry(1L, 60L);
  }

  @Test
  void readsTheMessageIdHeaderFolded() {
    assertThat(MessageMeta.parseMessageId("Message-ID:\r\n <x@y>\r\n\r\n".getBytes()))
        .isEqualTo("<x@y>");
    assertThat(MessageMeta.parseMessageId("message-id: <a@b>\r\n".getBytes())).isEqualTo("<a@b>");
    assertThat(MessageMeta.parseMessageId("\r\n".getBytes())).isNull();
  }
}
