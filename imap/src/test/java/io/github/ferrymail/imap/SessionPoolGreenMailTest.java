package io.github.ferrymail.imap;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.GreenMailServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The executor's session pool against GreenMail. */
class SessionPoolGreenMailTest extends AbstractSessionPoolTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  @Override
  protected Endpoint endpoint() {
    GreenMailServer.user(greenMail);
    return new Endpoint(
        "127.0.0.1",
        GreenMailServer.port(greenMail),
        GreenMailServer.USER,
        GreenMailServer.PASSWORD);
  }
}
