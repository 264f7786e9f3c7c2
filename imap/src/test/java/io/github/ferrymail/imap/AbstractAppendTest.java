package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.FailureCategory;
import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewMessage;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.imap.support.Batches;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.RecordingBatchSink;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.SettableClock;
import jakarta.mail.Flags;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Appends and replaces through the executor, as the queue hands them over: the message stored once
 * with its flags and date and its location reported; when the connection is lost around the {@code
 * APPEND}, the retry with the checkpoint the store kept leaves exactly one message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractAppendTest {
  static final String ACCOUNT = "acct";

  /** How the new message's UID is learned. */
  enum Server {
    /** From APPENDUID. */
    UIDPLUS(b -> b),
    /** By searching for the token header. */
    NO_UIDPLUS(b -> b.ignoreCapabilities("UIDPLUS"));

    final UnaryOperator<ImapAccount.Builder> config;

    Server(UnaryOperator<ImapAccount.Builder> config) {
      this.config = config;
    }
  }

  enum Cut {
    CUT_AFTER,
    SWALLOW_REPLY,
    CUT_BEFORE
  }

  protected abstract Endpoint endpoint();

  protected abstract List<Server> servers();

  private final Batches batches = new Batches();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final Map<String, MessageContent> contents = new HashMap<>();
  private Endpoint endpoint;
  private MailboxProbe probe;
  private FaultInjectingProxy proxy;
  private String folder;

  @BeforeEach
  void start() {
    endpoint = endpoint();
    probe = endpoint.probe();
    proxy = FaultInjectingProxy.start(endpoint.host(), endpoint.port(), Duration.ofSeconds(10));
    folder = "Drafts " + UUID.randomUUID().toString().substring(0, 8);
    probe.create(folder);
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
        ImapOperationExecutor.builder(
                key ->
                    server
                        .config
                        .apply(endpoint.account(proxy.port()).readTimeout(Duration.ofSeconds(5)))
                        .build())
            .messageContent((account, key) -> contents.get(key))
            .build();
    closing.add(executor);
    return executor;
  }

  private byte[] content(String key, String subject) {
    byte[] raw = TestMessages.raw(TestMessages.message("<" + key + "@example.com>", subject));
    contents.put(key, MessageContent.of(raw));
    return raw;
  }

  private static String sha256(byte[]... parts) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static byte[] header(RecordingBatchSink sink, PendingOperation op) {
    String token = sink.savedFor(op.id()).get(0).messageIds().get(1L);
    return (AtomicImapSession.APPEND_HEADER + ": " + token + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private PendingOperation append(NewMessage message) {
    return batches.pending(Operation.append(ACCOUNT, folder, message), null);
  }

  @ParameterizedTest
  @MethodSource("servers_")
  void anAppendStoresTheMessageOnceWithItsFlagsAndDateAndReportsWhereItIs(Server server)
      throws Exception {
    byte[] raw = content("draft-1", "first draft");
    Instant date = Instant.parse("2026-11-30T08:15:30Z");
    PendingOperation op =
        append(
            NewMessage.of("draft-1")
                .withFlags(FlagDelta.DRAFT, FlagDelta.SEEN)
                .withInternalDate(date));
    OperationBatch batch = Batches.batch(List.of(op));
    RecordingBatchSink sink = new RecordingBatchSink(batch);

    BatchResult result = executor(server).execute(batch, sink);

    List<MailboxProbe.Stored> stored = probe.stored(folder);
    assertThat(stored).hasSize(1);
    MailboxProbe.Stored message = stored.get(0);
    assertThat(message.sha256()).isEqualTo(sha256(header(sink, op), raw));
    assertThat(message.head()).startsWith(AtomicImapSession.APPEND_HEADER + ": ");
    assertThat(message.has(Flags.Flag.DRAFT)).isTrue();
    assertThat(message.has(Flags.Flag.SEEN)).isTrue();
    assertThat(message.internalDate()).isEqualTo(date);
    assertThat(result.outcome(op.id()))
        .contains(
            OperationOutcome.succeeded(
                MessageRef.of(ACCOUNT, folder, probe.uidValidity(folder), message.uid())));
    assertThat(proxy.commandCount("APPEND")).isEqualTo(1);
    assertThat(proxy.commandCount("SEARCH"))
        .as("APPENDUID, or one search for the token")
        .isEqualTo(server == Server.UIDPLUS ? 0 : 1);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cuts")
  void anAppendCutAroundItsCommandIsRetriedToExactlyOneMessage(Server server, Cut cut)
      throws Exception {
    byte[] raw = content("sent-1", "sent while offline");
    PendingOperation op = append(NewMessage.of("sent-1").withFlags(FlagDelta.SEEN));
    OperationBatch batch = Batches.batch(List.of(op));
    RecordingBatchSink sink = new RecordingBatchSink(batch);
    FaultInjectingProxy.Fault fault =
        switch (cut) {
          case CUT_AFTER -> proxy.cutAfter("APPEND");
          case SWALLOW_REPLY -> proxy.swallowReplyAfter("APPEND");
          case CUT_BEFORE -> proxy.cutBefore("APPEND");
        };

    assertThatThrownBy(() -> executor(server).execute(batch, sink))
        .isInstanceOfSatisfying(
            OperationFailedException.class,
            e -> assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT));
    assertThat(fault.triggered()).isEqualTo(1);

    PendingOperation retried = sink.withLatestCheckpoint(op);
    assertThat(retried.checkpoint()).isNotNull();
    BatchResult result =
        executor(server).execute(Batches.batch(List.of(retried)), new RecordingBatchSink(batch));

    List<MailboxProbe.Stored> stored = probe.stored(folder);
    assertThat(stored).as("exactly one message").hasSize(1);
    assertThat(stored.get(0).sha256()).isEqualTo(sha256(header(sink, op), raw));
    assertThat(result.outcome(op.id()))
        .contains(
            OperationOutcome.succeeded(
                MessageRef.of(ACCOUNT, folder, probe.uidValidity(folder), stored.get(0).uid())));
    assertThat(proxy.commandCount("APPEND"))
        .as("the server appended once: the cut attempt's, or the retry's")
        .isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("servers_")
  void aReplaceAppendsTheNewVersionThenDeletesTheOld(Server server) throws Exception {
    probe.append(folder, TestMessages.message("<old-draft@example.com>", "old version"));
    MailboxProbe.Seen old = probe.list(folder).get(0);
    MessageRef oldRef = MessageRef.of(ACCOUNT, folder, probe.uidValidity(folder), old.uid());
    byte[] raw = content("draft-2", "new version");
    PendingOperation op =
        batches.pending(
            Operation.replace(oldRef, folder, NewMessage.of("draft-2").withFlags("\\Draft")), null);
    OperationBatch batch = Batches.batch(List.of(op));
    RecordingBatchSink sink = new RecordingBatchSink(batch);
    FaultInjectingProxy.Fault cut = proxy.cutAfter("APPEND");

    assertThatThrownBy(() -> executor(server).execute(batch, sink))
        .isInstanceOf(OperationFailedException.class);
    assertThat(cut.triggered()).isEqualTo(1);
    BatchResult result =
        executor(server)
            .execute(
                Batches.batch(List.of(sink.withLatestCheckpoint(op))),
                new RecordingBatchSink(batch));

    List<MailboxProbe.Stored> stored =
        probe.stored(folder).stream().filter(m -> !m.has(Flags.Flag.DELETED)).toList();
    assertThat(stored).as("the new version only, once").hasSize(1);
    assertThat(stored.get(0).sha256()).isEqualTo(sha256(header(sink, op), raw));
    assertThat(stored.get(0).uid()).isNotEqualTo(old.uid());
    if (server == Server.UIDPLUS) {
      assertThat(probe.list(folder)).as("the old version expunged").hasSize(1);
    }
    assertThat(result.outcome(op.id()))
        .contains(
            OperationOutcome.succeeded(
                MessageRef.of(ACCOUNT, folder, probe.uidValidity(folder), stored.get(0).uid())));
  }

  @Test
  void anAppendWhoseContentIsGoneFailsPermanentlyAndSendsNothing() {
    PendingOperation op = append(NewMessage.of("never-stored"));
    OperationBatch batch = Batches.batch(List.of(op));

    BatchResult result = executor(servers().get(0)).execute(batch, new RecordingBatchSink(batch));

    assertThat(result.outcome(op.id()))
        .hasValueSatisfying(
            outcome ->
                assertThat(((OperationOutcome.Failed) outcome).error().reason())
                    .isEqualTo(FailureReason.MESSAGE_NOT_FOUND));
    assertThat(proxy.commandCount("APPEND")).isZero();
    assertThat(probe.list(folder)).isEmpty();
  }

  @Test
  void aTwentyFiveMegabyteMessageIsStreamedFromItsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.eml");
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] head =
          ("Message-ID: <big@example.com>\r\nSubject: big\r\nContent-Type: text/plain\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      out.write(head);
      byte[] line =
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\r\n"
              .getBytes(StandardCharsets.US_ASCII);
      long lines = 25L * 1024 * 1024 / line.length;
      for (long i = 0; i < lines; i++) {
        out.write(line);
      }
    }
    contents.put("big", MessageContent.of(file));
    PendingOperation op = append(NewMessage.of("big"));
    OperationBatch batch = Batches.batch(List.of(op));
    RecordingBatchSink sink = new RecordingBatchSink(batch);

    BatchResult result = executor(servers().get(0)).execute(batch, sink);

    expected.update(header(sink, op));
    expected.update(Files.readAllBytes(file));
    List<MailboxProbe.Stored> stored = probe.stored(folder);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).size()).isEqualTo(header(sink, op).length + (int) Files.size(file));
    assertThat(stored.get(0).sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    assertThat(result.outcome(op.id()).orElseThrow())
        .isInstanceOf(OperationOutcome.Succeeded.class);
  }

  @Test
  void throughTheQueueAnAppendIntoAFolderCreatedOfflineRunsAfterTheCreateAndIsFed()
      throws Exception {
    String sent = folder + " Sent";
    byte[] raw = content("sent-9", "queued offline");
    InMemoryPendingOperationStore store =
        new InMemoryPendingOperationStore(new SettableClock(Instant.now()));
    try (QueueProcessor processor =
        QueueProcessor.builder(store, executor(servers().get(0))).workerId("appends").build()) {
      processor.queue(NewOperation.of(Operation.createFolder(ACCOUNT, sent)));
      PendingOperation append =
          processor.queue(
              NewOperation.of(
                  Operation.append(ACCOUNT, sent, NewMessage.of("sent-9").withFlags("\\Seen"))));
      for (int i = 0; i < 5 && !store.accountsWithDueOperations(1).isEmpty(); i++) {
        processor.processPendingOperations(ACCOUNT);
      }

      List<MailboxProbe.Stored> stored = probe.stored(sent);
      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).has(Flags.Flag.SEEN)).isTrue();
      assertThat(stored.get(0).head()).startsWith(AtomicImapSession.APPEND_HEADER);
      assertThat(stored.get(0).size()).isGreaterThan(raw.length);
      FinishedOperation fed =
          store.finishedSince(ACCOUNT, 0, 10).stream()
              .filter(f -> f.operation().id() == append.id())
              .findFirst()
              .orElseThrow();
      assertThat(fed.operation().status()).isEqualTo(OperationStatus.COMPLETED);
      assertThat(fed.relocation().location())
          .isEqualTo(MessageRef.of(ACCOUNT, sent, probe.uidValidity(sent), stored.get(0).uid()));
    }
  }
}
