package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FailureReason;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.core.spi.BatchResult;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.OperationBatch;
import io.github.ferrymail.core.spi.OperationOutcome;
import io.github.ferrymail.core.spi.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Rows written by plain SQL that Ferry cannot read back (an unknown kind, a negative UID, a
 * checkpoint that does not parse, a completed move whose new location is garbage), processed by a
 * real {@link QueueProcessor}: each bad row ends failed with {@link
 * FailureReason#CORRUPT_OPERATION} and the problem named, the account's other operations run, and
 * nothing else is touched. Each database runs it through a tiny subclass.
 */
abstract class CorruptRowsTest extends JdbcStoreTestBase {
  /** The executor: succeeds, and remembers every operation it was handed. */
  private final List<PendingOperation> executed = new ArrayList<>();

  private BatchResult succeed(OperationBatch batch) {
    Map<Long, OperationOutcome> outcomes = new HashMap<>();
    for (PendingOperation op : batch.operations()) {
      executed.add(op);
      outcomes.put(
          op.id(),
          OperationOutcome.succeeded(
              op.kind().isRelocation()
                  ? new MessageRef("acct", "Archive", 9, 1000 + op.id(), null)
                  : null));
    }
    return new BatchResult(outcomes);
  }

  private int processAcct() {
    try (QueueProcessor processor =
        QueueProcessor.builder(store, (batch, sink) -> succeed(batch))
            .clock(clock)
            .workerId("w1")
            .build()) {
      return processor.processPendingOperations("acct").completed();
    }
  }

  @Test
  void everyUnreadableRowFailsClassifiedAndTheAccountsOtherOperationsRun() throws Exception {
    PendingOperation read = store.queue(Operation.markRead(msg("acct", 1)));
    Map<Long, String> corrupt = new LinkedHashMap<>();
    corrupt.put(
        insert("ARCHIVE_FOREVER", "INBOX", UIDV, 2, null, null, 0), "unknown operation kind");
    corrupt.put(insert(READ, "INBOX", UIDV, -3, null, null, 0), "uid must be positive: -3");
    corrupt.put(
        insert(FLAG, "INBOX", UIDV, 4_294_967_296L, null, null, 0), "uid must fit in 32 bits");
    corrupt.put(insert(FLAG, "INBOX", 0, 5, null, null, 0), "uidValidity must be positive");
    corrupt.put(insert(FLAG, " ", UIDV, 6, null, null, 0), "folder must not be blank");
    corrupt.put(insert("MOVE", "INBOX", UIDV, 7, null, null, 0), "destination == null");
    corrupt.put(insert("FLAGS", "INBOX", UIDV, 14, null, null, 0), "payload == null");
    corrupt.put(insert("FLAGS ~Seen", "INBOX", UIDV, 15, null, null, 0), "is not +flag or -flag");
    corrupt.put(insert(READ, "INBOX", UIDV, 8, "Archive", null, 0), "destination must be null");
    corrupt.put(insert(READ, "INBOX", UIDV, 9, null, null, -5), "attempts must not be");
    corrupt.put(
        insert("MOVE", "INBOX", UIDV, 10, "Archive", "v1&src=INBOX", 0),
        "checkpoint: missing field");
    corrupt.put(
        insert(
            "MOVE",
            "INBOX",
            UIDV,
            11,
            "Archive",
            "v1&src=INBOX&srcv=x&dst=A&dstv=1&next=1&ids=",
            0),
        "checkpoint: bad number");
    PendingOperation move = store.queue(Operation.move(msg("acct", 12), "Archive"));
    PendingOperation flag = store.queue(Operation.flag(msg("acct", 13)));
    PendingOperation bobs = store.queue(Operation.markRead(msg("bob", 1)));
    long bobsCorrupt = insertFor("bob", "NOPE", "INBOX", UIDV, 2, null, null, 0);
    List<List<String>> bobBefore = rowsOf("bob");

    assertThat(processAcct()).isEqualTo(3);

    assertThat(executed)
        .extracting(PendingOperation::id)
        .containsExactlyInAnyOrder(read.id(), move.id(), flag.id());
    for (Map.Entry<Long, String> bad : corrupt.entrySet()) {
      long id = bad.getKey();
      assertThat(column("status", id)).as("row %d", id).isEqualTo("FAILED");
      assertThat(column("failure_reason", id)).isEqualTo(FailureReason.CORRUPT_OPERATION.name());
      assertThat(column("last_error", id)).contains("operation " + id).contains(bad.getValue());
      assertThat(column("lease_token", id)).isNull();
      assertThat(column("finished_at", id)).isNotNull();
    }
    assertThat(store.countByStatus("acct"))
        .containsEntry(OperationStatus.COMPLETED, 3L)
        .containsEntry(OperationStatus.FAILED, (long) corrupt.size())
        .containsEntry(OperationStatus.PENDING, 0L)
        .containsEntry(OperationStatus.IN_FLIGHT, 0L);
    assertThat(rowsOf("bob")).as("another account's rows, read by plain SQL").isEqualTo(bobBefore);
    assertThat(column("status", bobsCorrupt)).isEqualTo("PENDING");
    assertThat(store.get(bobs.id()).orElseThrow().status()).isEqualTo(OperationStatus.PENDING);

    // Failed for good: a second pass finds nothing; the failed listing leaves unreadable rows out,
    // and an administrator discards them by id (from the log line or the database).
    executed.clear();
    assertThat(processAcct()).isZero();
    assertThat(executed).isEmpty();
    assertThat(store.getFailed("acct", PageRequest.first(100)).items()).isEmpty();
    long first = corrupt.keySet().iterator().next();
    assertThat(store.discard(first)).isTrue();
    assertThat(column("status", first)).isEqualTo("CANCELLED");
  }

  @Test
  void aCompletedMoveWhoseNewLocationIsGarbageNeitherStopsClaimsNorMisdirectsLaterOperations()
      throws Exception {
    // Three completed moves out of INBOX, their relocations written by hand: a negative new UID,
    // a blank folder, and a sound one as the control.
    sql("INSERT INTO ferry_accounts (account, finish_seq) VALUES ('acct', 3)");
    long negative = insertCompletedMove(50, "Archive", 9L, -4L, 1);
    long blank = insertCompletedMove(60, "  ", 9L, 70L, 2);
    long sound = insertCompletedMove(80, "Archive", 9L, 90L, 3);
    PendingOperation afterNegative = store.queue(Operation.markRead(msg("acct", 50)));
    PendingOperation afterBlank = store.queue(Operation.flag(msg("acct", 60)));
    PendingOperation afterSound = store.queue(Operation.flag(msg("acct", 80)));

    processAcct();

    // The new UID cannot be trusted: the message counts as moved to Archive, UID unknown; nothing
    // is run against a guess.
    assertThat(executed).extracting(PendingOperation::id).doesNotContain(afterNegative.id());
    assertThat(column("status", afterNegative.id())).isEqualTo("FAILED");
    assertThat(column("failure_reason", afterNegative.id()))
        .isEqualTo(FailureReason.MESSAGE_LOCATION_UNKNOWN.name());
    // No folder to go by: the operation runs where it names (a UID is never reused there, so at
    // worst it finds nothing), never somewhere else.
    assertThat(executed)
        .filteredOn(op -> op.id() == afterBlank.id())
        .singleElement()
        .satisfies(op -> assertThat(op.message()).isEqualTo(msg("acct", 60)));
    assertThat(executed)
        .filteredOn(op -> op.id() == afterSound.id())
        .singleElement()
        .satisfies(op -> assertThat(op.message().folder()).isEqualTo("Archive"))
        .satisfies(op -> assertThat(op.message().uid()).isEqualTo(90));

    // The feed reads past them too.
    List<FinishedOperation> feed = store.finishedSince("acct", 0, 100);
    Map<Long, FinishedOperation> byId = new HashMap<>();
    feed.forEach(f -> byId.put(f.operation().id(), f));
    assertThat(byId.get(negative).relocation().uidKnown()).isFalse();
    assertThat(byId.get(negative).relocation().folder()).isEqualTo("Archive");
    assertThat(byId.get(blank).relocation()).isNull();
    assertThat(byId.get(sound).relocation().location().uid()).isEqualTo(90);
  }

  private long insertCompletedMove(
      long fromUid, String movedFolder, Long movedUidValidity, Long movedUid, long seq)
      throws SQLException {
    long id = insertFor("acct", "MOVE", "INBOX", UIDV, fromUid, "Archive", null, 0);
    assertThat(
            sql(
                "UPDATE ferry_operations SET status = 'COMPLETED', moved_folder = ?,"
                    + " moved_uid_validity = ?, moved_uid = ?, finish_seq = ?, finished_at ="
                    + " created_at WHERE id = ?",
                movedFolder,
                movedUidValidity,
                movedUid,
                seq,
                id))
        .isEqualTo(1);
    return id;
  }

  /** The stored form of a mark-read and of a flag: kind, a blank, payload. */
  private static final String READ = "FLAGS +\\Seen";

  private static final String FLAG = "FLAGS +\\Flagged";

  private long insert(
      String kind,
      String folder,
      long uidValidity,
      long uid,
      @Nullable String destination,
      @Nullable String checkpoint,
      int attempts)
      throws SQLException {
    return insertFor("acct", kind, folder, uidValidity, uid, destination, checkpoint, attempts);
  }

  /**
   * A pending row written by plain SQL, due a day ago; returns its id. {@code kind} is the kind
   * column, then the payload after a blank if any ({@code "FLAGS +\Seen"}).
   */
  private long insertFor(
      String account,
      String kind,
      String folder,
      long uidValidity,
      long uid,
      @Nullable String destination,
      @Nullable String checkpoint,
      int attempts)
      throws SQLException {
    Object due = database().timestamp(START.minusSeconds(86_400));
    sql(
        "INSERT INTO ferry_operations (account, kind, payload, folder, uid_validity, uid,"
            + " destination, status, attempts, created_at, next_attempt_at, checkpoint)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)",
        account,
        kind.split(" ", 2)[0],
        kind.contains(" ") ? kind.split(" ", 2)[1] : null,
        folder,
        uidValidity,
        uid,
        destination,
        attempts,
        due,
        due,
        checkpoint);
    return count("SELECT MAX(id) FROM ferry_operations");
  }

  private @Nullable String column(String name, long id) throws SQLException {
    return queryString("SELECT " + name + " FROM ferry_operations WHERE id = ?", id);
  }

  /** Every column of an account's rows, as text, in id order. */
  private List<List<String>> rowsOf(String account) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = scratch.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM ferry_operations WHERE account = ? ORDER BY id")) {
      s.setString(1, account);
      try (ResultSet r = s.executeQuery()) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            row.add(r.getString(i));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
