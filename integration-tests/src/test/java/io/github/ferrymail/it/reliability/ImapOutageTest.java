package io.github.ferrymail.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationFailedException;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.ProcessingListener;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.imap.CredentialsProvider;
import io.github.ferrymail.imap.ImapAccount;
import io.github.ferrymail.imap.TlsMode;
import io.github.ferrymail.imap.testing.DovecotExtension;
import io.github.ferrymail.imap.testing.DovecotServer;
import io.github.ferrymail.imap.testing.FaultInjectingProxy;
import io.github.ferrymail.it.support.BulkAppend;
import io.github.ferrymail.it.support.LiveStack;
import io.github.ferrymail.it.support.ServerView;
import io.github.ferrymail.it.support.ServerView.ServerMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMAP server goes away in the middle of a batch of moves, right after it executed a {@code UID
 * MOVE} whose reply never reaches Ferry: a real Dovecot restart (stopped, started again on its port
 * with its mail), and a server that stops answering with its sockets open. The processor works in
 * the background (H2 queue, batches of 100) and recovers on its own; afterwards every message is
 * once in the destination, none is left in the source, and the feed names each one's real new UID.
 */
@Tag("dovecot")
class ImapOutageTest {
  private static final Logger LOG = LoggerFactory.getLogger(ImapOutageTest.class);

  private static final int MESSAGES = 500;
  private static final int BATCH = 100;
  private static final Duration DOWN = Duration.ofSeconds(2);
  private static final Duration STALL_READ_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration STALL = STALL_READ_TIMEOUT.multipliedBy(3);
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @RegisterExtension
  static final DovecotExtension DOVECOT = new DovecotExtension(DovecotServer.Profile.MODERN);

