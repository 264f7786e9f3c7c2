package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  private static Checkpoint plain() {
    return new Checkpoint("INBOX", 10, "Archive", 20, 300, Map.of(5L, "<5@x>", 3L, "<3@x>"));
  }

  @Test
  void encodeAndDecodeRoundTrip() {
    Checkpoint checkpoint = plain();

    assertThat(Checkpoint.decode(checkpoint.encode())).isEqualTo(checkpoint);
  }

  @Test
  void oddCharactersInFoldersAndMessageIdsRoundTrip() {
    Map<Long, String> ids = new LinkedHashMap<>();
    ids.put(1L, "<a,b:c@x>");
    ids.put(2L, "<a&b=c%d+e f@x>");
    ids.put(3L, "<ü日本😀@例え.jp>");
    ids.put(4L, "<'q'\"\\;\t@x>");
    ids.put(5L, "");
    Checkpoint odd =
        new Checkpoint(
            "Ordner, mit: Komma & 100% = viel + mehr",
            4_294_967_295L, "Archiv/Entwürfe 日本 😀", 1, 4_294_967_296L, ids);

    String encoded = odd.encode();

    assertThat(Checkpoint.decode(encoded)).isEqualTo(odd);
    assertThat(encoded).matches("[\\x21-\\x7e]+");
  }

  @Test
  void anEmptyMessageIdMapRoundTrips() {
    Checkpoint checkpoint = new Checkpoint("INBOX", 1, "Trash", 2, 3, Map.of());

    assertThat(Checkpoint.decode(checkpoint.encode())).isEqualTo(checkpoint);
  }

  @Test
  void messageIdsAreSortedByUidAndCannotBeModified() {
    Checkpoint checkpoint = plain();

    assertThat(checkpoint.messageIds().keySet()).containsExactly(3L, 5L);
    assertThatThrownBy(() -> checkpoint.messageIds().put(9L, "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theMapIsCopied() {
    Map<Long, String> ids = new HashMap<>(Map.of(1L, "<1@x>"));
    Checkpoint checkpoint = new Checkpoint("INBOX", 1, "Trash", 2, 3, ids);

    ids.put(2L, "<2@x>");

    assertThat(checkpoint.messageIds()).containsOnlyKeys(1L);
  }

  @Test
  void fieldsAreValidatedNamingThem() {
    Map<Long, String> none = Map.of();
    assertThatThrownBy(() -> new Checkpoint(" ", 1, "B", 1, 1, none))
        .hasMessageContaining("sourceFolder");
    assertThatThrownBy(() -> new Checkpoint("A", 0, "B", 1, 1, none))
        .hasMessageContaining("sourceUidValidity");
    assertThatThrownBy(() -> new Checkpoint("A", 1, null, 1, 1, none))
        .hasMessageContaining("destinationFolder");
    assertThatThrownBy(() -> new Checkpoint("A", 1, "B", -1, 1, none))
        .hasMessageContaining("destinationUidValidity");
    assertThatThrownBy(() -> new Checkpoint("A", 1, "B", 1, 0, none))
        .hasMessageContaining("destinationUidNext");
    assertThatThrownBy(() -> new Checkpoint("A", 1, "B", 1, 1, null))
        .hasMessageContaining("messageIds");
    assertThatThrownBy(() -> new Checkpoint("A", 1, "B", 1, 1, Map.of(0L, "x")))
        .hasMessageContaining("messageIds key");
    Map<Long, String> nullId = new HashMap<>();
    nullId.put(4L, null);
    assertThatThrownBy(() -> new Checkpoint("A", 1, "B", 1, 1, nullId))
        .hasMessageContaining("messageIds[4]");
  }

  @Test
  void decodeRejectsNullAndBlankText() {
    assertThatThrownBy(() -> Checkpoint.decode(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("checkpoint");
    assertThatThrownBy(() -> Checkpoint.decode("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint");
  }

  @Test
  void decodeRejectsAnUnknownVersion() {
    String encoded = plain().encode().replaceFirst("^v1", "v9");

    assertThatThrownBy(() -> Checkpoint.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown version 'v9'");
  }

  @Test
  void decodeRejectsAMissingField() {
    String encoded = plain().encode().replaceFirst("&dst=[^&]*", "");

    assertThatThrownBy(() -> Checkpoint.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing field 'dst'");
  }

  @Test
  void decodeRejectsAFieldWithoutValue() {
    assertThatThrownBy(() -> Checkpoint.decode("v1&src"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed field 'src'");
  }

  @Test
  void decodeRejectsABadNumber() {
    String encoded = plain().encode().replaceFirst("&next=\\d+", "&next=12x");

    assertThatThrownBy(() -> Checkpoint.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint: bad number");
  }

  @Test
  void decodeRejectsAMalformedIdsEntry() {
    String encoded = plain().encode().replaceFirst("&ids=[^&]*", "&ids=3");

    assertThatThrownBy(() -> Checkpoint.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed ids entry '3'");
  }

  @Test
  void decodeRejectsABrokenEscape() {
    String encoded = plain().encode().replaceFirst("&src=[^&]*", "&src=IN%zzBOX");

    assertThatThrownBy(() -> Checkpoint.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint: bad escape")
        .hasMessageContaining("IN%zzBOX");
  }

  @Test
  void decodeRejectsValuesTheConstructorRefuses() {
    String encoded = plain().encode().replaceFirst("&srcv=\\d+", "&srcv=0");

    assertThatThrownBy(() -> Checkpoint.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sourceUidValidity");
  }
}
