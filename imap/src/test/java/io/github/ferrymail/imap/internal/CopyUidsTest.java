package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.Test;

class CopyUidsTest {
  private static Response r(String line) throws Exception {
    return new IMAPResponse(line);
  }

  @Test
  void readsEveryUntaggedAndTaggedCopyUid() throws Exception {
    CopyUids.Parsed parsed =
        CopyUids.parse(
            new Response[] {
              r("* OK [COPYUID 38505 304,319:320 3956:3958] Moved"),
              r("* 3 EXPUNGE"),
              r("* OK [COPYUID 38505 4:7,9 10:14] Moved more"),
              r("A3 OK [COPYUID 38505 1 99] Done")
            });
    assertThat(parsed.destinationUidValidity()).isEqualTo(38505);
    assertThat(parsed.map())
        .containsEntry(304L, 3956L)
        .containsEntry(319L, 3957L)
        .containsEntry(320L, 3958L)
        .containsEntry(4L, 10L)
        .containsEntry(9L, 14L)
        .containsEntry(1L, 99L)
        .hasSize(9);
  }

  @Test
  void ignoresMalformedCodes() throws Exception {
    CopyUids.Parsed parsed =
        CopyUids.parse(
            new Response[] {r("* OK [COPYUID 5 1:3 7:8] uneven"), r("A1 OK [COPYUID x 1 2] no")});
    assertThat(parsed.map()).isEmpty();
  }
}
