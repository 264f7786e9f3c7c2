package io.github.ferrymail.imap.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.CopyUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.MessageSet;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.junit.jupiter.api.Test;

/** The scripted server driven by Angus Mail, as the imap module's tests will drive it. */
class ScriptedImapServerTest {

  @Test
  void angusLogsInSelectsAndLogsOutOnTheDefaultsAlone() throws Exception {
    try (ScriptedImapServer server = ScriptedImapServer.builder().mailbox(42, 100, 7).start()) {
      try (Store store = connect(server)) {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertThat(inbox.getMessageCount()).isEqualTo(7);
        assertThat(inbox.getUIDValidity()).isEqualTo(42);
        assertThat(inbox.getUIDNext()).isEqualTo(100);
        inbox.close(false);
      }
      assertThat(server.unexpectedCommands()).isEmpty();
      assertThat(server.commandsSeen())
          .anyMatch(c -> c.endsWith(" LOGIN [credentials elided]"))
          .anyMatch(c -> c.endsWith(" SELECT INBOX"))
          .anyMatch(c -> c.endsWith(" LOGOUT"));
    }
  }

  @Test
  void aServerWithoutUidplusAnswersCopyWithoutCopyuid() throws Exception {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .capabilities("IMAP4rev1")
            .expect("UID COPY 1:2 Archive", "{tag} OK COPY completed")
            .start()) {
      try (var store = (IMAPStore) connect(server)) {
        assertThat(store.hasCapability("UIDPLUS")).isFalse();
        assertThat(store.hasCapability("MOVE")).isFalse();
        IMAPFolder inbox = openInbox(store);
        List<String> responses = command(inbox, "UID COPY 1:2 Archive");
        assertThat(responses).singleElement().asString().endsWith(" OK COPY completed");
        // Angus's own COPYUID call refuses to try without UIDPLUS.
        assertThatThrownBy(() -> inbox.copyUIDMessages(inbox.getMessages(), archive(store)))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("UIDPLUS");
      }
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void aServerClaimingUidplusMayStillAnswerCopyWithoutCopyuid() throws Exception {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .capabilities("IMAP4rev1 UIDPLUS")
            .expect("UID COPY 1:2 Archive", "{tag} OK COPY completed")
            .expect("COPY 1:2 Archive", "{tag} OK COPY completed")
            .start()) {
      try (var store = (IMAPStore) connect(server)) {
        assertThat(store.hasCapability("UIDPLUS")).isTrue();
        IMAPFolder inbox = openInbox(store);
        assertThat(command(inbox, "UID COPY 1:2 Archive"))
            .singleElement()
            .asString()
            .endsWith(" OK COPY completed");
        // A pitfall worth knowing: Angus 2.0.5's copyUIDMessages trusts UIDPLUS and fails on
        // the missing COPYUID with a NullPointerException (after the server copied).
        assertThatThrownBy(() -> inbox.copyUIDMessages(inbox.getMessages(), archive(store)))
            .isInstanceOf(NullPointerException.class);
      }
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void aMalformedCopyuidReachesTheClientVerbatim() throws Exception {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .capabilities("IMAP4rev1 UIDPLUS")
            .expect("UID COPY 1:2 Archive", "{tag} OK [COPYUID banana 1:2] Done")
            .expect("COPY 1:2 Archive", "{tag} OK [COPYUID banana 1:2] Done")
            .start()) {
      try (var store = (IMAPStore) connect(server)) {
        IMAPFolder inbox = openInbox(store);
        assertThat(command(inbox, "UID COPY 1:2 Archive"))
            .singleElement()
            .asString()
            .endsWith(" OK [COPYUID banana 1:2] Done");
        // Another pitfall: Angus parses it without complaint into nonsense, so a client must
        // check a COPYUID itself (a positive UIDVALIDITY, as many source as destination UIDs).
        var parsed =
            (CopyUID)
                inbox.doCommand(p -> p.copyuid(new MessageSet[] {new MessageSet(1, 2)}, "Archive"));
        assertThat(parsed.uidvalidity).isEqualTo(-1);
        assertThat(UIDSet.size(parsed.src)).isZero();
        assertThat(UIDSet.size(parsed.dst)).isEqualTo(2);
      }
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void aBadReplyIsABadCommandForAngus() throws Exception {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .expect("UID STORE .* \\+FLAGS\\.SILENT \\(\\\\Seen\\)", "{tag} BAD Too long argument")
            .start()) {
      try (Store store = connect(server)) {
        IMAPFolder inbox = openInbox(store);
        assertThatThrownBy(
                () ->
                    inbox.doCommand(
                        p -> {
                          p.simpleCommand("UID STORE 1:5 +FLAGS.SILENT (\\Seen)", null);
                          return null;
                        }))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("Too long argument");
      }
      assertThat(server.remainingExpectations()).isEmpty();
    }
  }

  @Test
  void untaggedLinesComeFirstAndAHangUpEndsTheConnection() throws Exception {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .expect(
                "UID MOVE 3 Trash", "* OK [COPYUID 9 3 44] Moved", "* 1 EXPUNGE", "{tag} OK Done")
            .expectThenDisconnect("UID MOVE 4 Trash", "* OK [COPYUID 9 4 45] Moved")
            .start()) {
      try (var client = RawImapClient.connect(server.host(), server.port())) {
        assertThat(client.readLine())
            .startsWith("* OK [CAPABILITY " + ScriptedImapServer.DEFAULT_CAPABILITIES);
        assertThat(client.command("m1", "UID MOVE 3 Trash"))
            .containsExactly("* OK [COPYUID 9 3 44] Moved", "* 1 EXPUNGE", "m1 OK Done");
        assertThat(client.command("m2", "UID MOVE 4 Trash"))
            .containsExactly("* OK [COPYUID 9 4 45] Moved");
        assertThat(client.readLine()).isNull();
      }
    }
  }

  @Test
  void unexpectedCommandsAreAnsweredBadAndListedAndLiteralsAreRead() throws Exception {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .expect("APPEND INBOX \\{5\\}\\[5 bytes\\]", "{tag} OK [APPENDUID 1 9] Appended")
            .start()) {
      try (var client = RawImapClient.connect(server.host(), server.port())) {
        client.readLine();
        assertThat(client.command("a1", "EXPUNGE"))
            .containsExactly("a1 BAD Unexpected command in this script");
        assertThat(client.append("a2", "INBOX", "hello"))
            .containsExactly("a2 OK [APPENDUID 1 9] Appended");
        // Non-synchronizing: no "+" from the server, the bytes follow at once.
        client.send("a3 APPEND INBOX {2+}");
        client.sendBytes("hi\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(client.readUntilTagged("a3"))
            .containsExactly("a3 BAD Unexpected command in this script");
      }
      assertThat(server.unexpectedCommands())
          .containsExactly("a1 EXPUNGE", "a3 APPEND INBOX {2+}[2 bytes]");
      assertThat(server.remainingExpectations()).isEmpty();
      assertThat(server.connectionsAccepted()).isEqualTo(1);
    }
  }

  @Test
  void theScriptIsUsedUpInOrderAndWhatIsLeftIsReported() throws Exception {
    try (ScriptedImapServer server =
        ScriptedImapServer.builder()
            .expect("NOOP", "* 3 EXISTS", "{tag} OK first")
            .expect("NOOP", "{tag} OK second")
            .expect("UID EXPUNGE 1", "{tag} OK never reached")
            .start()) {
      try (var client = RawImapClient.connect(server.host(), server.port())) {
        client.readLine();
        assertThat(client.command("x", "NOOP")).containsExactly("* 3 EXISTS", "x OK first");
        assertThat(client.command("y", "noop")).containsExactly("y OK second");
        assertThat(client.command("z", "NOOP")).containsExactly("z OK NOOP completed");
      }
      assertThat(server.remainingExpectations()).containsExactly("UID EXPUNGE 1");
    }
  }

  @Test
  void badBuilderArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> ScriptedImapServer.builder().expect(" ", "{tag} OK"))
        .hasMessageContaining("commandRegex");
    assertThatThrownBy(() -> ScriptedImapServer.builder().expect("NOOP"))
        .hasMessageContaining("lines");
    assertThatThrownBy(() -> ScriptedImapServer.builder().capabilities(""))
        .hasMessageContaining("capabilities");
    assertThatThrownBy(() -> ScriptedImapServer.builder().greeting("OK hi"))
        .hasMessageContaining("greeting");
    assertThatThrownBy(() -> ScriptedImapServer.builder().mailbox(0, 1, 0))
        .hasMessageContaining("uidValidity");
  }

  private static Store connect(ScriptedImapServer server) throws MessagingException {
    var props = new Properties();
    props.setProperty("mail.imap.connectiontimeout", "10000");
    props.setProperty("mail.imap.timeout", "10000");
    Store store = Session.getInstance(props).getStore("imap");
    store.connect(server.host(), server.port(), "anyone", "anything");
    return store;
  }

  private static IMAPFolder openInbox(Store store) throws MessagingException {
    var inbox = (IMAPFolder) store.getFolder("INBOX");
    inbox.open(Folder.READ_WRITE);
    return inbox;
  }

  private static Folder archive(Store store) throws MessagingException {
    return store.getFolder("Archive");
  }

  /** Sends a raw command through Angus and returns every response as text, the tagged one last. */
  private static List<String> command(IMAPFolder folder, String command) throws MessagingException {
    var responses = (Response[]) folder.doCommand(p -> p.command(command, null));
    var lines = new ArrayList<String>();
    for (Response response : responses) {
      lines.add(response.toString());
    }
    return lines;
  }
}
