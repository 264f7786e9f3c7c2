package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.imap.support.Batches;
import io.github.ferrymail.imap.support.GreenMailServer;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The queue's executor against GreenMail, fed with PendingOperation values as a processor would.
 */
class ImapOperationExecutorTest {
  @RegisterExtension static GreenMailExtension greenMail = GreenMailServer.extension();

  private static final String ACCOUNT = "acct-1";
  private final AtomicInteger resolved = new AtomicInteger();
  private final RecordingSink sink = new RecordingSink();
  private MailboxProbe probe;
  private ImapOperationExecutor executor;
  private long inboxUv;
  private final Batches batches = new Batches();

  @BeforeEach
  void setUp() {
    for (int i = 1; i <= 4; i++) {
      GreenMailServer.deliver(greenMail, "<m" + i + "@example.com>", "message " + i);
    }
    GreenMailServer.createFolder(greenMail, "Archive");
    GreenMailServer.createFolder(greenMail, "Trash");
    probe = GreenMailServer.probe(greenMail);
    inboxUv = probe.uidValidity("INBOX");
    executor = executorFor(key -> GreenMailServer.account(greenMail).build());
  }

  @AfterEach
  void tearDown() {
    executor.close();
    probe.close();
  }

  private ImapOperationExecutor executorFor(Function<String, ImapAccount> accounts) {
    return ImapOperationExecutor.create(
        key -> {
          resolved.incrementAndGet();
          return accounts.apply(key);
        });
  }

  private MessageRef inbox(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", inboxUv, uid, "<m" + uid + "@example.com>");
  }

  private List<PendingOperation> ops(Function<MessageRef, Operation> kind, long... uids) {
    List<PendingOperation> ops = new ArrayList<>();
    for (long uid : uids) {
      ops.add(batches.pending(kind.apply(inbox(uid)), null));
    }
    return ops;
  }

  @Test
  void marksReadInOneBatchAndReportsAMissingMessage() {
    List<PendingOperation> ops = ops(Operation::markRead, 1, 2, 42);
    BatchResult result = executor.execute(Batches.batch(ops), sink);

    assertThat(result.outcome(ops.get(0).id())).contains(OperationOutcome.succeeded(null));
    assertThat(result.outcome(ops.get(1).id())).contains(OperationOutcome.succeeded(null));
    assertThat(result.outcome(ops.get(2).id()).orElseThrow())
        .isInstanceOfSatisfying(
            OperationOutcome.Failed.class,
            f -> assertThat(f.error().reason()).isEqualTo(FailureReason.MESSAGE_NOT_FOUND));
    assertThat(probe.list("INBOX"))
        .allSatisfy(m -> assertThat(m.has(Flags.Flag.SEEN)).isEqualTo(m.uid() <= 2));

    // Again: already in the wished state, still a success.
    BatchResult again = executor.execute(Batches.batch(ops.subList(0, 2)), sink);
    assertThat(again.outcomes().values()).containsOnly(OperationOutcome.succeeded(null));
    // And the reverse kinds.
    executor.execute(Batches.batch(ops(Operation::markUnread, 1)), sink);
    executor.execute(Batches.batch(ops(Operation::flag, 3)), sink);
    executor.execute(Batches.batch(ops(Operation::unflag, 3)), sink);
    executor.execute(Batches.batch(ops(Operation::flag, 4)), sink);
    List<MailboxProbe.Seen> inbox = probe.list("INBOX");
    assertThat(inbox.get(0).has(Flags.Flag.SEEN)).isFalse();
    assertThat(inbox.get(2).has(Flags.Flag.FLAGGED)).isFalse();
    assertThat(inbox.get(3).has(Flags.Flag.FLAGGED)).isTrue();
    assertThat(resolved).hasValue(1);
  }

  @Test
  void movesAndReportsEveryNewLocation() {
    List<PendingOperation> ops = ops(ref -> Operation.move(ref, "Archive"), 1, 3);
    BatchResult result = executor.execute(Batches.batch(ops), sink);

    List<MailboxProbe.Seen> archive = probe.list("Archive");
    long archiveUv = probe.uidValidity("Archive");
    assertThat(result.outcome(ops.get(0).id()))
        .contains(
            OperationOutcome.succeeded(
                new MessageRef(
                    ACCOUNT, "Archive", archiveUv, archive.get(0).uid(), "<m1@example.com>")));
    assertThat(result.outcome(ops.get(1).id()))
        .contains(
            OperationOutcome.succeeded(
                new MessageRef(
                    ACCOUNT, "Archive", archiveUv, archive.get(1).uid(), "<m3@example.com>")));
    // One store call for the group; each operation's checkpoint holds its own Message-ID only.
    assertThat(sink.calls()).isEqualTo(1);
    assertThat(sink.saved())
        .extracting(cp -> List.copyOf(cp.messageIds().values()))
        .containsExactlyInAnyOrder(List.of("<m1@example.com>"), List.of("<m3@example.com>"));
    assertThat(probe.messageIds("INBOX")).containsExactly("<m2@example.com>", "<m4@example.com>");
  }

