package io.github.ferrymail.examples.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void writesNestedDocumentsWithCommasInTheRightPlaces() {
    String json =
        new JsonWriter()
            .beginObject()
            .name("a")
            .value(1L)
            .name("b")
            .beginArray()
            .value("x")
            .nullValue()
            .value(true)
            .beginObject()
            .endObject()
            .beginArray()
            .endArray()
            .endArray()
            .name("c")
            .value((String) null)
            .name("d")
            .value((Long) null)
            .endObject()
            .toString();

    assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",null,true,{},[]],\"c\":null,\"d\":null}");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", 1L);
    expected.put("b", Arrays.asList("x", null, true, Map.of(), List.of()));
    expected.put("c", null);
    expected.put("d", null);
    assertThat(MiniJson.parse(json)).isEqualTo(expected);
  }

  @Test
  void escapesWhatJsonRequiresAndKeepsTheRestAsItIs() {
    String nasty =
        "quote \" backslash \\ slash / newline \n return \r tab \t bell \u0007 nul \u0000"
            + " unit-sep \u001f del \u007f line-sep \u2028 para-sep \u2029 é 😀 Ω";

    String json = new JsonWriter().beginObject().name(nasty).value(nasty).endObject().toString();

    assertThat(json)
        .contains(
            "quote \\\" backslash \\\\ slash / newline \\n return \\r tab \\t bell \\u0007"
                + " nul \\u0000 unit-sep \\u001f del \u007f line-sep \\u2028 para-sep \\u2029"
                + " é 😀 Ω");
    assertThat(MiniJson.object(json)).containsEntry(nasty, nasty);
  }

  @Test
  void escapesLoneSurrogatesSoThatTheUtf8BodyStaysFaithful() {
    String lone = "a\ud800b\udc00c";

    String json = new JsonWriter().beginArray().value(lone).value("😀").endArray().toString();

    assertThat(json).isEqualTo("[\"a\\ud800b\\udc00c\",\"😀\"]");
    assertThat(MiniJson.parse(json)).isEqualTo(List.of(lone, "😀"));
  }

  @Test
  void refusesMisnestedOrUnfinishedDocuments() {
    assertThatThrownBy(() -> new JsonWriter().beginObject().value("x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginArray().name("x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginArray().endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginObject().toString())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().value(1L).value(2L))
        .isInstanceOf(IllegalStateException.class);
  }
}
