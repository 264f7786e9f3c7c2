package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ConflictPolicy;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Conflicts on Dovecot, which has CONDSTORE: the application fetched a message's MODSEQ, queued a
 * checked flag change, and a second client changed the message before the replay. Each policy is
 * used as an embedder would, and the server's flags are read back.
 */
@Tag("dovecot")
class ConflictsDovecotTest {
  @RegisterExtension
  static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

  private static final String ACCOUNT = "acct";

  private final List<String> heard = new ArrayList<>();
  private MailboxProbe probe;
  private FaultInjectingProxy proxy;
  private ImapOperationExecutor executor;
  private InMemoryPendingOperationStore store;
  private QueueProcessor processor;
  private String folder;

  @BeforeEach
  void setUp() {
    Endpoint endpoint = FaultInjectionDovecotTest.endpoint(DOVECOT.server());
    probe = endpoint.probe();
    proxy = FaultInjectingProxy.start(endpoint.host(), endpoint.port());
    executor = ImapOperationExecutor.create(key -> endpoint.account(proxy.port()).build());
    store = new InMemoryPendingOperationStore();
    folder = "c" + UUID.randomUUID().toString().substring(0, 8);
    probe.create(folder);
  }

  @AfterEach
  void tearDown() {
    if (processor != null) {
      processor.close();
    }
    executor.close();
    proxy.close();
    probe.close();
  }

  private void use(ConflictPolicy policy) {
    ProcessingListener listener =
        new ProcessingListener() {
          @Override
          public void conflict(PendingOperation operation, String detail, ConflictPolicy p) {
            heard.add(operation.id() + " " + p);
          }
        };
    processor =
        QueueProcessor.builder(store, executor)
            .workerId("conflicts-test")
            .conflictPolicy(policy)
            .listener(listener)
            .build();
  }

  private MessageRef deliver(String subject) {
    String id = "<" + UUID.randomUUID() + "@conflicts.test>";
    probe.append(folder, TestMessages.message(id, subject));
    MailboxProbe.Seen seen =
        probe.list(folder).stream().filter(m -> id.equals(m.messageId())).findFirst().orElseThrow();
    return new MessageRef(ACCOUNT, folder, probe.uidValidity(folder), seen.uid(), id);
  }

  private MailboxProbe.Seen onServer(MessageRef m) {
    return probe.list(folder).stream().filter(s -> s.uid() == m.uid()).findFirst().orElseThrow();
  }

  /** The sync engine saw the message at its MODSEQ; then another client flagged it. */
  private PendingOperation readAfterAnotherClientFlagged(MessageRef m) {
    long seen = probe.modSeq(folder, m.uid());
    probe.setFlag(folder, m.uid(), Flags.Flag.FLAGGED, true);
    return processor.queue(
        NewOperation.of(Operation.changeFlags(m, FlagDelta.adding(FlagDelta.SEEN), seen)));
  }

  private PendingOperation reload(PendingOperation op) {
    return store.get(op.id()).orElseThrow();
  }

  @Test
  void aCheckedChangeOfAMessageNobodyTouchedGoesThroughWithUnchangedSince() {
    use(ConflictPolicy.ASK);
    MessageRef m = deliver("untouched");
    long seen = probe.modSeq(folder, m.uid());

    PendingOperation op =
        processor.queue(
            NewOperation.of(Operation.changeFlags(m, FlagDelta.adding(FlagDelta.SEEN), seen)));
    processor.processPendingOperations(ACCOUNT);

    assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(onServer(m).has(Flags.Flag.SEEN)).isTrue();
    assertThat(proxy.commandsSeen())
        .filteredOn(c -> c.contains(" STORE "))
        .singleElement()
        .satisfies(c -> assertThat(c).contains("(UNCHANGEDSINCE " + seen + ") +FLAGS (\\Seen)"));
    assertThat(heard).isEmpty();
  }

