package io.github.ferrymail.imap;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.GreenMailServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flag commands counted against GreenMail, which names every message of a STORE in its reply. */
class FlagCommandsGreenMailTest extends AbstractFlagCommandsTest {
  @RegisterExtension
  static GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(false);

  @Override
  protected Endpoint endpoint() {
    GreenMailServer.user(greenMail);
    return new Endpoint(
        "127.0.0.1",
        GreenMailServer.port(greenMail),
        GreenMailServer.USER,
        GreenMailServer.PASSWORD);
  }

  @Override
  protected int bulkSize() {
    return 1_000;
  }

  @Override
  protected boolean reportsUnchangedMessages() {
    return true;
  }
}
