package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.CheckpointSink;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.imap.support.Batches;
import io.github.ferrymail.imap.support.Endpoint;
import io.github.ferrymail.imap.support.MailboxProbe;
import io.github.ferrymail.imap.support.TestMessages;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flag changes through the executor, counting the commands that reach the server: one {@code UID
 * STORE} per batch and direction ({@code +FLAGS}, {@code -FLAGS}, without {@code .SILENT}, so that
 * the server names the messages it changed), and a {@code UID SEARCH} only for the UIDs it did not
 * name. The flags are then read back from the server with another client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractFlagCommandsTest {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractFlagCommandsTest.class);
  private static final String ACCOUNT = "acct";
  private static final int BATCH_SIZE = 500; // the processor's default maxBatchSize

  private final Batches batches = new Batches();
  private Endpoint endpoint;
  private MailboxProbe probe;
  private FaultInjectingProxy proxy;
  private ImapOperationExecutor executor;
  private String folder;

  /** The server to count commands of. */
  protected abstract Endpoint endpoint();

  /** How many messages the bulk test marks read. */
  protected abstract int bulkSize();

  /**
   * Whether the server answers a STORE with a FETCH even for a message whose flags did not change
   * (GreenMail does; Dovecot reports only the messages it changed).
   */
  protected abstract boolean reportsUnchangedMessages();

  @BeforeEach
  void setUp() {
    endpoint = endpoint();
    probe = endpoint.probe();
    proxy = FaultInjectingProxy.start(endpoint.host(), endpoint.port());
    Endpoint server = endpoint;
    executor = ImapOperationExecutor.create(key -> server.account(proxy.port()).build());
    folder = "flags-" + UUID.randomUUID().toString().substring(0, 8);
    probe.create(folder);
  }

  @AfterEach
  void tearDown() {
    executor.close();
    proxy.close();
    probe.close();
  }

  @Test
  void marksManyReadWithOneStorePerBatchAndNoSearch() {
    List<MessageRef> messages = fill(bulkSize());
    proxy.reset();

    List<OperationOutcome> outcomes = new ArrayList<>();
    for (int from = 0; from < messages.size(); from += BATCH_SIZE) {
      List<MessageRef> slice = messages.subList(from, Math.min(from + BATCH_SIZE, messages.size()));
      outcomes.addAll(execute(Operation::markRead, slice).outcomes());
    }

    Map<String, Long> sent = tally(proxy.commandsSeen());
    LOG.info("{} mark-reads in batches of {}: {}", messages.size(), BATCH_SIZE, sent);
    int batchCount = (messages.size() + BATCH_SIZE - 1) / BATCH_SIZE;
    assertThat(outcomes).hasSize(messages.size()).containsOnly(OperationOutcome.succeeded(null));
    assertThat(proxy.commandCount("STORE")).isEqualTo(batchCount);
    assertThat(proxy.commandCount("SEARCH")).isZero();
    assertThat(proxy.commandCount("SELECT")).isEqualTo(1);
    assertThat(proxy.commandsSeen())
        .filteredOn(c -> c.contains(" STORE "))
        .allMatch(c -> c.contains(" +FLAGS (\\Seen)"), "+FLAGS without .SILENT");
    assertThat(probe.flagsByUid(folder))
        .hasSize(messages.size())
        .allSatisfy((uid, flags) -> assertThat(flags.contains(Flags.Flag.SEEN)).isTrue());
  }

  @Test
  void aMessageInTheWishedStateSucceedsAndAMissingOneFails() {
    List<MessageRef> messages = fill(4);
    probe.setFlags(
        folder,
        Map.of(messages.get(2).uid(), Flags.Flag.SEEN, messages.get(3).uid(), Flags.Flag.SEEN));
    MessageRef last = messages.get(3);
    MessageRef missing =
        new MessageRef(ACCOUNT, folder, last.uidValidity(), last.uid() + 100, null);
    List<MessageRef> wished = new ArrayList<>(messages);
    wished.add(missing);
    proxy.reset();

    Executed read = execute(Operation::markRead, wished);

    for (MessageRef m : messages) {
      assertThat(read.outcome(m)).isEqualTo(OperationOutcome.succeeded(null));
    }
    assertNotFound(read, missing);
    // Two messages changed, two were read already, one is missing: only the unnamed are searched.
    assertThat(proxy.commandCount("STORE")).isEqualTo(1);
    assertThat(proxy.commandCount("SEARCH")).isEqualTo(1);
    assertThat(probe.flagsByUid(folder).values())
        .hasSize(4)
        .allMatch(flags -> flags.contains(Flags.Flag.SEEN));

    proxy.reset();
    Executed unread = execute(Operation::markUnread, List.of(messages.get(0), missing));
    assertThat(unread.outcome(messages.get(0))).isEqualTo(OperationOutcome.succeeded(null));
    assertNotFound(unread, missing);
    assertThat(proxy.commandCount("STORE")).isEqualTo(1);
    assertThat(proxy.commandCount("SEARCH")).isEqualTo(1);
    SortedMap<Long, Flags> after = probe.flagsByUid(folder);
    assertThat(after.get(messages.get(0).uid()).contains(Flags.Flag.SEEN)).isFalse();
    assertThat(after.get(messages.get(1).uid()).contains(Flags.Flag.SEEN)).isTrue();
  }

  @Test
  void aMessageThatArrivedAfterTheFolderWasSelectedGetsItsFlags() {
    // The executor keeps its folder selected between batches; meanwhile another session moves a
    // message in (as a processor that held the account before did, in the live load). A server
    // whose view of the folder is the one of its last command (Dovecot) must see it before the
    // STORE, or the STORE misses it while the search after it finds it.
    List<MessageRef> first = fill(1);
    execute(Operation::markRead, first);
    List<MessageRef> all = fill(1);
    MessageRef arrived = all.get(all.size() - 1);
    proxy.reset();

    Executed read = execute(Operation::markRead, List.of(arrived));

    assertThat(read.outcomes()).containsOnly(OperationOutcome.succeeded(null));
    assertThat(probe.flagsByUid(folder).get(arrived.uid()).contains(Flags.Flag.SEEN))
        .as("\\Seen on the message that arrived after the SELECT")
        .isTrue();
  }

  @Test
  void aBatchAlreadyInTheWishedStateSucceeds() {
    List<MessageRef> messages = fill(3);
    execute(Operation::flag, messages);
    proxy.reset();

    Executed again = execute(Operation::flag, messages);

    assertThat(again.outcomes()).hasSize(3).containsOnly(OperationOutcome.succeeded(null));
    assertThat(proxy.commandCount("STORE")).isEqualTo(1);
    // A server that names unchanged messages too needs no search at all.
    assertThat(proxy.commandCount("SEARCH")).isEqualTo(reportsUnchangedMessages() ? 0 : 1);
    assertThat(probe.flagsByUid(folder).values())
        .hasSize(3)
        .allMatch(flags -> flags.contains(Flags.Flag.FLAGGED));
  }

  @Test
  void aDeltaThatAddsAndRemovesIsOneStoreOfEachOnTheSameSetAndLeavesOtherFlagsAlone() {
    List<MessageRef> messages = fill(3);
    for (MessageRef m : messages) {
      probe.setKeyword(folder, m.uid(), "$NotJunk");
      probe.setKeyword(folder, m.uid(), "Keep");
    }
    probe.setFlag(folder, messages.get(1).uid(), Flags.Flag.FLAGGED, true);
    proxy.reset();

    Executed junk = execute(Operation::markJunk, messages);

    assertThat(junk.outcomes()).hasSize(3).containsOnly(OperationOutcome.succeeded(null));
    List<String> stores = proxy.commandsSeen().stream().filter(c -> c.contains(" STORE ")).toList();
    String set = messages.get(0).uid() + ":" + messages.get(2).uid();
    assertThat(stores)
        .hasSize(2)
        .anyMatch(c -> c.endsWith("UID STORE " + set + " +FLAGS ($Junk)"))
        .anyMatch(c -> c.endsWith("UID STORE " + set + " -FLAGS ($NotJunk)"));
    assertThat(proxy.commandCount("SEARCH")).isZero();
    SortedMap<Long, Flags> after = probe.flagsByUid(folder);
    assertThat(after.values())
        .hasSize(3)
        .allSatisfy(
            flags -> {
              assertThat(flags.contains("$Junk")).as("$Junk").isTrue();
              assertThat(flags.contains("$NotJunk")).as("$NotJunk").isFalse();
              assertThat(flags.contains("Keep")).as("another client's keyword").isTrue();
            });
    assertThat(after.get(messages.get(1).uid()).contains(Flags.Flag.FLAGGED)).isTrue();
  }

  @Test
  void systemFlagsAndKeywordsOfOneDeltaAllReachTheServer() {
    List<MessageRef> messages = fill(2);
    probe.setFlag(folder, messages.get(0).uid(), Flags.Flag.SEEN, true);
    FlagDelta delta =
        FlagDelta.of(
            List.of("\\Answered", "\\Draft", "$Forwarded", "$MDNSent", "$label1", "Work"),
            List.of("\\Seen"));

    Executed executed = execute(m -> Operation.changeFlags(m, delta), messages);

    assertThat(executed.outcomes()).containsOnly(OperationOutcome.succeeded(null));
    assertThat(probe.flagsByUid(folder).values())
        .hasSize(2)
        .allSatisfy(
            flags -> {
              assertThat(flags.contains(Flags.Flag.ANSWERED)).isTrue();
              assertThat(flags.contains(Flags.Flag.DRAFT)).isTrue();
              assertThat(flags.contains(Flags.Flag.SEEN)).isFalse();
              assertThat(flags.getUserFlags())
                  .contains("$Forwarded", "$MDNSent", "$label1", "Work");
            });
  }

  @Test
  void theFolderTakesNewKeywords() {
    try (AtomicImapSession session =
        AtomicImapSession.open(endpoint.account(endpoint.port()).build())) {
      SelectedFolder selected = session.select(folder);

      assertThat(selected.permanentFlags()).contains(SelectedFolder.NEW_KEYWORDS, "\\Seen");
      assertThat(selected.storesKeyword("$NeverSeenBefore")).isTrue();
    }
  }

  /** A batch's operations and what the executor reported for them. */
  private record Executed(List<PendingOperation> ops, BatchResult result) {
    OperationOutcome outcome(MessageRef message) {
      PendingOperation op =
          ops.stream().filter(o -> o.message().equals(message)).findFirst().orElseThrow();
      return result.outcome(op.id()).orElseThrow();
    }

    List<OperationOutcome> outcomes() {
      return ops.stream().map(op -> result.outcome(op.id()).orElseThrow()).toList();
    }
  }

  private Executed execute(Function<MessageRef, Operation> kind, List<MessageRef> messages) {
    List<PendingOperation> ops = batches.pending(kind, messages);
    return new Executed(ops, executor.execute(Batches.batch(ops), CheckpointSink.NONE));
  }

  private static void assertNotFound(Executed executed, MessageRef message) {
    assertThat(executed.outcome(message))
        .isInstanceOfSatisfying(
            OperationOutcome.Failed.class,
            f -> assertThat(f.error().reason()).isEqualTo(FailureReason.MESSAGE_NOT_FOUND));
  }

  /** Appends unread messages to the test's folder; returns them in UID order. */
  private List<MessageRef> fill(int count) {
    List<MimeMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(TestMessages.message("<" + folder + "-" + i + "@example.com>", "m" + i));
    }
    append(endpoint, probe, folder, messages);
    long uidValidity = probe.uidValidity(folder);
    return probe.flagsByUid(folder).keySet().stream()
        .map(uid -> new MessageRef(ACCOUNT, folder, uidValidity, uid, null))
        .toList();
  }

  /** Appends messages as another client would; a server may offer a faster way. */
  protected void append(
      Endpoint endpoint, MailboxProbe probe, String folder, List<MimeMessage> messages) {
    probe.append(folder, messages.toArray(MimeMessage[]::new));
  }

  /** How many commands of each name ({@code UID STORE}, {@code SELECT}, ...) were sent. */
  private static Map<String, Long> tally(List<String> commands) {
    Map<String, Long> byName = new TreeMap<>();
    for (String line : commands) {
      String[] words = line.split(" ", 4);
      String name =
          words.length > 2 && words[1].equalsIgnoreCase("UID") ? "UID " + words[2] : words[1];
      byName.merge(name.toUpperCase(java.util.Locale.ROOT), 1L, Long::sum);
    }
    return byName;
  }
}