  @Test
  void trashRestoreAndPermanentDelete() {
    List<PendingOperation> trash = ops(Operation::moveToTrash, 1, 2);
    BatchResult trashed = executor.execute(Batches.batch(trash), sink);
    MessageRef inTrash =
        ((OperationOutcome.Succeeded) trashed.outcome(trash.get(0).id()).orElseThrow())
            .newLocation();
    assertThat(inTrash.folder()).isEqualTo("Trash");

    PendingOperation restore = batches.pending(Operation.restore(inTrash, "INBOX"), null);
    BatchResult restored = executor.execute(Batches.batch(List.of(restore)), sink);
    MessageRef back =
        ((OperationOutcome.Succeeded) restored.outcome(restore.id()).orElseThrow()).newLocation();
    assertThat(back.folder()).isEqualTo("INBOX");
    assertThat(back.messageId()).isEqualTo("<m1@example.com>");

    // Trashing a message that is in the trash already: the wished state.
    MessageRef stillInTrash =
        ((OperationOutcome.Succeeded) trashed.outcome(trash.get(1).id()).orElseThrow())
            .newLocation();
    PendingOperation again = batches.pending(Operation.moveToTrash(stillInTrash), null);
    assertThat(executor.execute(Batches.batch(List.of(again)), sink).outcome(again.id()))
        .contains(OperationOutcome.succeeded(stillInTrash));

    PendingOperation delete = batches.pending(Operation.permanentDelete(stillInTrash), null);
    assertThat(executor.execute(Batches.batch(List.of(delete)), sink).outcome(delete.id()))
        .contains(OperationOutcome.succeeded(null));
    assertThat(probe.list("Trash")).isEmpty();
    // Deleting what is gone already succeeds too.
    PendingOperation deleteAgain = batches.pending(Operation.permanentDelete(stillInTrash), null);
    assertThat(
            executor.execute(Batches.batch(List.of(deleteAgain)), sink).outcome(deleteAgain.id()))
        .contains(OperationOutcome.succeeded(null));
  }

  @Test
  void aStaleUidValidityFailsEachOperationPermanently() {
    MessageRef stale = new MessageRef(ACCOUNT, "INBOX", inboxUv + 7, 1, null);
    PendingOperation op = batches.pending(Operation.markRead(stale), null);
    BatchResult result = executor.execute(Batches.batch(List.of(op)), sink);
    assertThat(result.outcome(op.id()).orElseThrow())
        .isInstanceOfSatisfying(
            OperationOutcome.Failed.class,
            f -> assertThat(f.error().reason()).isEqualTo(FailureReason.STALE_UIDVALIDITY));
  }

  @Test
  void aMissingDestinationFailsEachOperationPermanently() {
    List<PendingOperation> ops = ops(ref -> Operation.move(ref, "Nowhere"), 1);
    BatchResult result = executor.execute(Batches.batch(ops), sink);
    assertThat(result.outcome(ops.get(0).id()).orElseThrow())
        .isInstanceOfSatisfying(
            OperationOutcome.Failed.class,
            f -> assertThat(f.error().reason()).isEqualTo(FailureReason.FOLDER_NOT_FOUND));
  }

