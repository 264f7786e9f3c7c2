package io.github.ferrymail.imap;

import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.MultiAppend;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flag commands counted against Dovecot, which names only the messages a STORE changed: 10,000
 * mark-reads in the processor's batches of 500.
 */
@Tag("dovecot")
class FlagCommandsDovecotTest extends AbstractFlagCommandsTest {
  @RegisterExtension
  static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

  @Override
  protected Endpoint endpoint() {
    return FaultInjectionDovecotTest.endpoint(DOVECOT.server());
  }

  @Override
  protected int bulkSize() {
    return 10_000;
  }

  @Override
  protected void append(
      Endpoint endpoint, MailboxProbe probe, String folder, List<MimeMessage> messages) {
    MultiAppend.append(endpoint, folder, messages.stream().map(TestMessages::raw).toList());
  }

  @Override
  protected boolean reportsUnchangedMessages() {
    return false;
  }
}
