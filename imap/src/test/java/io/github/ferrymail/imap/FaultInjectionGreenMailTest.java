package io.github.ferrymail.imap;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.GreenMailServer;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fault injection in front of GreenMail, every strategy forced by ignoring capabilities. */
class FaultInjectionGreenMailTest extends AbstractFaultInjectionTest {
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
  protected List<SessionMoveTest.Server> strategies() {
    return List.of(SessionMoveTest.Server.values());
  }
}
