package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.imap.support.Batches;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingBatchSink;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Copies through the executor, as the queue hands them over: one {@code UID COPY} for a batch, the
 * copies' locations reported, the originals left as they were; and, when the connection is lost
 * around the {@code UID COPY}, a retry with the checkpoint the store kept makes exactly one copy of
 * each message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractCopyTest {
  static final String ACCOUNT = "acct";

  /** How the copies' UIDs are learned. */
  enum Server {
    /** From COPYUID. */
    UIDPLUS(b -> b),
    /** By Message-ID (else size and date) among the messages that arrived after the checkpoint. */
    NO_UIDPLUS(b -> b.ignoreCapabilities("UIDPLUS"));

    final UnaryOperator<ImapAccount.Builder> config;

    Server(UnaryOperator<ImapAccount.Builder> config) {
      this.config = config;
    }
  }

  enum Cut {
    /** The server copied; the connection dropped before its reply. */
    CUT_AFTER,
    /** The server copied; its reply never came (read timeout). */
    SWALLOW_REPLY,
    /** The connection dropped before the command reached the server. */
    CUT_BEFORE
  }

  /** The server to put the proxy in front of; each call may name a new user. */
  protected abstract Endpoint endpoint();

  /** The ways this server can be driven. */
  protected abstract List<Server> servers();

  private final Batches batches = new Batches();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private Endpoint endpoint;
  private MailboxProbe probe;
  private FaultInjectingProxy proxy;
  private String source;
  private String destination;

  @BeforeEach
  void start() {
    endpoint = endpoint();
    probe = endpoint.probe();
    proxy = FaultInjectingProxy.start(endpoint.host(), endpoint.port(), Duration.ofSeconds(10));
    String tag = UUID.randomUUID().toString().substring(0, 8);
    source = "src-" + tag;
    destination = "copies " + tag;
    probe.create(source);
    probe.create(destination);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    proxy.close();
    probe.close();
  }

  Stream<Server> servers_() {
    return servers().stream();
  }

  Stream<Arguments> cuts() {
    List<Arguments> cases = new ArrayList<>();
    for (Server server : servers()) {
      for (Cut cut : Cut.values()) {
        cases.add(Arguments.of(server, cut));
      }
    }
    return cases.stream();
  }

  private ImapOperationExecutor executor(Server server) {
    ImapOperationExecutor executor =
        ImapOperationExecutor.create(
            key ->
                server
                    .config
                    .apply(endpoint.account(proxy.port()).readTimeout(Duration.ofSeconds(2)))
                    .build());
    closing.add(executor);
    return executor;
  }

  /** Three messages in the source, the first flagged and the second read; in UID order. */
  private List<MessageRef> fill() {
    String tag = source.substring(4);
    for (int i = 1; i <= 3; i++) {
      probe.append(source, TestMessages.message("<" + tag + "-" + i + "@example.com>", "m" + i));
    }
    List<MailboxProbe.Seen> seen = probe.list(source);
    probe.setFlags(
        source, Map.of(seen.get(0).uid(), Flags.Flag.FLAGGED, seen.get(1).uid(), Flags.Flag.SEEN));
    long uidValidity = probe.uidValidity(source);
    List<MessageRef> refs = new ArrayList<>();
    for (MailboxProbe.Seen m : seen) {
      refs.add(new MessageRef(ACCOUNT, source, uidValidity, m.uid(), m.messageId()));
    }
    return refs;
  }

  private List<PendingOperation> copies(List<MessageRef> messages) {
    return batches.pending(m -> Operation.copy(m, destination), messages);
  }

  /** The destination's messages by Message-ID, failing on a second copy of one. */
  private Map<String, MailboxProbe.Seen> copiesByMessageId() {
    Map<String, MailboxProbe.Seen> out = new TreeMap<>();
    for (MailboxProbe.Seen m : probe.list(destination)) {
      assertThat(out.put(m.messageId(), m)).as("a second copy of " + m.messageId()).isNull();
    }
    return out;
  }

  /** Each copy where the outcome says, with the original's flags; the originals untouched. */
  private void assertExactlyOneCopyEach(List<PendingOperation> ops, BatchResult result) {
    Map<String, MailboxProbe.Seen> copies = copiesByMessageId();
    assertThat(copies).hasSize(ops.size());
    long uidValidity = probe.uidValidity(destination);
    for (PendingOperation op : ops) {
      MailboxProbe.Seen copy = copies.get(op.message().messageId());
      assertThat(copy).as("copy of " + op.message().messageId()).isNotNull();
      assertThat(result.outcome(op.id()))
          .contains(
              OperationOutcome.succeeded(
                  new MessageRef(
                      ACCOUNT, destination, uidValidity, copy.uid(), op.message().messageId())));
    }
    assertThat(copies.get(ops.get(0).message().messageId()).has(Flags.Flag.FLAGGED)).isTrue();
    assertThat(copies.get(ops.get(1).message().messageId()).has(Flags.Flag.SEEN)).isTrue();
    List<MailboxProbe.Seen> originals = probe.list(source);
    assertThat(originals)
        .extracting(MailboxProbe.Seen::uid)
        .containsExactlyElementsOf(ops.stream().map(op -> op.message().uid()).toList());
    assertThat(originals).noneMatch(m -> m.has(Flags.Flag.DELETED));
    assertThat(originals.get(0).has(Flags.Flag.FLAGGED)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("servers_")
  void aBatchOfCopiesIsOneUidCopyAndReportsEveryCopy(Server server) {
    List<PendingOperation> ops = copies(fill());
    OperationBatch batch = Batches.batch(ops);
    RecordingBatchSink sink = new RecordingBatchSink(batch);

    BatchResult result = executor(server).execute(batch, sink);

    assertExactlyOneCopyEach(ops, result);
    assertThat(proxy.commandCount("COPY")).isEqualTo(1);
    assertThat(proxy.commandCount("STORE")).as("the originals are left alone").isZero();
    assertThat(proxy.commandCount("EXPUNGE")).isZero();
    for (PendingOperation op : ops) {
      // Each row keeps its own message's Message-ID only.
      assertThat(sink.savedFor(op.id()))
          .singleElement()
          .satisfies(
              cp -> {
                assertThat(cp.destinationFolder()).isEqualTo(destination);
                assertThat(cp.messageIds()).containsOnlyKeys(op.message().uid());
              });
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cuts")
  void aCopyCutAroundItsUidCopyIsRetriedToExactlyOneCopyOfEachMessage(Server server, Cut cut) {
    List<PendingOperation> ops = copies(fill());
    OperationBatch batch = Batches.batch(ops);
    RecordingBatchSink sink = new RecordingBatchSink(batch);
    FaultInjectingProxy.Fault fault =
        switch (cut) {
          case CUT_AFTER -> proxy.cutAfter("COPY");
          case SWALLOW_REPLY -> proxy.swallowReplyAfter("COPY");
          case CUT_BEFORE -> proxy.cutBefore("COPY");
        };

    assertThatThrownBy(() -> executor(server).execute(batch, sink))
        .isInstanceOfSatisfying(
            OperationFailedException.class,
            e -> assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT));
    assertThat(fault.triggered()).isEqualTo(1);

    // The retry, as the queue hands it over: each operation with the checkpoint its row holds.
    List<PendingOperation> retried = ops.stream().map(sink::withLatestCheckpoint).toList();
    assertThat(retried).allSatisfy(op -> assertThat(op.checkpoint()).isNotNull());
    BatchResult result =
        executor(server).execute(Batches.batch(retried), new RecordingBatchSink(batch));

    assertExactlyOneCopyEach(retried, result);
    assertThat(proxy.commandCount("COPY"))
        .as("the server copied once: the cut attempt's copy, or the retry's")
        .isEqualTo(1);
  }
}
