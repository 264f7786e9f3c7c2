package io.github.ferrymail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlagDeltaTest {

  @Test
  void systemFlagsAndKeywordsAreKeptSortedAndSystemFlagsInTheirOwnCase() {
    FlagDelta delta = FlagDelta.of(List.of("Work", "\\seen", "$label1"), List.of("\\FLAGGED"));

    assertThat(delta.add()).containsExactly("$label1", "Work", "\\Seen");
    assertThat(delta.remove()).containsExactly("\\Flagged");
    assertThat(delta.addedKeywords()).containsExactly("$label1", "Work");
  }

  @Test
  void theStoredFormReadsBack() {
    FlagDelta delta =
        FlagDelta.of(Set.of("\\Answered", "$MDNSent", "+plus", "-minus"), Set.of("$NotJunk"));

    assertThat(delta.encode()).isEqualTo("+$MDNSent ++plus +-minus +\\Answered -$NotJunk");
    assertThat(FlagDelta.parse(delta.encode())).isEqualTo(delta);
    assertThat(delta).hasToString(delta.encode());
    assertThat(FlagDelta.parse("-\\Seen")).isEqualTo(FlagDelta.removing(FlagDelta.SEEN));
  }

  @Test
  void wishesAreKeyedByTheFlagInLowerCase() {
    assertThat(FlagDelta.of(Set.of("$Junk"), Set.of("\\Seen")).wishes())
        .isEqualTo(Map.of("$junk", true, "\\seen", false));
  }

  @Test
  void theDeletedFlagIsRefusedSayingWhyAndWhatToUseInstead() {
    assertThatThrownBy(() -> FlagDelta.adding("\\Deleted"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("add: ")
        .hasMessageContaining("\\Deleted")
        .hasMessageContaining("EXPUNGE")
        .hasMessageContaining("permanentDelete");
    assertThatThrownBy(() -> FlagDelta.removing("\\deleted"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("remove: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\Recent", "\\*", "\\Important", "\\"})
  void otherBackslashNamesAreNotFlagsAClientMaySet(String flag) {
    assertThatThrownBy(() -> FlagDelta.adding(flag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + flag + "'")
        .hasMessageContaining("\\Seen");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "my label",
        "a(b",
        "a)b",
        "a{b",
        "50%",
        "star*",
        "q\"uote",
        "br]acket",
        "tab\t",
        "caf\u00e9",
        "del\u007f"
      })
  void aKeywordThatIsNotAnImapAtomIsRefusedNamingIt(String keyword) {
    assertThatThrownBy(() -> FlagDelta.removing("$ok", keyword))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("remove: ")
        .hasMessageContaining("'" + keyword + "'")
        .hasMessageContaining("atom");
  }

  @Test
  void aFlagMayBeNamedOnlyOnceWhateverItsCase() {
    assertThatThrownBy(() -> FlagDelta.of(Set.of("\\Seen"), Set.of("\\seen")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\\seen")
        .hasMessageContaining("add and in remove");
    assertThatThrownBy(() -> FlagDelta.adding("$Junk", "$junk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'$junk'")
        .hasMessageContaining("twice");
    assertThat(FlagDelta.adding("Work", "Work").add()).containsExactly("Work");
  }

  @Test
  void anEmptyDeltaOrAnEmptyFlagIsRefused() {
    assertThatThrownBy(() -> FlagDelta.of(Set.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one flag");
    assertThatThrownBy(() -> FlagDelta.adding())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one flag");
    assertThatThrownBy(() -> FlagDelta.adding(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add: a flag must not be empty");
  }

  @Test
  void nullsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new FlagDelta(null, Set.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("add");
    assertThatThrownBy(() -> FlagDelta.of(Set.of("$a"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("remove");
    assertThatThrownBy(() -> FlagDelta.adding("$a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("add element");
    assertThatThrownBy(() -> FlagDelta.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("flag delta");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\\Seen", "+", "+\\Seen  -$a", " +\\Seen", "+\\Seen ", "*x"})
  void aStoredFormThatDoesNotParseIsRefusedQuotingIt(String encoded) {
    assertThatThrownBy(() -> FlagDelta.parse(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flag delta '" + encoded + "' is malformed");
  }

  @Test
  void aStoredFormWithABadFlagIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> FlagDelta.parse("+\\Seen +\\Deleted"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is malformed")
        .hasMessageContaining("\\Deleted");
    assertThatThrownBy(() -> FlagDelta.parse("+$a -$A"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void theSetsCannotBeModified() {
    FlagDelta delta = FlagDelta.adding("$a");

    assertThatThrownBy(() -> delta.add().add("$b"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> delta.wishes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
