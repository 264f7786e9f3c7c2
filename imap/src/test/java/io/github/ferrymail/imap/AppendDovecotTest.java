package io.github.ferrymail.imap;

import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Appends on real Dovecot: a modern instance (with and without APPENDUID) and one without UIDPLUS.
 */
@Tag("dovecot")
class AppendDovecotTest {

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Modern extends AbstractAppendTest {
    @RegisterExtension
    static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

    @Override
    protected Endpoint endpoint() {
      return FaultInjectionDovecotTest.endpoint(DOVECOT.server());
    }

    @Override
    protected List<Server> servers() {
      return List.of(Server.values());
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OldServer extends AbstractAppendTest {
    @RegisterExtension
    static final DovecotExtension DOVECOT =
        new DovecotExtension(DovecotServer.Profile.OLD_NO_MOVE_NO_UIDPLUS);

    @Override
    protected Endpoint endpoint() {
      return FaultInjectionDovecotTest.endpoint(DOVECOT.server());
    }

    @Override
    protected List<Server> servers() {
      return List.of(Server.NO_UIDPLUS);
    }
  }
}