  @Test
  void dovecotRestartedRightAfterAMoveItExecutedMovesEveryMessageOnce() throws Exception {
    DovecotServer dovecot = DOVECOT.server();
    String account = "restarted";
    List<MessageRef> inbox = seed(dovecot, account);
    Tripwire tripwire = new Tripwire(2 * BATCH);
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(dovecot.host(), dovecot.port());
        // A long read timeout: the restart, not the timeout, ends the held MOVE.
        LiveStack live =
            new LiveStack(
                account(proxy, account, dovecot.password(), Duration.ofSeconds(30)),
                tripwire,
                BATCH)) {
      tripwire.onTrip(() -> proxy.swallowReplyAfter("MOVE"));
      queueMoves(live, inbox);
      Instant started = Instant.now();
      live.processor.start();
      FaultInjectingProxy.Fault held = tripwire.awaitFault();
      await(() -> held.triggered() == 1, "the third batch's MOVE went out");
      ServerView direct = view(dovecot, account);
      await(() -> direct.count("Archive") == 3 * BATCH, "Dovecot executed the held MOVE");

      Instant stopped = Instant.now();
      dovecot.stopServing();
      // Dovecot ended the connection; the proxy, holding the reply back, kept the client's end
      // open. Ending it too is what the restart does to a client connected directly.
      proxy.dropConnections();
      Thread.sleep(DOWN.toMillis());
      dovecot.startServing();
      Instant back = Instant.now();
      long doneAtRestart = tripwire.completed();
      await(() -> unfinished(live) == 0, "every move finished");
      Instant drained = Instant.now();
      LOG.info(
          "Dovecot restart: {} moves in batches of {}; restarted after {} completed; down {} ms;"
              + " all done {} ms after it was back; whole run {} ms; failures on the way: {}",
          MESSAGES,
          BATCH,
          doneAtRestart,
          Duration.between(stopped, back).toMillis(),
          Duration.between(back, drained).toMillis(),
          Duration.between(started, drained).toMillis(),
          tripwire.reasons());
      assertThat(doneAtRestart).as("the restart came mid-drain").isLessThan(MESSAGES);
      assertThat(tripwire.reasons()).containsKey(FailureReason.CONNECTION_LOST);
      assertEveryMessageMovedOnce(dovecot, live, account, inbox);
    }
  }

  @Test
  void aServerThatStopsAnsweringCostsReadTimeoutsAndEveryMessageStillMovesOnce() throws Exception {
    DovecotServer dovecot = DOVECOT.server();
    String account = "silent";
    List<MessageRef> inbox = seed(dovecot, account);
    Tripwire tripwire = new Tripwire(2 * BATCH);
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(dovecot.host(), dovecot.port());
        LiveStack live =
            new LiveStack(
                account(proxy, account, dovecot.password(), STALL_READ_TIMEOUT), tripwire, BATCH)) {
      tripwire.onTrip(() -> proxy.swallowReplyAfter("MOVE"));
      queueMoves(live, inbox);
      live.processor.start();
      FaultInjectingProxy.Fault held = tripwire.awaitFault();
      await(() -> held.triggered() == 1, "the third batch's MOVE went out");
      ServerView direct = view(dovecot, account);
      await(() -> direct.count("Archive") == 3 * BATCH, "Dovecot executed the held MOVE");

      // Dovecot moved the messages and says nothing; from now on it answers nobody, new
      // connections included, until the stall ends.
      Instant silent = Instant.now();
      proxy.stall();
      Thread.sleep(STALL.toMillis());
      proxy.resume();
      long doneInSilence = tripwire.completed();
      await(() -> unfinished(live) == 0, "every move finished");
      Duration elapsed = Duration.between(silent, Instant.now());
      // Each attempt in the silence ends at the read timeout; after it, a backoff of at most 4 s
      // and a few batches. Without a read timeout the first attempt would never end.
      Duration bound = STALL.plus(STALL_READ_TIMEOUT.multipliedBy(15));
      LOG.info(
          "Silent server: {} moves in batches of {}; silent for {} ms with read timeout {} ms;"
              + " all done {} ms after the silence began (bound {} ms); failures on the way: {}",
          MESSAGES,
          BATCH,
          STALL.toMillis(),
          STALL_READ_TIMEOUT.toMillis(),
          elapsed.toMillis(),
          bound.toMillis(),
          tripwire.reasons());
      assertThat(doneInSilence).as("the silence came mid-drain").isLessThan(MESSAGES);
      assertThat(tripwire.reasons()).containsKey(FailureReason.TIMEOUT);
      assertThat(elapsed).isLessThan(bound);
      assertEveryMessageMovedOnce(dovecot, live, account, inbox);
    }
  }

  /**
   * Counts completions; when they reach a threshold, plans a fault from the worker's thread, after
   * one batch was recorded and before the next runs. Keeps the reasons of the failures retried.
   */
  private static final class Tripwire implements ProcessingListener {
    private final int threshold;
    private final AtomicInteger completed = new AtomicInteger();
    private final Map<FailureReason, Integer> reasons = new ConcurrentHashMap<>();
    private volatile Supplier<FaultInjectingProxy.Fault> plan;
    private volatile FaultInjectingProxy.Fault fault;

    Tripwire(int threshold) {
      this.threshold = threshold;
    }

    void onTrip(Supplier<FaultInjectingProxy.Fault> value) {
      plan = value;
    }

    @Override
    public void completed(PendingOperation operation, MessageRef newLocation) {
      if (completed.incrementAndGet() == threshold) {
        fault = plan.get();
      }
    }

    @Override
    public void retryScheduled(PendingOperation operation, Instant at, Throwable error) {
      FailureReason reason =
          error instanceof OperationFailedException f ? f.reason() : FailureReason.UNKNOWN;
      reasons.merge(reason, 1, Integer::sum);
    }

    long completed() {
      return completed.get();
    }

    Map<FailureReason, Integer> reasons() {
      return Map.copyOf(reasons);
    }

    FaultInjectingProxy.Fault awaitFault() throws InterruptedException {
      await(() -> fault != null, threshold + " moves completed");
      return fault;
    }
  }

  private static List<MessageRef> seed(DovecotServer dovecot, String account) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      ids.add("<" + account + "-" + i + "@outage.test>");
    }
    BulkAppend.append(dovecot.host(), dovecot.port(), account, dovecot.password(), "INBOX", ids);
    // A fresh folder numbers appended messages 1, 2, 3... in order: STATUS proves it happened here
    // without fetching them all; the final check of every folder would catch a wrong guess.
    ServerView.Status status = view(dovecot, account).status("INBOX");
    assertThat(status.messages()).isEqualTo(MESSAGES);
    assertThat(status.uidNext()).isEqualTo(MESSAGES + 1);
    List<MessageRef> inbox = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      inbox.add(new MessageRef(account, "INBOX", status.uidValidity(), i + 1, ids.get(i)));
    }
    return inbox;
  }

  private static void queueMoves(LiveStack live, List<MessageRef> inbox) {
    List<NewOperation> moves = new ArrayList<>();
    for (MessageRef m : inbox) {
      moves.add(NewOperation.of(Operation.move(m, "Archive"), m.messageId()));
    }
    live.store.queueAll(moves);
  }

  private static void assertEveryMessageMovedOnce(
      DovecotServer dovecot, LiveStack live, String account, List<MessageRef> seeded) {
    ServerView view = view(dovecot, account);
    assertThat(view.messages("INBOX")).as("left in the source").isEmpty();
    Map<String, ServerMessage> archive = new HashMap<>();
    for (ServerMessage m : view.messages("Archive")) {
      assertThat(archive.put(m.messageId(), m)).as("%s twice", m.messageId()).isNull();
      assertThat(m.deleted()).as("%s left \\Deleted", m.messageId()).isFalse();
    }
    assertThat(archive.keySet())
        .containsExactlyInAnyOrderElementsOf(seeded.stream().map(MessageRef::messageId).toList());
    List<FinishedOperation> feed = live.store.finishedSince(account, 0, MESSAGES + 1);
    assertThat(feed).hasSize(MESSAGES);
    Set<Long> newUids = new HashSet<>();
    for (FinishedOperation f : feed) {
      assertThat(f.operation().status()).isEqualTo(OperationStatus.COMPLETED);
      long uid = f.relocation().location().uid();
      assertThat(uid)
          .as("new UID of %s", f.operation().messageKey())
          .isEqualTo(archive.get(f.operation().messageKey()).uid());
      newUids.add(uid);
    }
    assertThat(newUids).hasSize(MESSAGES);
  }

  private static long unfinished(LiveStack live) {
    Map<OperationStatus, Long> c = live.store.countByStatus(null);
    return c.get(OperationStatus.PENDING) + c.get(OperationStatus.IN_FLIGHT);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("%s within %s", what, DEADLINE).isBefore(deadline);
      Thread.sleep(20);
    }
  }

  private static ServerView view(DovecotServer dovecot, String account) {
    return new ServerView(dovecot.host(), dovecot.port(), account, dovecot.password());
  }

  private static ImapAccount account(
      FaultInjectingProxy proxy, String user, String password, Duration readTimeout) {
    return ImapAccount.builder(proxy.host(), user, CredentialsProvider.password(password))
        .port(proxy.port())
        .tlsMode(TlsMode.NONE)
        .readTimeout(readTimeout)
        .build();
  }
}
