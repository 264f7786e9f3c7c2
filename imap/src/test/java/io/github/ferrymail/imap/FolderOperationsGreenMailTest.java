package io.github.ferrymail.imap;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.GreenMailServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Folder operations against GreenMail (separator {@code .}). */
class FolderOperationsGreenMailTest extends AbstractFolderOperationsTest {
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
  protected char separator() {
    return '.';
  }
}
