package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.LeaseLostException;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.imap.support.Batches;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingBatchSink;
import io.github.ferrymail.imap.support.RecordingSink;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Moves through the executor against real Dovecot where one batch holds several groups (operations
 * whose earlier attempts were heading for different folders), where a coalesced A to B to C move is
 * cut on its second leg, and where a move's new UID cannot be learned.
 */
@Tag("dovecot")
class RelocationDovecotTest {
  private static final String ACCOUNT = "acct";

  /** One user's mailbox, a proxy in front of the server, and helpers to see and act on both. */
  abstract static class Fixture {
    final Batches batches = new Batches();
    Endpoint endpoint;
    MailboxProbe probe;
    FaultInjectingProxy proxy;
    private final List<AutoCloseable> closing = new ArrayList<>();

    abstract DovecotServer server();

    @BeforeEach
    void start() {
      endpoint = DovecotInteropTest.freshUser(server());
      probe = endpoint.probe();
      proxy = FaultInjectingProxy.start(endpoint.host(), endpoint.port());
    }

    @AfterEach
    void stop() throws Exception {
      for (AutoCloseable c : closing) {
        c.close();
      }
      proxy.close();
      probe.close();
    }

    /** A new executor, with a session of its own, talking through the proxy. */
    ImapOperationExecutor freshExecutor() {
      ImapOperationExecutor executor =
          ImapOperationExecutor.create(key -> endpoint.account(proxy.port()).build());
      closing.add(executor);
      return executor;
    }

    /** A session straight to the server, for what earlier attempts did. */
    AtomicImapSession directSession() {
      AtomicImapSession session = AtomicImapSession.open(endpoint.account().build());
      closing.add(session);
      return session;
    }

    /** Appends messages (null ids: none) to a new folder; returns them in UID order. */
    List<MessageRef> fill(String folder, @Nullable String... messageIds) {
      probe.create(folder);
      for (String id : messageIds) {
        probe.append(folder, TestMessages.message(id, "message " + id));
      }
      long uidValidity = probe.uidValidity(folder);
      List<MessageRef> refs = new ArrayList<>();
      List<MailboxProbe.Seen> seen = probe.list(folder);
      for (int i = 0; i < seen.size(); i++) {
        refs.add(new MessageRef(ACCOUNT, folder, uidValidity, seen.get(i).uid(), messageIds[i]));
      }
      return refs;
    }

    /** The messages of a folder by Message-ID, failing on a duplicate. */
    Map<String, MailboxProbe.Seen> byMessageId(String folder) {
      Map<String, MailboxProbe.Seen> out = new TreeMap<>();
      for (MailboxProbe.Seen m : probe.list(folder)) {
        assertThat(out.put(m.messageId(), m)).as("two of " + m.messageId()).isNull();
      }
      return out;
    }

    /** Where the message is, as the executor should report it. */
    MessageRef located(String folder, String messageId) {
      MailboxProbe.Seen seen = byMessageId(folder).get(messageId);
      assertThat(seen).as(messageId + " in " + folder).isNotNull();
      return new MessageRef(ACCOUNT, folder, probe.uidValidity(folder), seen.uid(), messageId);
    }

    /** The checkpoint an earlier attempt saved before it was stopped: nothing was moved. */
    Checkpoint checkpointOnly(List<MessageRef> messages, String destination) {
      RecordingSink saved = new RecordingSink();
      CheckpointSink thenLoseTheLease =
          cp -> {
            saved.save(cp);
            throw new LeaseLostException("the earlier worker stopped here");
          };
      MessageRef first = messages.get(0);
      assertThatThrownBy(
              () ->
                  directSession()
                      .move(
                          first.folder(),
                          first.uidValidity(),
                          uids(messages),
                          destination,
                          thenLoseTheLease))
          .isInstanceOf(LeaseLostException.class);
      return saved.last();
    }

    /** The checkpoint of an earlier attempt that moved the messages but never heard so. */
    Checkpoint movedUnheard(List<MessageRef> messages, String destination) {
      RecordingSink saved = new RecordingSink();
      MessageRef first = messages.get(0);
      directSession().move(first.folder(), first.uidValidity(), uids(messages), destination, saved);
      return saved.last();
    }

    List<PendingOperation> moves(List<MessageRef> messages, String to, Checkpoint earlier) {
      List<PendingOperation> ops = new ArrayList<>();
      for (MessageRef m : messages) {
        ops.add(batches.pending(Operation.move(m, to), earlier));
      }
      return ops;
    }

    static List<Long> uids(List<MessageRef> messages) {
      return messages.stream().map(MessageRef::uid).toList();
    }

    static OperationOutcome outcome(BatchResult result, PendingOperation op) {
      return result.outcome(op.id()).orElseThrow();
    }

    /** What the queue does with an operation that failed partway: points it where it is now. */
    static PendingOperation repointed(PendingOperation op, OperationOutcome outcome) {
      MessageRef nowAt = ((OperationOutcome.Failed) outcome).messageNowAt();
      assertThat(nowAt).as("operation %d moved part of the way", op.id()).isNotNull();
      return op.withOperation(op.operation().withMessage(nowAt));
    }

