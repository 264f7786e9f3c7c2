package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line rules of {@link TraceRedactor}, line by line as Angus's trace gives them. */
class TraceRedactorTest {
  private final TraceRedactor redactor = new TraceRedactor(StandardCharsets.UTF_8);

  private List<String> feed(String... lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      redactor.line(line, line.getBytes(StandardCharsets.UTF_8).length, out::add);
    }
    return out;
  }

  @Test
  void loginKeepsOnlyTagAndName() {
    assertThat(feed("A1 LOGIN alice s3cret", "A1 OK LOGIN completed", "A2 SELECT INBOX"))
        .containsExactly("A1 LOGIN [redacted]", "A1 OK LOGIN completed", "A2 SELECT INBOX");
  }

  @Test
  void authenticateKeepsTheMechanismAndHidesEveryPayloadUntilTheTaggedReply() {
    assertThat(
            feed(
                "B1 authenticate PLAIN",
                "+ ",
                "AGFsaWNlAHMzY3JldA==",
                "* CAPABILITY IMAP4rev1",
                "+ eyJzdGF0dXMiOiI0MDEifQ==",
                "",
                "B1 NO [AUTHENTICATIONFAILED] no",
                "B2 LOGOUT"))
        .containsExactly(
            "B1 AUTHENTICATE PLAIN",
            "+",
            "[redacted]",
            "* CAPABILITY IMAP4rev1",
            "+ [redacted]",
            "[redacted]",
            "B1 NO [AUTHENTICATIONFAILED] no",
            "B2 LOGOUT");
    assertThat(feed("C1 AUTHENTICATE XOAUTH2 dXNlcj1hAWF1dGg9QmVhcmVyIHQBAQ==", "C1 OK"))
        .containsExactly("C1 AUTHENTICATE XOAUTH2 [redacted]", "C1 OK");
  }

  @Test
  void aLiteralInsideALoginIsRedactedEvenWhenItLooksLikeAReply() {
    // A password literal that starts like an untagged reply or the tagged one.
    assertThat(feed("D1 LOGIN bob {8+}", "* D1 OK ", "D1 OK LOGIN completed"))
        .containsExactly("D1 LOGIN [redacted]", "[redacted]", "D1 OK LOGIN completed");
    assertThat(feed("E1 LOGIN bob {9}", "+ Ready", "D1 OK pw", "E1 OK LOGIN completed"))
        .containsExactly(
            "E1 LOGIN [redacted]", "+ [redacted]", "[redacted]", "E1 OK LOGIN completed");
  }

  @Test
  void aLongLiteralIsCutAfterItsFirstBytesAndTheProtocolGoesOn() {
    List<String> lines = new ArrayList<>();
    lines.add("* 1 FETCH (UID 7 BODY[] {3900}");
    for (int i = 0; i < 100; i++) {
      lines.add("private line " + String.format("%024d", i)); // 37 bytes + CRLF = 39
    }
    lines.add(")");
    lines.add("A5 OK FETCH completed");
    List<String> out = feed(lines.toArray(String[]::new));
    assertThat(out.get(0)).isEqualTo("* 1 FETCH (UID 7 BODY[] {3900}");
    assertThat(out).contains("private line " + String.format("%024d", 5));
    assertThat(out).noneMatch(l -> l.contains(String.format("%024d", 6)));
    assertThat(out).contains("[3666 more bytes of the literal not logged]");
    assertThat(out.subList(out.size() - 2, out.size()))
        .containsExactly(")", "A5 OK FETCH completed");
  }

  @Test
  void aLiteralEndingInsideALineHandsTheRestBack() {
    assertThat(feed("* 1 FETCH (BODY[]<0> {5}", "hello FLAGS (\\Seen))", "A6 OK done"))
        .containsExactly("* 1 FETCH (BODY[]<0> {5}", "hello", " FLAGS (\\Seen))", "A6 OK done");
  }

  @Test
  void longLinesAreCut() {
    String line = "* SEARCH " + "1 ".repeat(1000);
    List<String> out = feed(line);
    assertThat(out).hasSize(1);
    assertThat(out.get(0))
        .hasSizeLessThan(TraceRedactor.MAX_LINE_CHARS + 40)
        .endsWith(
            "... [" + (line.length() - TraceRedactor.MAX_LINE_CHARS) + " more bytes not logged]");
  }
}
