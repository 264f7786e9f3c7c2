package io.github.ferrymail.imap.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The proxy against GreenMail, with a raw client (exact wire) and with Angus Mail. */
class FaultInjectingProxyTest {

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

  private static final String MESSAGE =
      "From: sender@localhost\r\nSubject: proxied\r\nMessage-ID: <p1@localhost>\r\n\r\nhello\r\n";

  private FaultInjectingProxy proxy;
  private GreenMailUser user;

  @BeforeEach
  void startProxy() {
    user = GREENMAIL.setUser("ferry@localhost", "ferry", "secret");
    proxy = FaultInjectingProxy.start("127.0.0.1", GREENMAIL.getImap().getPort());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  @Test
  void forwardsCommandsAndLiteralsBothWaysAndRecordsThemWithoutPayloadsOrPasswords()
      throws Exception {
    try (RawImapClient client = RawImapClient.connect(proxy.host(), proxy.port())) {
      assertThat(client.readLine()).startsWith("* OK");
      assertThat(last(client.command("a1", "LOGIN ferry secret"))).startsWith("a1 OK");
      assertThat(last(client.append("a2", "INBOX", MESSAGE))).startsWith("a2 OK");
      assertThat(last(client.command("a3", "SELECT INBOX"))).startsWith("a3 OK");
      List<String> fetch = client.command("a4", "FETCH 1 BODY[]");
      // The body came back as a server literal, intact, followed by the rest of the response.
      assertThat(fetch).contains("hello", ")");
      assertThat(last(fetch)).startsWith("a4 OK");
    }
    int size = MESSAGE.length();
    assertThat(proxy.commandsSeen())
        .containsExactly(
            "a1 LOGIN [credentials elided]",
            "a2 APPEND INBOX {" + size + "}[" + size + " bytes]",
            "a3 SELECT INBOX",
            "a4 FETCH 1 BODY[]");
    assertThat(proxy.connectionsAccepted()).isEqualTo(1);
    assertThat(proxy.commandCount("append")).isEqualTo(1);
  }

  @Test
  void cutAfterStoreDropsTheConnectionOnlyAfterTheServerSetTheFlag() throws Exception {
    deliver(1);
    FaultInjectingProxy.Fault cut = proxy.cutAfter("STORE");
    try (RawImapClient client = loggedIn()) {
      client.command("a2", "SELECT INBOX");
      List<String> reply = client.command("a3", "STORE 1 +FLAGS (\\Flagged)");
      // Neither the untagged FETCH nor the tagged OK reached the client: only the end of stream.
      assertThat(reply).isEmpty();
      assertThat(client.readLine()).isNull();
    }
    assertThat(cut.triggered()).isEqualTo(1);
    assertThat(proxy.commandCount("STORE")).isEqualTo(1);
    assertThat(flagged(1)).isTrue();
  }

  @Test
  void angusSeesTheCutAsAnErrorAndTheNextStoreGoesThroughBecauseFaultsAreOneShot()
      throws Exception {
    deliver(2);
    FaultInjectingProxy.Fault cut = proxy.cutAfter("store");
    try (Store store = angus(proxy.port(), 10_000)) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Message first = inbox.getMessage(1);
      assertThatThrownBy(() -> first.setFlag(Flags.Flag.FLAGGED, true))
          .isInstanceOf(MessagingException.class);
    }
    try (Store store = angus(proxy.port(), 10_000)) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      inbox.getMessage(2).setFlag(Flags.Flag.FLAGGED, true);
      inbox.close(false);
    }
    assertThat(cut.triggered()).isEqualTo(1);
    assertThat(flagged(1)).isTrue();
    assertThat(flagged(2)).isTrue();
    assertThat(proxy.commandCount("STORE")).isEqualTo(2);
  }

  @Test
  void uidPrefixAndCaseDoNotMatterAndTimesWidensAFault() throws Exception {
    deliver(1);
    FaultInjectingProxy.Fault cut = proxy.cutAfter("Store").times(2);
    for (int i = 0; i < 2; i++) {
      try (RawImapClient client = loggedIn()) {
        client.command("b1", "select INBOX");
        assertThat(client.command("b2", "uid store 1 +FLAGS (\\Seen)")).isEmpty();
      }
    }
    try (RawImapClient client = loggedIn()) {
      client.command("b1", "SELECT INBOX");
      assertThat(last(client.command("b2", "UID STORE 1 +FLAGS (\\Seen)"))).startsWith("b2 OK");
    }
    assertThat(cut.triggered()).isEqualTo(2);
    assertThat(proxy.connectionsAccepted()).isEqualTo(3);
  }

  @Test
  void alwaysCutsEveryMatchingCommand() throws Exception {
    FaultInjectingProxy.Fault cut = proxy.cutAfter("NOOP").always();
    for (int i = 0; i < 3; i++) {
      try (RawImapClient client = loggedIn()) {
        assertThat(client.command("n1", "NOOP")).isEmpty();
      }
    }
    assertThat(cut.triggered()).isEqualTo(3);
  }

  @Test
  void swallowReplyLetsTheServerActAndKeepsTheClientWaitingOnAnOpenSocket() throws Exception {
    deliver(1);
    FaultInjectingProxy.Fault swallow = proxy.swallowReplyAfter("STORE");
    try (RawImapClient client = loggedIn()) {
      client.command("a2", "SELECT INBOX");
      client.readTimeoutMillis(300);
      client.send("a3 STORE 1 +FLAGS (\\Flagged)");
      assertThatThrownBy(client::readLine).isInstanceOf(SocketTimeoutException.class);
      // Still open (a closed socket would read the end of stream), and still silent.
      client.send("a4 NOOP");
      assertThatThrownBy(client::readLine).isInstanceOf(SocketTimeoutException.class);
    }
    assertThat(swallow.triggered()).isEqualTo(1);
    assertThat(proxy.commandCount("NOOP")).isEqualTo(1);
    assertThat(flagged(1)).isTrue();
  }

  @Test
  void angusHitsItsReadTimeoutWhenTheReplyIsSwallowed() throws Exception {
    deliver(1);
    proxy.swallowReplyAfter("STORE");
    try (Store store = angus(proxy.port(), 500)) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Message first = inbox.getMessage(1);
      assertThatThrownBy(() -> first.setFlag(Flags.Flag.FLAGGED, true))
          // Angus keeps only the text of the cause.
          .isInstanceOf(FolderClosedException.class)
          .hasMessageContaining("SocketTimeoutException");
    }
    assertThat(flagged(1)).isTrue();
  }

  @Test
  void stallHoldsEverythingOnOpenAndNewConnectionsAndResumeDropsWhatItHeld() throws Exception {
    deliver(1);
    try (RawImapClient open = loggedIn()) {
      open.command("a2", "SELECT INBOX");
      proxy.stall();
      open.readTimeoutMillis(300);
      open.send("a3 STORE 1 +FLAGS (\\Flagged)");
      assertThatThrownBy(open::readLine).isInstanceOf(SocketTimeoutException.class);
      try (RawImapClient fresh = RawImapClient.connect(proxy.host(), proxy.port())) {
        fresh.readTimeoutMillis(300);
        assertThatThrownBy(fresh::readLine)
            .as("not even a greeting")
            .isInstanceOf(SocketTimeoutException.class);
        proxy.resume();
        fresh.readTimeoutMillis(5000);
        assertThat(fresh.readLine()).as("dropped by the resume").isNull();
      }
      open.readTimeoutMillis(5000);
      assertThat(open.readLine()).isNull();
    }
    assertThat(proxy.commandCount("STORE")).isZero();
    assertThat(flagged(1)).as("the held command never reached the server").isFalse();
    try (RawImapClient after = loggedIn()) {
      assertThat(last(after.command("a2", "NOOP"))).startsWith("a2 OK");
    }
  }

  @Test
  void cutBeforeKeepsTheCommandFromTheServer() throws Exception {
    deliver(1);
    FaultInjectingProxy.Fault cut = proxy.cutBefore("STORE");
    try (RawImapClient client = loggedIn()) {
      client.command("a2", "SELECT INBOX");
      assertThat(client.command("a3", "STORE 1 +FLAGS (\\Flagged)")).isEmpty();
    }
    assertThat(cut.triggered()).isEqualTo(1);
    assertThat(proxy.commandCount("STORE")).isZero();
    assertThat(flagged(1)).isFalse();
  }

  @Test
  void resetForgetsFaultsAndRecordsAndDropConnectionsHangsUp() throws Exception {
    FaultInjectingProxy.Fault cut = proxy.cutAfter("NOOP");
    try (RawImapClient client = loggedIn()) {
      proxy.reset();
      assertThat(proxy.commandsSeen()).isEmpty();
      assertThat(proxy.connectionsAccepted()).isZero();
      assertThat(last(client.command("a2", "NOOP"))).startsWith("a2 OK");
      assertThat(cut.triggered()).isZero();
      proxy.dropConnections();
      assertThat(client.readLine()).isNull();
    }
    assertThat(proxy.commandsSeen()).containsExactly("a2 NOOP");
  }

  @Test
  void badArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> proxy.cutAfter(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyword");
    assertThatThrownBy(() -> proxy.cutAfter("UID MOVE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyword");
    assertThatThrownBy(() -> proxy.cutAfter("MOVE").times(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultInjectingProxy.start("127.0.0.1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targetPort");
  }

  private RawImapClient loggedIn() throws Exception {
    RawImapClient client = RawImapClient.connect(proxy.host(), proxy.port());
    client.readLine();
    assertThat(last(client.command("a1", "LOGIN ferry secret"))).startsWith("a1 OK");
    return client;
  }

  private static Store angus(int port, int readTimeoutMillis) throws MessagingException {
    var props = new Properties();
    props.setProperty("mail.imap.connectiontimeout", "10000");
    props.setProperty("mail.imap.timeout", Integer.toString(readTimeoutMillis));
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("127.0.0.1", port, "ferry", "secret");
    return store;
  }

  /** Reads the flag through a fresh direct connection, past the proxy. */
  private static boolean flagged(int messageNumber) throws MessagingException {
    try (Store store = angus(GREENMAIL.getImap().getPort(), 10_000)) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      boolean set = inbox.getMessage(messageNumber).isSet(Flags.Flag.FLAGGED);
      inbox.close(false);
      return set;
    }
  }

  private void deliver(int count) throws MessagingException {
    for (int i = 1; i <= count; i++) {
      var message = new MimeMessage(Session.getInstance(new Properties()));
      message.setFrom(new InternetAddress("sender@localhost"));
      message.setSubject("message " + i);
      message.setText("body " + i);
      user.deliver(message);
    }
  }

  private static String last(List<String> lines) {
    assertThat(lines).isNotEmpty();
    return lines.get(lines.size() - 1);
  }
}
