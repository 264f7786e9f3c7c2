package io.github.ferrymail.imap.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.imap.testing.DovecotServer.Profile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The proxy in front of a real Dovecot: MOVE and EXPUNGE are cut after they took effect. */
@Tag("dovecot")
class FaultInjectingProxyDovecotTest {

  @RegisterExtension static final DovecotExtension DOVECOT = new DovecotExtension(Profile.MODERN);

  private FaultInjectingProxy proxy;

  @BeforeEach
  void startProxy() {
    proxy = FaultInjectingProxy.start(DOVECOT.server().host(), DOVECOT.server().port());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  @Test
  void aCutUidMoveStillMovedTheMessages() throws Exception {
    DovecotServer dovecot = DOVECOT.server();
    dovecot.createMailbox("MoveFrom");
    dovecot.createMailbox("MoveTo");
    List<String> ids = dovecot.appendMessages("MoveFrom", 2);
    FaultInjectingProxy.Fault cut = proxy.cutAfter("MOVE");

    try (Store store = throughProxy()) {
      var folder = (IMAPFolder) store.getFolder("MoveFrom");
      folder.open(Folder.READ_WRITE);
      assertThatThrownBy(
              () ->
                  folder.doCommand(
                      protocol -> {
                        protocol.simpleCommand("UID MOVE 1:2 MoveTo", null);
                        return null;
                      }))
          .isInstanceOf(MessagingException.class);
    }

    assertThat(cut.triggered()).isEqualTo(1);
    assertThat(proxy.commandsSeen()).anyMatch(c -> c.endsWith(" UID MOVE 1:2 MoveTo"));
    assertThat(messageIds("MoveFrom")).isEmpty();
    assertThat(messageIds("MoveTo")).containsExactlyElementsOf(ids);
  }

  @Test
  void aCutUidExpungeStillExpunged() throws Exception {
    DovecotServer dovecot = DOVECOT.server();
    dovecot.createMailbox("Expunging");
    List<String> ids = dovecot.appendMessages("Expunging", 2);
    try (Store store = dovecot.openStore()) {
      Folder folder = store.getFolder("Expunging");
      folder.open(Folder.READ_WRITE);
      folder.getMessage(1).setFlag(Flags.Flag.DELETED, true);
      folder.close(false);
    }
    proxy.cutAfter("EXPUNGE");

    try (Store store = throughProxy()) {
      var folder = (IMAPFolder) store.getFolder("Expunging");
      folder.open(Folder.READ_WRITE);
      assertThatThrownBy(
              () ->
                  folder.doCommand(
                      protocol -> {
                        protocol.simpleCommand("UID EXPUNGE 1", null);
                        return null;
                      }))
          .isInstanceOf(MessagingException.class);
    }

    assertThat(proxy.commandCount("EXPUNGE")).isEqualTo(1);
    assertThat(messageIds("Expunging")).containsExactly(ids.get(1));
  }

  @Test
  void appendWithDovecotsLiteralPlusPassesThrough() throws Exception {
    DovecotServer dovecot = DOVECOT.server();
    dovecot.createMailbox("Appended");
    try (Store store = throughProxy()) {
      var message = new MimeMessage(dovecot.session());
      message.setSubject("through the proxy");
      message.setText("body\r\nwith two lines\r\n");
      message.saveChanges();
      message.setHeader("Message-ID", "<proxied-append@localhost>");
      store.getFolder("Appended").appendMessages(new Message[] {message});
    }
    assertThat(proxy.commandsSeen())
        .filteredOn(c -> c.contains(" APPEND "))
        .singleElement()
        .satisfies(c -> assertThat(c).matches(".* \\{\\d+\\+?\\}\\[\\d+ bytes\\]"));
    assertThat(messageIds("Appended")).containsExactly("<proxied-append@localhost>");
  }

  private Store throughProxy() throws MessagingException {
    DovecotServer dovecot = DOVECOT.server();
    Store store = dovecot.session().getStore("imap");
    store.connect(proxy.host(), proxy.port(), dovecot.user(), dovecot.password());
    return store;
  }

  /** The Message-IDs in a folder, in UID order, read past the proxy. */
  private static List<String> messageIds(String folderName) throws MessagingException {
    try (Store store = DOVECOT.server().openStore()) {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_ONLY);
      var ids = new ArrayList<String>();
      for (Message message : folder.getMessages()) {
        ids.add(message.getHeader("Message-ID")[0]);
      }
      folder.close(false);
      return ids;
    }
  }
}
