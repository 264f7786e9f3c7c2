package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A checked flag change on GreenMail, which has no CONDSTORE: sent as without the check. */
class ConflictsWithoutCondstoreTest {
  @RegisterExtension
  static GreenMailExtension greenMail =
      new GreenMailExtension(com.icegreen.greenmail.util.ServerSetupTest.IMAP.dynamicPort());

  @Test
  void aServerWithoutCondstoreGetsTheChangeAsToday() {
    GreenMailServer.user(greenMail);
    Endpoint endpoint =
        new Endpoint(
            "127.0.0.1",
            GreenMailServer.port(greenMail),
            GreenMailServer.USER,
            GreenMailServer.PASSWORD);
    try (MailboxProbe probe = endpoint.probe();
        FaultInjectingProxy proxy = FaultInjectingProxy.start(endpoint.host(), endpoint.port());
        ImapOperationExecutor executor =
            ImapOperationExecutor.create(key -> endpoint.account(proxy.port()).build())) {
      probe.append("INBOX", TestMessages.message("<plain@conflicts.test>", "no condstore"));
      long uid = probe.list("INBOX").get(0).uid();
      MessageRef m =
          new MessageRef(
              "acct", "INBOX", probe.uidValidity("INBOX"), uid, "<plain@conflicts.test>");
      InMemoryPendingOperationStore store = new InMemoryPendingOperationStore();
      try (QueueProcessor processor =
          QueueProcessor.builder(store, executor).workerId("no-condstore").build()) {
        PendingOperation op =
            processor.queue(
                NewOperation.of(Operation.changeFlags(m, FlagDelta.adding(FlagDelta.SEEN), 5)));
        processor.processPendingOperations("acct");

        assertThat(store.get(op.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
      }
      assertThat(probe.list("INBOX").get(0).has(Flags.Flag.SEEN)).isTrue();
      assertThat(proxy.commandsSeen()).noneMatch(c -> c.contains("UNCHANGEDSINCE"));
    }
  }
}
