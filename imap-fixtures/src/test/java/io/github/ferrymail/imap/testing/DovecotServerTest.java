package io.github.ferrymail.imap.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.imap.testing.DovecotServer.Profile;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("dovecot")
class DovecotServerTest {

  @RegisterExtension static final DovecotExtension DOVECOT = new DovecotExtension(Profile.MODERN);

  @Test
  void modernAdvertisesMoveUidplusAndSpecialUseAndHasTheSpecialFolders() throws Exception {
    DovecotServer server = DOVECOT.server();
    try (var store = (IMAPStore) server.openStore()) {
      assertThat(store.hasCapability("MOVE")).isTrue();
      assertThat(store.hasCapability("UIDPLUS")).isTrue();
      assertThat(store.hasCapability("SPECIAL-USE")).isTrue();
      assertThat(((IMAPFolder) store.getFolder("Trash")).getAttributes()).contains("\\Trash");
      assertThat(((IMAPFolder) store.getFolder("Archive")).getAttributes()).contains("\\Archive");
      assertThat(((IMAPFolder) store.getFolder("Sent")).getAttributes()).contains("\\Sent");
    }
  }

  @Test
  void appendedMessagesArriveInOrderWithDistinctMessageIds() throws Exception {
    DovecotServer server = DOVECOT.server();
    server.createMailbox("Appended");
    List<String> first = server.appendMessages("Appended", 3);
    List<String> second = server.appendMessages("Appended", 2);

    assertThat(first).hasSize(3).doesNotHaveDuplicates().doesNotContainAnyElementsOf(second);
    var expected = new ArrayList<>(first);
    expected.addAll(second);
    try (Store store = server.openStore()) {
      var folder = (IMAPFolder) store.getFolder("Appended");
      folder.open(Folder.READ_ONLY);
      Message[] messages = folder.getMessages();
      var ids = new ArrayList<String>();
      long previousUid = 0;
      for (Message message : messages) {
        ids.add(message.getHeader("Message-ID")[0]);
        assertThat(folder.getUID(message)).isGreaterThan(previousUid);
        previousUid = folder.getUID(message);
      }
      assertThat(ids).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void createMailboxFailsForAFolderThatExists() throws Exception {
    DovecotServer server = DOVECOT.server();
    server.createMailbox("Twice");
    assertThatThrownBy(() -> server.createMailbox("Twice"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Twice");
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    DovecotServer server = DOVECOT.server();
    Store store = server.session().getStore(server.protocol());
    assertThatThrownBy(() -> store.connect(server.host(), server.port(), server.user(), "wrong"))
        .isInstanceOf(AuthenticationFailedException.class);
  }

  @Test
  void oldProfileAdvertisesNeitherMoveNorUidplusButStillSendsCopyuidAndMoves() throws Exception {
    try (DovecotServer old = DovecotServer.start(Profile.OLD_NO_MOVE_NO_UIDPLUS)) {
      old.appendMessages("INBOX", 1);
      try (var store = (IMAPStore) old.openStore()) {
        assertThat(store.hasCapability("IMAP4rev1")).isTrue();
        assertThat(store.hasCapability("MOVE")).isFalse();
        assertThat(store.hasCapability("UIDPLUS")).isFalse();
        assertThat(store.hasCapability("SPECIAL-USE")).isFalse();
        var inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        var responses =
            (Response[]) inbox.doCommand(protocol -> protocol.command("UID COPY 1 Archive", null));
        Response tagged = responses[responses.length - 1];
        assertThat(tagged.isOK()).isTrue();
        assertThat(tagged.toString()).contains("COPYUID");
        responses =
            (Response[]) inbox.doCommand(protocol -> protocol.command("UID MOVE 1 Sent", null));
        assertThat(responses[responses.length - 1].isOK()).isTrue();
      }
      assertThat(inboxCount(old)).isZero();
    }
  }

  @Test
  void tlsConnectsWithTheTrustStoreAndChecksTheHostName() throws Exception {
    try (DovecotServer tls = DovecotServer.start(Profile.TLS)) {
      assertThat(tls.protocol()).isEqualTo("imaps");
      assertThat(tls.trustStore().size()).isEqualTo(1);
      try (var store = (IMAPStore) tls.openStore()) {
        assertThat(store.isConnected()).isTrue();
        assertThat(store.hasCapability("MOVE")).isTrue();
      }
      // By name as well as by address: the certificate names both.
      Properties props = tls.sessionProperties();
      try (Store store = jakarta.mail.Session.getInstance(props).getStore("imaps")) {
        store.connect("localhost", tls.port(), tls.user(), tls.password());
        assertThat(store.isConnected()).isTrue();
      }
    }
  }

  @Test
  void tlsIsRefusedWithoutTheTrustStore() throws Exception {
    try (DovecotServer tls = DovecotServer.start(Profile.TLS)) {
      Properties props = tls.sessionProperties();
      props.remove("mail.imaps.ssl.socketFactory");
      Store store = jakarta.mail.Session.getInstance(props).getStore("imaps");
      assertThatThrownBy(() -> store.connect(tls.host(), tls.port(), tls.user(), tls.password()))
          .isInstanceOf(MessagingException.class)
          .satisfies(
              e ->
                  assertThat(causeChain(e))
                      .hasAtLeastOneElementOfType(SSLHandshakeException.class));

      try (var socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket()) {
        socket.connect(new InetSocketAddress(tls.host(), tls.port()), 5000);
        assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
      }
    }
  }

  @Test
  void aTrustedCertificateForAnotherHostIsRefusedOnlyWhenHostNamesAreChecked() throws Exception {
    try (DovecotServer wrong = DovecotServer.start(Profile.TLS_WRONG_HOST_NAME)) {
      Store checked = wrong.session().getStore("imaps");
      assertThatThrownBy(
              () -> checked.connect(wrong.host(), wrong.port(), wrong.user(), wrong.password()))
          .isInstanceOf(MessagingException.class);

      Properties props = wrong.sessionProperties();
      props.setProperty("mail.imaps.ssl.checkserveridentity", "false");
      try (Store unchecked = jakarta.mail.Session.getInstance(props).getStore("imaps")) {
        unchecked.connect(wrong.host(), wrong.port(), wrong.user(), wrong.password());
        assertThat(unchecked.isConnected()).isTrue();
      }
    }
  }

  @Test
  void severalInstancesRunAtOnceAndCloseStopsAndDeletesEach() throws Exception {
    DovecotServer first = DovecotServer.start(Profile.MODERN);
    DovecotServer second = DovecotServer.start(Profile.MODERN);
    try {
      assertThat(first.port()).isNotEqualTo(second.port());
      first.appendMessages("INBOX", 2);
      second.appendMessages("INBOX", 1);
      assertThat(inboxCount(first)).isEqualTo(2);
      assertThat(inboxCount(second)).isEqualTo(1);
    } finally {
      first.close();
      second.close();
    }
    first.close(); // idempotent
    for (DovecotServer server : List.of(first, second)) {
      assertThat(server.directory()).doesNotExist();
      assertThat(Files.exists(server.directory())).isFalse();
      assertThatThrownBy(() -> new Socket(server.host(), server.port()).close())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void stopServingEndsConnectionsAndStartServingComesBackOnThePortWithTheMail() throws Exception {
    DovecotServer server = DovecotServer.start(Profile.MODERN);
    try {
      server.appendMessages("INBOX", 3);
      try (Store store = server.openStore()) {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        server.stopServing();
        assertThatThrownBy(() -> inbox.getMessage(1).getHeader("Message-ID"))
            .as("the open connection was ended")
            .isInstanceOf(MessagingException.class);
      }
      assertThatThrownBy(() -> new Socket(server.host(), server.port()).close())
          .isInstanceOf(ConnectException.class);
      server.startServing();
      assertThat(inboxCount(server)).isEqualTo(3);
    } finally {
      server.close();
    }
    assertThat(server.directory()).doesNotExist();
  }

  @Test
  void aMissingDovecotFailsWithTheInstallHint() {
    assertThatThrownBy(() -> DovecotServer.start(Profile.MODERN, Path.of("/nonexistent/dovecot")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(DovecotServer.NOT_INSTALLED);
    assertThat(DovecotServer.dovecotAvailable()).isTrue();
  }

  @Test
  void aDovecotThatCannotStartFailsWithWhatItSaid() {
    // /bin/false exits 1 at once, as Dovecot does on a configuration error.
    assertThatThrownBy(() -> DovecotServer.start(Profile.MODERN, Path.of("/bin/false")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Dovecot did not start")
        .hasMessageContaining("exit code 1");
  }

  private static int inboxCount(DovecotServer server) throws MessagingException {
    try (Store store = server.openStore()) {
      return store.getFolder("INBOX").getMessageCount();
    }
  }

  private static List<Throwable> causeChain(Throwable e) {
    var chain = new ArrayList<Throwable>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