    static String route(Checkpoint cp) {
      return cp.sourceFolder() + " -> " + cp.destinationFolder();
    }
  }

  @Nested
  class Modern extends Fixture {
    @RegisterExtension
    static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

    @Override
    DovecotServer server() {
      return DOVECOT.server();
    }

    @Test
    void eachGroupsCheckpointsStayOnItsOwnOperationsAcrossACutAndAResume() {
      List<MessageRef> inbox =
          fill(
              "Src",
              "<g1@example.com>",
              "<g2@example.com>",
              "<g3@example.com>",
              "<g4@example.com>");
      probe.create("Work");
      probe.create("Done");
      // Earlier attempts: 1 and 2 were heading for Archive and stopped after the checkpoint; 3 and
      // 4 were moved to Work, but the reply was lost. Coalescing has since made all four "to Done".
      Checkpoint towardsArchive = checkpointOnly(inbox.subList(0, 2), "Archive");
      Checkpoint towardsWork = movedUnheard(inbox.subList(2, 4), "Work");
      List<PendingOperation> ops =
          new ArrayList<>(moves(inbox.subList(0, 2), "Done", towardsArchive));
      ops.addAll(moves(inbox.subList(2, 4), "Done", towardsWork));
      OperationBatch batch = Batches.batch(ops);
      proxy.reset();
      // Cut the connection once the first group's move on from Archive to Done has been executed.
      RecordingBatchSink sink =
          new RecordingBatchSink(
              batch,
              cp -> {
                if (cp.sourceFolder().equals("Archive")) {
                  proxy.cutAfter("MOVE");
                }
              });

      BatchResult cut = freshExecutor().execute(batch, sink);

      for (PendingOperation op : ops.subList(0, 2)) {
        OperationOutcome.Failed failed = (OperationOutcome.Failed) Fixture.outcome(cut, op);
        assertThat(failed.error().reason()).isEqualTo(FailureReason.CONNECTION_LOST);
        assertThat(failed.messageNowAt().folder()).isEqualTo("Archive");
        assertThat(sink.savedFor(op.id()))
            .extracting(Fixture::route)
            .containsExactly("Src -> Archive", "Archive -> Done");
        // Each row keeps its own message's Message-ID only, not the whole group's.
        assertThat(sink.savedFor(op.id()))
            .allSatisfy(
                cp ->
                    assertThat(cp.messageIds().values()).containsExactly(op.message().messageId()));
      }
      for (PendingOperation op : ops.subList(2, 4)) {
        OperationOutcome.Failed failed = (OperationOutcome.Failed) Fixture.outcome(cut, op);
        assertThat(failed.error().category()).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(failed.messageNowAt()).isNull();
        // The other group's checkpoints never landed here: its own still says Work.
        assertThat(sink.savedFor(op.id())).isEmpty();
      }

      // The retry, as the queue hands it over: 1 and 2 re-pointed at Archive, each operation with
      // the checkpoint the store holds for it; a fresh session.
      ImapOperationExecutor retrying = freshExecutor();
      List<PendingOperation> fromArchive = new ArrayList<>();
      for (PendingOperation op : ops.subList(0, 2)) {
        fromArchive.add(sink.withLatestCheckpoint(repointed(op, Fixture.outcome(cut, op))));
      }
      List<PendingOperation> fromSrc =
          ops.subList(2, 4).stream().map(sink::withLatestCheckpoint).toList();
      OperationBatch retryArchive = Batches.batch(fromArchive);
      OperationBatch retrySrc = Batches.batch(fromSrc);
      RecordingBatchSink archiveSink = new RecordingBatchSink(retryArchive);
      RecordingBatchSink srcSink = new RecordingBatchSink(retrySrc);
      BatchResult archived = retrying.execute(retryArchive, archiveSink);
      BatchResult moved = retrying.execute(retrySrc, srcSink);

      Map<String, MailboxProbe.Seen> done = byMessageId("Done");
      assertThat(done)
          .containsOnlyKeys(
              "<g1@example.com>", "<g2@example.com>", "<g3@example.com>", "<g4@example.com>");
      assertThat(probe.list("Src")).isEmpty();
      assertThat(probe.list("Archive")).isEmpty();
      assertThat(probe.list("Work")).isEmpty();
      for (PendingOperation op : fromArchive) {
        assertThat(Fixture.outcome(archived, op))
            .isEqualTo(OperationOutcome.succeeded(located("Done", op.message().messageId())));
      }
      for (PendingOperation op : fromSrc) {
        assertThat(Fixture.outcome(moved, op))
            .isEqualTo(OperationOutcome.succeeded(located("Done", op.message().messageId())));
        assertThat(srcSink.savedFor(op.id()))
            .extracting(Fixture::route)
            .containsExactly("Work -> Done");
      }
      // Found in Done from the checkpoint: nothing of 1 and 2 was moved again.
      assertThat(archiveSink.savedFor(fromArchive.get(0).id())).isEmpty();
      // Src to Archive and Archive to Done for 1 and 2, Work to Done for 3 and 4: once each.
      assertThat(proxy.commandCount("MOVE")).isEqualTo(3);
    }

