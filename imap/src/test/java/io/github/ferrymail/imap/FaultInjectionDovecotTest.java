package io.github.ferrymail.imap;

import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fault injection in front of real Dovecot: a modern instance and one without MOVE and UIDPLUS. */
@Tag("dovecot")
class FaultInjectionDovecotTest {

  /** Each test class logs in as a user of its own: Dovecot accepts any name. */
  static Endpoint endpoint(DovecotServer server) {
    return new Endpoint(
        server.host(),
        server.port(),
        "fi-" + UUID.randomUUID().toString().substring(0, 8),
        server.password());
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Modern extends AbstractFaultInjectionTest {
    @RegisterExtension
    static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

    @Override
    protected Endpoint endpoint() {
      return FaultInjectionDovecotTest.endpoint(DOVECOT.server());
    }

    @Override
    protected List<SessionMoveTest.Server> strategies() {
      return List.of(SessionMoveTest.Server.MOVE, SessionMoveTest.Server.UIDPLUS_ONLY);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OldServer extends AbstractFaultInjectionTest {
    @RegisterExtension
    static final DovecotExtension DOVECOT =
        new DovecotExtension(DovecotServer.Profile.OLD_NO_MOVE_NO_UIDPLUS);

    @Override
    protected Endpoint endpoint() {
      return FaultInjectionDovecotTest.endpoint(DOVECOT.server());
    }

    @Override
    protected List<SessionMoveTest.Server> strategies() {
      return List.of(
          SessionMoveTest.Server.NEITHER_LEAVE_DELETED,
          SessionMoveTest.Server.NEITHER_SCOPED_EXPUNGE);
    }
  }
}
