package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.testing.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.jspecify.annotations.Nullable;

/**
 * {@code queue(...)} fed hostile text on each database: every value either comes back exactly (read
 * by the store and by plain SQL) or is refused with an exception naming the field before anything
 * is written, so a refused batch leaves the row count as it was. Each database runs it through a
 * tiny subclass; each property has a scratch database of its own.
 */
abstract class JdbcHostileInputTest {
  private static final long UIDV = 1_700_000_000L;

  private Scratch scratch;
  private JooqPendingOperationStore store;
  private long uid;

  abstract TestDatabase database();

  @BeforeProperty
  void createStore() {
    scratch = database().create();
    store = scratch.migratedStore(new SettableClock(Instant.parse("2026-03-01T10:00:00Z")));
  }

  @AfterProperty
  void dropScratch() throws SQLException {
    scratch.close();
  }

  @Provide
  Arbitrary<String> text() {
    return HostileStrings.any();
  }

  @Property(tries = 250)
  void everyFieldRoundTripsExactlyOrIsRefusedByNameWithNothingWritten(
      @ForAll("text") String account,
      @ForAll("text") String folder,
      @ForAll("text") String messageId,
      @ForAll("text") String destination,
      @ForAll("text") String messageKey)
      throws SQLException {
    List<String> bad = new ArrayList<>();
    addIf(bad, "account", HostileStrings.problem(account, true, 255));
    addIf(bad, "folder", HostileStrings.problem(folder, true, 1000));
    addIf(bad, "messageId", HostileStrings.problem(messageId, false, 1000));
    addIf(bad, "destination", HostileStrings.problem(destination, true, 1000));
    addIf(bad, "messageKey", HostileStrings.problem(messageKey, false, 255));
    if (messageKey != null && messageKey.isBlank()) {
      bad.add("messageKey");
    }
    long before = rows();
    long slot = ++uid;

    Throwable thrown =
        catchThrowable(
            () -> {
              MessageRef ref = new MessageRef(account, folder, UIDV, slot, messageId);
              NewOperation op = new NewOperation(Operation.move(ref, destination), messageKey);
              // A good operation first: a refusal must not leave it written either.
              store.queueAll(List.of(NewOperation.of(Operation.flag(msg(slot))), op));
            });

    if (bad.isEmpty()) {
      assertThat(thrown).as("nothing wrong, so nothing thrown").isNull();
      assertThat(rows()).isEqualTo(before + 2);
      PendingOperation read = lastQueued();
      assertThat(read.message().account()).isEqualTo(account);
      assertThat(read.message().folder()).isEqualTo(folder);
      assertThat(read.message().messageId()).isEqualTo(blankToNull(messageId));
      assertThat(read.operation().destination()).isEqualTo(destination);
      assertThat(read.messageKey()).isEqualTo(messageKey);
      assertThat(plainSql(read.id()))
          .as("what the database holds, read without Ferry")
          .containsExactly(account, folder, blankToNull(messageId), destination, messageKey);
    } else {
      assertThat(thrown)
          .as("one of %s is wrong", bad)
          .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
      assertThat(bad.stream().anyMatch(f -> thrown.getMessage().startsWith(f + " ")))
          .as("'%s' names one of %s", thrown.getMessage(), bad)
          .isTrue();
      assertThat(rows()).as("nothing written").isEqualTo(before);
    }
  }

  @Property(tries = 40)
  void onTheCallersConnectionARefusalWritesNothingAndLeavesItsTransactionUsable(
      @ForAll("text") String folder) throws SQLException {
    boolean ok = HostileStrings.problem(folder, true, 1000) == null;
    long before = rows();
    long slot = ++uid;
    try (Connection tx = scratch.connect()) {
      tx.setAutoCommit(false);
      store.queue(tx, NewOperation.of(Operation.markRead(msg(slot))));

      Throwable thrown =
          catchThrowable(
              () ->
                  store.queue(
                      tx,
                      NewOperation.of(
                          Operation.markRead(new MessageRef("acct", folder, UIDV, slot, null)))));

      assertThat(thrown == null).as("kept: %s, thrown: %s", ok, thrown).isEqualTo(ok);
      if (!ok) {
        assertThat(thrown).hasMessageStartingWith("folder ");
      }
      // The caller's transaction goes on: the first insert commits with it.
      tx.commit();
    }
    assertThat(rows()).isEqualTo(before + (ok ? 2 : 1));
  }

  @Property(tries = 60)
  void checkpointsAndErrorsOfAnyTextRoundTripOrAreCutWhereDocumented(
      @ForAll("text") String folder,
      @ForAll("text") String messageId,
      @ForAll("text") String error) {
    String source = HostileStrings.problem(folder, true, 990) == null ? folder : "INBOX";
    String id = HostileStrings.problem(messageId, true, 1000) == null ? messageId : "<x@y>";
    String reason = HostileStrings.problem(error, true, 100_000) == null ? error : "error";
    long slot = ++uid;
    PendingOperation op =
        store.queue(Operation.move(new MessageRef("acct", source, UIDV, slot, id), source + "/2"));
    Claim claim = store.claim("acct", "w1", Duration.ofMinutes(1), 1000).orElseThrow();
    Checkpoint checkpoint = new Checkpoint(source, UIDV, source + "/2", 9, 100, Map.of(slot, id));

    store.saveCheckpoint(claim.lease(), op.id(), checkpoint);
    store.reschedule(claim.lease(), op.id(), Instant.parse("2026-03-01T10:00:00Z"), reason);
    store.release(claim.lease());

    PendingOperation read = store.get(op.id()).orElseThrow();
    assertThat(read.checkpoint()).isEqualTo(checkpoint);
    assertThat(read.lastError())
        .isEqualTo(reason.length() <= 2000 ? reason : reason.substring(0, 2000));
  }

  @Example
  void aCheckpointLongerThanEveryDatabaseHoldsIsRefusedBeforeItIsWritten() {
    PendingOperation op = store.queue(Operation.move(msg(++uid), "Archive"));
    Claim claim = store.claim("acct", "w1", Duration.ofMinutes(1), 10).orElseThrow();
    Map<Long, String> ids = new java.util.HashMap<>();
    for (long u = 1; u <= 17; u++) {
      ids.put(u, "i".repeat(1_000_000)); // 17 Message-IDs of a million characters: 17 MB encoded
    }
    Checkpoint huge = new Checkpoint("INBOX", UIDV, "Archive", 9, 100, ids);

    Throwable thrown = catchThrowable(() -> store.saveCheckpoint(claim.lease(), op.id(), huge));

    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must encode to at most 16777215 characters");
    assertThat(store.get(op.id()).orElseThrow().checkpoint()).isNull();
  }

  private static MessageRef msg(long uid) {
    return new MessageRef("acct", "INBOX", UIDV, uid, null);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static void addIf(List<String> bad, String field, @Nullable String problem) {
    if (problem != null) {
      bad.add(field);
    }
  }

  private long rows() throws SQLException {
    try (Connection c = scratch.connect();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM ferry_operations");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  private PendingOperation lastQueued() throws SQLException {
    try (Connection c = scratch.connect();
        PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM ferry_operations");
        ResultSet r = s.executeQuery()) {
      r.next();
      return store.get(r.getLong(1)).orElseThrow();
    }
  }

  private List<String> plainSql(long id) throws SQLException {
    try (Connection c = scratch.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT account, folder, message_id, destination, message_key"
                    + " FROM ferry_operations WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
          values.add(r.getString(i));
        }
        return values;
      }
    }
  }
}