    enum SecondLegCut {
      /** The server moved the message to C; the reply was lost. */
      CUT_AFTER_THE_MOVE,
      /** The MOVE never reached the server: the message is still in B. */
      CUT_BEFORE_THE_MOVE
    }

    @ParameterizedTest
    @EnumSource(SecondLegCut.class)
    void aCoalescedMoveCutOnItsSecondLegIsRetriedFromTheMiddleFolder(SecondLegCut cut) {
      List<MessageRef> inbox = fill("Src", "<leg@example.com>");
      probe.create("Done");
      // A to B (Archive) happened unheard; the operation now wishes C (Done).
      Checkpoint towardsArchive = movedUnheard(inbox, "Archive");
      PendingOperation op = moves(inbox, "Done", towardsArchive).get(0);
      OperationBatch batch = Batches.batch(List.of(op));
      proxy.reset();
      if (cut == SecondLegCut.CUT_AFTER_THE_MOVE) {
        proxy.cutAfter("MOVE");
      } else {
        proxy.cutBefore("MOVE");
      }
      RecordingBatchSink sink = new RecordingBatchSink(batch);

      BatchResult first = freshExecutor().execute(batch, sink);

      OperationOutcome.Failed failed = (OperationOutcome.Failed) Fixture.outcome(first, op);
      assertThat(failed.error().reason()).isEqualTo(FailureReason.CONNECTION_LOST);
      assertThat(failed.error().category()).isEqualTo(FailureCategory.TRANSIENT);
      assertThat(failed.messageNowAt().folder()).isEqualTo("Archive");
      assertThat(failed.messageNowAt().messageId()).isEqualTo("<leg@example.com>");
      Checkpoint secondLeg = sink.savedFor(op.id()).get(sink.savedFor(op.id()).size() - 1);
      assertThat(Fixture.route(secondLeg)).isEqualTo("Archive -> Done");

      PendingOperation retry = sink.withLatestCheckpoint(repointed(op, failed));
      BatchResult second =
          freshExecutor().execute(Batches.batch(List.of(retry)), CheckpointSink.NONE);

      assertThat(byMessageId("Done")).containsOnlyKeys("<leg@example.com>");
      assertThat(probe.list("Archive")).isEmpty();
      assertThat(probe.list("Src")).isEmpty();
      assertThat(Fixture.outcome(second, retry))
          .isEqualTo(OperationOutcome.succeeded(located("Done", "<leg@example.com>")));
      assertThat(proxy.commandCount("MOVE")).isEqualTo(1);
    }
  }

  @Nested
  class OldServer extends Fixture {
    @RegisterExtension
    static final DovecotExtension DOVECOT =
        new DovecotExtension(DovecotServer.Profile.OLD_NO_MOVE_NO_UIDPLUS);

    @Override
    DovecotServer server() {
      return DOVECOT.server();
    }

    /**
     * Without UIDPLUS the copy is found by Message-ID, else by size and date; a message without
     * Message-ID whose look-alike another client delivered meanwhile cannot be told apart.
     */
    @ParameterizedTest
    @ValueSource(strings = {"MOVE", "MOVE_TO_TRASH"})
    void aMoveWhoseNewUidCannotBeLearnedIsReportedMovedWithTheFolder(String kindName) {
      io.github.ferrymail.core.OperationKind kind =
          io.github.ferrymail.core.OperationKind.parse(kindName);
      MessageRef message = fill("Src", (String) null).get(0);
      probe.create("Done");
      Function<MessageRef, Operation> operation =
          kind == io.github.ferrymail.core.OperationKind.MOVE
              ? m -> Operation.move(m, "Done")
              : Operation::moveToTrash;
      String expectedFolder =
          kind == io.github.ferrymail.core.OperationKind.MOVE ? "Done" : "Trash";
      PendingOperation op = batches.pending(operation.apply(message), null);
      OperationBatch batch = Batches.batch(List.of(op));
      // Between the checkpoint and the copy another client delivers the same message there.
      RecordingBatchSink sink =
          new RecordingBatchSink(
              batch,
              cp ->
                  probe.append(cp.destinationFolder(), TestMessages.message(null, "message null")));

      BatchResult result = freshExecutor().execute(batch, sink);

      assertThat(Fixture.outcome(result, op))
          .isEqualTo(OperationOutcome.movedUidUnknown(expectedFolder));
      assertThat(probe.list(expectedFolder)).hasSize(2);
      // Default policy: the original stays, flagged \Deleted.
      assertThat(probe.list("Src"))
          .singleElement()
          .satisfies(m -> assertThat(m.has(Flags.Flag.DELETED)).isTrue());
    }
  }
}
