package io.github.ferrymail.imap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

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
            },
            9);
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
            new Response[] {r("* OK [COPYUID 5 1:3 7:8] uneven"), r("A1 OK [COPYUID x 1 2] no")},
            3);
    assertThat(parsed.map()).isEmpty();
  }

  @Test
  void aTaggedResponseForAnotherTagIsNotRead() throws Exception {
    CopyUids.Parsed parsed =
        CopyUids.parse(
            new Response[] {
              r("ZZ9 OK [COPYUID 7 1:2 50:51] not yours"), r("A3 OK [COPYUID 7 1:2 20:21] Done")
            },
            2);
    assertThat(parsed.map()).containsExactly(entry(1L, 20L), entry(2L, 21L));
  }

  @Test
  void aSetLargerThanTheCommandAskedForIsNotExpanded() throws Exception {
    // 4 billion UIDs would be 100 GB of boxed longs; the code is dropped at the count.
    CopyUids.Parsed parsed =
        CopyUids.parse(new Response[] {r("A1 OK [COPYUID 7 1:4294967295 1:4294967295] Done")}, 500);
    assertThat(parsed.map()).isEmpty();
  }

  @Test
  void impossibleMapsAreNotBelieved() throws Exception {
    java.util.Set<Long> asked = java.util.Set.of(1L, 2L);
    assertThat(trusted("A1 OK [COPYUID 7 1:2 20:21] ok", asked)).hasSize(2);
    assertThat(trusted("A1 OK [COPYUID 7 1 20] fewer", asked)).containsExactly(entry(1L, 20L));
    assertThat(trusted("A1 OK [COPYUID 7 1:2 20,20] twice", asked)).isEmpty();
    assertThat(trusted("A1 OK [COPYUID 7 1:2 5:6] below UIDNEXT", asked)).isEmpty();
    assertThat(trusted("A1 OK [COPYUID 7 1,3 20:21] not asked", asked)).isEmpty();
    // Another UIDVALIDITY: the folder was made anew, its UIDs start again.
    assertThat(trusted("A1 OK [COPYUID 8 1:2 1:2] recreated", asked)).hasSize(2);
    // Two codes giving one source two destinations.
    Response[] two = {r("* OK [COPYUID 7 1 20] a"), r("A1 OK [COPYUID 7 1 21] b")};
    assertThat(CopyUids.trusted(CopyUids.parse(two, 2), asked, 20, 7)).isEmpty();
  }

  private static java.util.Map<Long, Long> trusted(String line, java.util.Set<Long> asked)
      throws Exception {
    return CopyUids.trusted(CopyUids.parse(new Response[] {r(line)}, asked.size()), asked, 20, 7);
  }
}
