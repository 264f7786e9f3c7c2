package io.github.ferrymail.imap;

import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Folder operations against Dovecot (Maild++: separator {@code .}). */
@Tag("dovecot")
class FolderOperationsDovecotTest extends AbstractFolderOperationsTest {
  @RegisterExtension
  static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

  @Override
  protected Endpoint endpoint() {
    return FaultInjectionDovecotTest.endpoint(DOVECOT.server());
  }

  @Override
  protected char separator() {
    return '.';
  }
}
