package io.github.ferrymail.imap.testing;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one {@link DovecotServer} before a test class and stops it after. Register it in a static
 * field, and tag the class {@code dovecot}:
 *
 * <pre>{@code
 * @Tag("dovecot")
 * class MoveAgainstDovecotTest {
 *   @RegisterExtension
 *   static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);
 *
 *   @Test
 *   void moves() throws Exception {
 *     DovecotServer server = DOVECOT.server();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The tests of a class share the server and so the mailbox of {@link DovecotServer#user()}: give
 * each test folders of its own, or log in under a user name of its own (any name works).
 */
public final class DovecotExtension implements BeforeAllCallback, AfterAllCallback {

  private final DovecotServer.Profile profile;
  private @Nullable DovecotServer server;
  // @Nested classes run beforeAll/afterAll again: they share the outer class's server.
  private int depth;

  /** An extension that will start a server of {@code profile}. */
  public DovecotExtension(DovecotServer.Profile profile) {
    this.profile = profile;
  }

  /**
   * The running server.
   *
   * @throws IllegalStateException outside the test class's life, or when the extension is not in a
   *     static field (JUnit then never calls beforeAll)
   */
  public synchronized DovecotServer server() {
    DovecotServer running = server;
    if (running == null) {
      throw new IllegalStateException(
          "no Dovecot is running: register DovecotExtension in a static field");
    }
    return running;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (depth++ == 0) {
      server = DovecotServer.start(profile);
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (--depth > 0) {
      return;
    }
    DovecotServer running = server;
    server = null;
    if (running != null) {
      running.close();
    }
  }
}
