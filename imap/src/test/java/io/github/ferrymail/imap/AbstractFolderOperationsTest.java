package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.SettableClock;
import jakarta.mail.Flags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Folder operations queued as an application queues them and replayed by the processor: in their
 * place in the account's order, with the later operations re-pointed by a rename and cancelled by a
 * delete, non-ASCII names (modified UTF-7 on the wire), and retries after a lost answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractFolderOperationsTest {
  private static final String ACCOUNT = "acct";

  private MailboxProbe probe;
  private FaultInjectingProxy proxy;
  private ImapOperationExecutor executor;
  private SettableClock clock;
  private InMemoryPendingOperationStore store;
  private QueueProcessor processor;
  private String base;

  /** The server. */
  protected abstract Endpoint endpoint();

  /** The server's hierarchy separator. */
  protected abstract char separator();

  @BeforeEach
  void setUp() {
    Endpoint endpoint = endpoint();
    probe = endpoint.probe();
    proxy = FaultInjectingProxy.start(endpoint.host(), endpoint.port());
    executor = ImapOperationExecutor.create(key -> endpoint.account(proxy.port()).build());
    clock = new SettableClock(Instant.now());
    store = new InMemoryPendingOperationStore(clock);
    processor =
        QueueProcessor.builder(store, executor).clock(clock).workerId("folders-test").build();
    base = "f" + UUID.randomUUID().toString().substring(0, 8);
    probe.create(base);
  }

  @AfterEach
  void tearDown() {
    processor.close();
    executor.close();
    proxy.close();
    probe.close();
  }

  private String name(String... parts) {
    return base + separator() + String.join(String.valueOf(separator()), parts);
  }

  private PendingOperation queue(Operation op) {
    return processor.queue(NewOperation.of(op));
  }

  /** Runs passes until nothing is due (each folder operation takes a pass of its own). */
  private void drain() {
    for (int i = 0; i < 20 && !store.accountsWithDueOperations(1).isEmpty(); i++) {
      processor.processPendingOperations(ACCOUNT);
    }
  }

  private MessageRef deliver(String folder, String subject) {
    String id = "<" + UUID.randomUUID() + "@folders.test>";
    probe.append(folder, TestMessages.message(id, subject));
    MailboxProbe.Seen seen =
        probe.list(folder).stream().filter(m -> id.equals(m.messageId())).findFirst().orElseThrow();
    return new MessageRef(ACCOUNT, folder, probe.uidValidity(folder), seen.uid(), id);
  }

  private PendingOperation reload(PendingOperation op) {
    return store.get(op.id()).orElseThrow();
  }

  @Test
  void aMoveIntoAFolderCreatedOfflineRunsAfterTheCreateUnderANonAsciiName() {
    MessageRef message = deliver(base, "to file");
    String folder = name("Projekte", "Ärger & Freude €");

    PendingOperation create = queue(Operation.createFolder(ACCOUNT, folder));
    PendingOperation move = queue(Operation.move(message, folder));
    drain();

    assertThat(reload(create).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(reload(move).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(probe.exists(folder)).isTrue();
    assertThat(probe.messageIds(folder)).containsExactly(message.messageId());
    assertThat(probe.messageIds(base)).doesNotContain(message.messageId());
    assertThat(proxy.commandsSeen())
        .filteredOn(c -> c.contains(" CREATE "))
        .as("the name travels in modified UTF-7 (RFC 3501 5.1.3) or as UTF-8")
        .isNotEmpty()
        .allMatch(c -> c.contains("&AMQ-rger") || c.contains("Ärger"));
  }

  @Test
  void aRenameRunsInOrderAndRepointsTheOperationsStillNamingTheOldFolder() {
    String old = name("Alt");
    probe.create(old);
    MessageRef inOld = deliver(old, "in the old folder");
    MessageRef elsewhere = deliver(base, "filed into the old name");
    String renamed = name("Neu");

    PendingOperation before = queue(Operation.flag(inOld));
    PendingOperation rename = queue(Operation.renameFolder(ACCOUNT, old, renamed));
    PendingOperation staleRead = queue(Operation.markRead(inOld));
    PendingOperation staleMove = queue(Operation.move(elsewhere, old));
    drain();

    for (PendingOperation op : List.of(before, rename, staleRead, staleMove)) {
      assertThat(reload(op).status()).as(op.toString()).isEqualTo(OperationStatus.COMPLETED);
    }
    assertThat(probe.exists(old)).isFalse();
    assertThat(probe.messageIds(renamed))
        .containsExactlyInAnyOrder(inOld.messageId(), elsewhere.messageId());
    MailboxProbe.Seen seen =
        probe.list(renamed).stream()
            .filter(m -> inOld.messageId().equals(m.messageId()))
            .findFirst()
            .orElseThrow();
    assertThat(seen.has(Flags.Flag.FLAGGED)).as("flagged before the rename").isTrue();
    assertThat(seen.has(Flags.Flag.SEEN)).as("read after it, under the new name").isTrue();
  }

  @Test
  void aDeleteRunsAfterWhatWasQueuedBeforeAndCancelsWhatStillNamesTheFolder() {
    String doomed = name("Weg");
    probe.create(doomed);
    MessageRef rescued = deliver(doomed, "moved out first");
    MessageRef lost = deliver(doomed, "deleted with the folder");

    PendingOperation moveOut = queue(Operation.move(rescued, base));
    PendingOperation delete = queue(Operation.deleteFolder(ACCOUNT, doomed));
    PendingOperation late = queue(Operation.markRead(lost));
    drain();

    assertThat(reload(moveOut).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(reload(delete).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(reload(late).status()).isEqualTo(OperationStatus.CANCELLED);
    assertThat(reload(late).lastError())
        .isEqualTo("folder '" + doomed + "' was deleted by operation " + delete.id());
    assertThat(probe.exists(doomed)).isFalse();
    assertThat(probe.messageIds(base)).containsExactly(rescued.messageId());
    assertThat(proxy.commandsSeen()).noneMatch(c -> c.contains(" CLOSE") || c.endsWith(" EXPUNGE"));
  }

  @Test
  void subscribeAndUnsubscribe() {
    String folder = name("Listen");
    queue(Operation.createFolder(ACCOUNT, folder));
    queue(Operation.subscribe(ACCOUNT, folder));
    drain();
    assertThat(probe.subscribed(folder)).isTrue();

    queue(Operation.unsubscribe(ACCOUNT, folder));
    drain();
    assertThat(probe.subscribed(folder)).isFalse();
    assertThat(probe.exists(folder)).isTrue();
  }

  @Test
  void folderOperationsAlreadyInTheirWishedStateSucceedWithoutACommand() {
    String folder = name("Da");
    probe.create(folder);
    proxy.reset();

    PendingOperation create = queue(Operation.createFolder(ACCOUNT, folder));
    PendingOperation deleteMissing = queue(Operation.deleteFolder(ACCOUNT, name("NieDa")));
    drain();

    assertThat(reload(create).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(reload(deleteMissing).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(proxy.commandCount("CREATE")).isZero();
    assertThat(proxy.commandCount("DELETE")).isZero();
  }

  @Test
  void aRenameWhoseAnswerWasLostIsFoundDoneOnTheRetry() {
    String old = name("Vorher");
    probe.create(old);
    MessageRef message = deliver(old, "renamed with its folder");
    String renamed = name("Nachher");
    proxy.cutAfter("RENAME");

    PendingOperation rename = queue(Operation.renameFolder(ACCOUNT, old, renamed));
    PendingOperation read = queue(Operation.markRead(message));
    for (int i = 0; i < 10 && reload(read).status() != OperationStatus.COMPLETED; i++) {
      processor.processPendingOperations(ACCOUNT);
      clock.advance(Duration.ofMinutes(5)); // past the retry's backoff
    }

    assertThat(reload(rename).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(reload(rename).attempts()).isEqualTo(1);
    assertThat(reload(read).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(proxy.commandCount("RENAME")).isEqualTo(1);
    assertThat(probe.exists(old)).isFalse();
    assertThat(probe.messageIds(renamed)).containsExactly(message.messageId());
  }
}