  @Test
  void wholeBatchFailuresAreThrownClassified() {
    try (ImapOperationExecutor badPassword =
        executorFor(
            key ->
                ImapAccount.builder(
                        "127.0.0.1", GreenMailServer.USER, CredentialsProvider.password("wrong"))
                    .tlsMode(TlsMode.NONE)
                    .port(GreenMailServer.port(greenMail))
                    .build())) {
      assertThatThrownBy(
              () -> badPassword.execute(Batches.batch(ops(Operation::markRead, 1)), sink))
          .isInstanceOfSatisfying(
              OperationFailedException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED));
    }
    try (FaultInjectingProxy proxy =
            FaultInjectingProxy.start("127.0.0.1", GreenMailServer.port(greenMail));
        ImapOperationExecutor viaProxy =
            executorFor(key -> GreenMailServer.account(greenMail).port(proxy.port()).build())) {
      proxy.cutBefore("STORE");
      assertThatThrownBy(() -> viaProxy.execute(Batches.batch(ops(Operation::markRead, 1)), sink))
          .isInstanceOfSatisfying(
              OperationFailedException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.CONNECTION_LOST));
      // The same executor reconnects for the next batch.
      BatchResult retried = viaProxy.execute(Batches.batch(ops(Operation::markRead, 1)), sink);
      assertThat(retried.outcomes().values()).containsOnly(OperationOutcome.succeeded(null));
    }
  }

  @Test
  void aRetryCarryingTheCheckpointFinishesAMoveWhoseReplyWasLost() {
    try (FaultInjectingProxy proxy =
            FaultInjectingProxy.start("127.0.0.1", GreenMailServer.port(greenMail));
        ImapOperationExecutor viaProxy =
            executorFor(key -> GreenMailServer.account(greenMail).port(proxy.port()).build())) {
      List<PendingOperation> ops = ops(ref -> Operation.move(ref, "Archive"), 1, 2);
      proxy.cutAfter("MOVE");
      assertThatThrownBy(() -> viaProxy.execute(Batches.batch(ops), sink))
          .isInstanceOfSatisfying(
              OperationFailedException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.CONNECTION_LOST));
      assertThat(probe.messageIds("Archive")).hasSize(2);

      // The processor stored each operation's checkpoint on its row and retries.
      List<PendingOperation> retry =
          ops.stream().map(op -> op.withCheckpoint(sink.lastFor(op.message().uid()))).toList();
      BatchResult result = viaProxy.execute(Batches.batch(retry), sink);

      List<MailboxProbe.Seen> archive = probe.list("Archive");
      assertThat(archive)
          .extracting(MailboxProbe.Seen::messageId)
          .containsExactly("<m1@example.com>", "<m2@example.com>");
      assertThat(result.outcome(retry.get(1).id()).orElseThrow())
          .isEqualTo(
              OperationOutcome.succeeded(
                  new MessageRef(
                      ACCOUNT,
                      "Archive",
                      probe.uidValidity("Archive"),
                      archive.get(1).uid(),
                      "<m2@example.com>")));
      assertThat(proxy.commandCount("MOVE")).isEqualTo(1);
    }
  }

  @Test
  void aCheckpointTowardsAnEarlierDestinationIsFinishedThenMovedOn() {
    // An earlier attempt moved 1 to Archive (reply lost); coalescing since made it a move to Trash.
    List<PendingOperation> first = ops(ref -> Operation.move(ref, "Archive"), 1);
    CheckpointSink stopAfterCheckpoint =
        cp -> {
          sink.save(cp);
          throw new io.github.ferrymail.core.LeaseLostException("test");
        };
    assertThatThrownBy(() -> executor.execute(Batches.batch(first), stopAfterCheckpoint))
        .isInstanceOf(io.github.ferrymail.core.LeaseLostException.class);
    probe.move("INBOX", 1, "Archive");

    PendingOperation now = batches.pending(Operation.move(inbox(1), "Trash"), sink.last());
    BatchResult result = executor.execute(Batches.batch(List.of(now)), sink);

    assertThat(probe.messageIds("Archive")).isEmpty();
    assertThat(probe.messageIds("Trash")).containsExactly("<m1@example.com>");
    MessageRef where =
        ((OperationOutcome.Succeeded) result.outcome(now.id()).orElseThrow()).newLocation();
    assertThat(where.folder()).isEqualTo("Trash");
  }

  @Test
  void aSecondLegTheServerRefusesLeavesTheOperationAtTheMiddleFolder() {
    // An earlier attempt moved 1 to Archive, unheard; the operation now wishes a missing folder.
    executor.execute(Batches.batch(ops(ref -> Operation.move(ref, "Archive"), 1)), sink);
    PendingOperation now = batches.pending(Operation.move(inbox(1), "Nowhere"), sink.last());

    BatchResult result = executor.execute(Batches.batch(List.of(now)), sink);

    MessageRef inArchive =
        new MessageRef(
            ACCOUNT,
            "Archive",
            probe.uidValidity("Archive"),
            probe.list("Archive").get(0).uid(),
            "<m1@example.com>");
    assertThat(result.outcome(now.id()).orElseThrow())
        .isInstanceOfSatisfying(
            OperationOutcome.Failed.class,
            f -> {
              assertThat(f.error().reason()).isEqualTo(FailureReason.FOLDER_NOT_FOUND);
              assertThat(f.messageNowAt()).isEqualTo(inArchive);
            });
    assertThat(probe.messageIds("Archive")).containsExactly("<m1@example.com>");
  }

  @Test
  void closedExecutorRefusesWork() {
    executor.close();
    assertThatThrownBy(() -> executor.execute(Batches.batch(ops(Operation::markRead, 1)), sink))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ImapOperationExecutor.create(null)).hasMessageContaining("resolver");
  }
}
