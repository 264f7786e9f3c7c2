package io.github.ferrymail.imap;

import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The executor's session pool against Dovecot. */
@Tag("dovecot")
class SessionPoolDovecotTest extends AbstractSessionPoolTest {
  @RegisterExtension
  static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

  private final Endpoint endpoint = FaultInjectionDovecotTest.endpoint(DOVECOT.server());

  @Override
  protected Endpoint endpoint() {
    return endpoint;
  }
}
