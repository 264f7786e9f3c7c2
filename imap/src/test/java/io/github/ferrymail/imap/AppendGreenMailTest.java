package io.github.ferrymail.imap;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.GreenMailServer;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Appends on GreenMail, with APPENDUID and without it. */
class AppendGreenMailTest extends AbstractAppendTest {
  @RegisterExtension
  static GreenMailExtension greenMail =
      new GreenMailExtension(com.icegreen.greenmail.util.ServerSetupTest.IMAP.dynamicPort())
          .withPerMethodLifecycle(false);

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
  protected List<Server> servers() {
    return List.of(Server.values());
  }
}
