package io.github.ferrymail.imap.support;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A GreenMail IMAP server on a dynamic port with one user, fresh for each test method. */
public final class GreenMailServer {
  public static final String USER = "alice";
  public static final String PASSWORD = "s3cret-pw";

  private GreenMailServer() {}

  public static GreenMailExtension extension() {
    ServerSetup imap = ServerSetupTest.IMAP.dynamicPort();
    return new GreenMailExtension(imap).withPerMethodLifecycle(true);
  }

  public static GreenMailUser user(GreenMailExtension greenMail) {
    GreenMailUser existing = greenMail.getUserManager().getUser(USER);
    return existing != null ? existing : greenMail.setUser("alice@example.com", USER, PASSWORD);
  }

  public static int port(GreenMailExtension greenMail) {
    return greenMail.getImap().getPort();
  }

  public static ImapAccount.Builder account(GreenMailExtension greenMail) {
    user(greenMail);
    return ImapAccount.builder("127.0.0.1", USER, CredentialsProvider.password(PASSWORD))
        .tlsMode(TlsMode.NONE)
        .port(port(greenMail))
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(20));
  }

  public static MailboxProbe probe(GreenMailExtension greenMail) {
    user(greenMail);
    return new MailboxProbe("127.0.0.1", port(greenMail), USER, PASSWORD);
  }

  public static void createFolder(GreenMailExtension greenMail, String name) {
    try {
      greenMail.getManagers().getImapHostManager().createMailbox(user(greenMail), name);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Delivers a message to the INBOX. */
  public static void deliver(
      GreenMailExtension greenMail, @Nullable String messageId, String subject) {
    user(greenMail).deliver(TestMessages.message(messageId, subject));
  }
}