  @Test
  void askLeavesTheConflictToTheApplicationWhichCanKeepItsChange() {
    use(ConflictPolicy.ASK);
    MessageRef m = deliver("asked");
    PendingOperation op = readAfterAnotherClientFlagged(m);

    processor.processPendingOperations(ACCOUNT);

    PendingOperation conflict = reload(op);
    assertThat(conflict.status()).isEqualTo(OperationStatus.CONFLICT);
    assertThat(conflict.lastError()).contains("changed on the server since MODSEQ");
    assertThat(onServer(m).has(Flags.Flag.SEEN)).as("not applied").isFalse();
    assertThat(onServer(m).has(Flags.Flag.FLAGGED)).as("the other client's change").isTrue();
    assertThat(processor.admin().conflicts(ACCOUNT, PageRequest.first(10)).items())
        .extracting(PendingOperation::id)
        .containsExactly(op.id());
    assertThat(heard).containsExactly(op.id() + " ASK");

    assertThat(processor.admin().keepLocal(op.id())).isTrue();
    processor.processPendingOperations(ACCOUNT);

    assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(onServer(m).has(Flags.Flag.SEEN)).isTrue();
    assertThat(onServer(m).has(Flags.Flag.FLAGGED)).isTrue();
  }

  @Test
  void serverWinsCancelsTheChangeSayingWhy() {
    use(ConflictPolicy.SERVER_WINS);
    MessageRef m = deliver("server wins");
    PendingOperation op = readAfterAnotherClientFlagged(m);

    processor.processPendingOperations(ACCOUNT);

    assertThat(reload(op).status()).isEqualTo(OperationStatus.CANCELLED);
    assertThat(reload(op).lastError()).startsWith("conflict, the server's state kept: message ");
    assertThat(onServer(m).has(Flags.Flag.SEEN)).isFalse();
    assertThat(heard).containsExactly(op.id() + " SERVER_WINS");
  }

  @Test
  void localWinsSendsTheChangeAgainWithoutTheCheck() {
    use(ConflictPolicy.LOCAL_WINS);
    MessageRef m = deliver("local wins");
    PendingOperation op = readAfterAnotherClientFlagged(m);
    proxy.reset();

    processor.processPendingOperations(ACCOUNT);

    assertThat(reload(op).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(onServer(m).has(Flags.Flag.SEEN)).isTrue();
    assertThat(onServer(m).has(Flags.Flag.FLAGGED)).isTrue();
    assertThat(heard).containsExactly(op.id() + " LOCAL_WINS");
    List<String> stores = proxy.commandsSeen().stream().filter(c -> c.contains(" STORE ")).toList();
    assertThat(stores).hasSize(2);
    assertThat(stores.get(0)).contains("UNCHANGEDSINCE");
    assertThat(stores.get(1)).doesNotContain("UNCHANGEDSINCE");
  }

  @Test
  void inABatchOnlyTheMessageAnotherClientChangedIsInConflict() {
    use(ConflictPolicy.ASK);
    List<MessageRef> messages = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      messages.add(deliver("batch " + i));
    }
    long seen = probe.modSeq(folder, messages.get(2).uid()); // the newest: the folder's state
    probe.setFlag(folder, messages.get(1).uid(), Flags.Flag.FLAGGED, true);
    List<PendingOperation> ops = new ArrayList<>();
    for (MessageRef m : messages) {
      ops.add(
          processor.queue(
              NewOperation.of(
                  Operation.changeFlags(
                      m,
                      FlagDelta.of(java.util.Set.of("$label1"), java.util.Set.of("$label2")),
                      seen))));
    }
    proxy.reset();

    processor.processPendingOperations(ACCOUNT);

    assertThat(reload(ops.get(0)).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(reload(ops.get(1)).status()).isEqualTo(OperationStatus.CONFLICT);
    assertThat(reload(ops.get(2)).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(onServer(messages.get(0)).hasKeyword("$label1")).isTrue();
    assertThat(onServer(messages.get(1)).hasKeyword("$label1")).isFalse();
    assertThat(onServer(messages.get(2)).hasKeyword("$label1")).isTrue();
    assertThat(proxy.commandCount("STORE")).as("one checked +FLAGS, one -FLAGS").isEqualTo(2);
  }
}
