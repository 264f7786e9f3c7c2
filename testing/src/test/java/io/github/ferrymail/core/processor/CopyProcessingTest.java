package io.github.ferrymail.core.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.testing.InMemoryPendingOperationStore;
import io.github.ferrymail.testing.ScriptedExecutor;
import io.github.ferrymail.testing.SettableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copies through the processor: batched, reported, kept on the row, and never followed. */
class CopyProcessingTest {
  private static final String ACCOUNT = "alice";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private InMemoryPendingOperationStore store;
  private ScriptedExecutor executor;
  private QueueProcessor processor;

  @BeforeEach
  void setUp() {
    store = new InMemoryPendingOperationStore(clock);
    executor = new ScriptedExecutor();
    processor = QueueProcessor.builder(store, executor).clock(clock).build();
  }

  @AfterEach
  void tearDown() {
    processor.close();
  }

  private static MessageRef inbox(long uid) {
    return new MessageRef(ACCOUNT, "INBOX", 42, uid, "<m" + uid + "@example.com>");
  }

  private PendingOperation queue(Operation op) {
    return processor.queue(NewOperation.of(op));
  }

  private PendingOperation reload(PendingOperation op) {
    return store.get(op.id()).orElseThrow();
  }

  @Test
  void copiesOfOneFolderToOneDestinationAreOneBatchAfterTheFlagsSetBeforeThem() {
    List<PendingOperation> copies = new ArrayList<>();
    PendingOperation read = queue(Operation.markRead(inbox(1)));
    for (long uid = 1; uid <= 3; uid++) {
      copies.add(queue(Operation.copy(inbox(uid), "Archive")));
    }
    queue(Operation.copy(inbox(4), "Receipts"));

    processor.processPendingOperations(ACCOUNT);

    assertThat(executor.batches())
        .extracting(OperationBatch::kind, OperationBatch::destination, OperationBatch::uids)
        .containsExactly(
            tuple(OperationKind.FLAGS, null, List.of(1L)),
            tuple(OperationKind.COPY, "Archive", List.of(1L, 2L, 3L)),
            tuple(OperationKind.COPY, "Receipts", List.of(4L)));
    assertThat(reload(read).status()).isEqualTo(OperationStatus.COMPLETED);
    assertThat(copies)
        .allSatisfy(c -> assertThat(reload(c).status()).isEqualTo(OperationStatus.COMPLETED));
  }

  @Test
  void theCopysLocationIsKeptButLaterOperationsStayOnTheOriginal() {
    PendingOperation copy = queue(Operation.copy(inbox(7), "Archive"));
    PendingOperation flag = queue(Operation.flag(inbox(7)));

    processor.processPendingOperations(ACCOUNT);

    // Two passes: the flag waited for the copy, then ran on the original, not on the copy.
    assertThat(executor.batches())
        .extracting(OperationBatch::kind)
        .containsExactly(OperationKind.COPY, OperationKind.FLAGS);
    assertThat(executor.batches().get(1).folder()).isEqualTo("INBOX");
    assertThat(reload(flag).message()).isEqualTo(inbox(7));
    assertThat(reload(flag).status()).isEqualTo(OperationStatus.COMPLETED);

    List<FinishedOperation> feed = store.finishedSince(ACCOUNT, 0, 10);
    FinishedOperation copied = feed.get(0);
    assertThat(copied.operation().id()).isEqualTo(copy.id());
    assertThat(copied.relocation().folder()).isEqualTo("Archive");
    assertThat(copied.relocation().location().messageId()).isEqualTo("<m7@example.com>");
    assertThat(copied.operation().message())
        .as("the row still names the original")
        .isEqualTo(inbox(7));

    // Queued afterwards for the original: not forwarded to the copy.
    PendingOperation read = queue(Operation.markRead(inbox(7)));
    processor.processPendingOperations(ACCOUNT);
    assertThat(executor.batches().get(2).folder()).isEqualTo("INBOX");
    assertThat(reload(read).message()).isEqualTo(inbox(7));
  }
}
