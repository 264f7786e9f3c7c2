package io.github.ferrymail.core.coalesce;

import static io.github.ferrymail.core.coalesce.Ops.INBOX_7;
import static io.github.ferrymail.core.coalesce.Ops.cancellations;
import static io.github.ferrymail.core.coalesce.Ops.ids;
import static io.github.ferrymail.core.coalesce.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.FlagDelta;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewMessage;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ordered pair of sample operations on one message (INBOX, UID 7): operation 1 first, then
 * operation 2. The samples are the eight operations of Ferry 0.1 (the four flag ones now flag
 * changes of one flag) and three flag changes of more than one flag: junk ({@code +$Junk
 * -$NotJunk}), not junk ({@code +$NotJunk -$Junk}) and read-and-flag ({@code +\Seen +\Flagged}). A
 * move goes to {@code Archive}; a restore goes to {@code INBOX}, where the message already is, so
 * it undoes a pending trash or move (and is a no-op on its own). A copy goes to {@code Archive}: it
 * runs after the flag changes queued before it, waits for a move queued before it, and holds back
 * everything queued after it until the next pass.
 *
 * <p>The expectations are written out by hand from the rules in {@link Coalescer}'s description,
 * not computed. The rows of the eight operations of 0.1 are those of 0.1, unchanged.
 */
class CoalescerPairTest {

  /** first, second | ids to run | cancelled as id:supersededBy | ids deferred. */
  private static final String TABLE =
      """
      MARK_READ        MARK_READ        | 2   | 1:2     |
      MARK_READ        MARK_UNREAD      | 2   | 1:2     |
      MARK_READ        FLAG             | 1 2 |         |
      MARK_READ        UNFLAG           | 1 2 |         |
      MARK_READ        MOVE             | 1 2 |         |
      MARK_READ        MOVE_TO_TRASH    | 1 2 |         |
      MARK_READ        RESTORE          | 1   | 2:2     |
      MARK_READ        PERMANENT_DELETE | 2   | 1:2     |
      MARK_READ        JUNK             | 1 2 |         |
      MARK_READ        NOT_JUNK         | 1 2 |         |
      MARK_READ        READ_AND_FLAG    | 2   | 1:2     |
      MARK_READ        COPY             | 1 2 |         |
      MARK_UNREAD      MARK_READ        | 2   | 1:2     |
      MARK_UNREAD      MARK_UNREAD      | 2   | 1:2     |
      MARK_UNREAD      FLAG             | 1 2 |         |
      MARK_UNREAD      UNFLAG           | 1 2 |         |
      MARK_UNREAD      MOVE             | 1 2 |         |
      MARK_UNREAD      MOVE_TO_TRASH    | 1 2 |         |
      MARK_UNREAD      RESTORE          | 1   | 2:2     |
      MARK_UNREAD      PERMANENT_DELETE | 2   | 1:2     |
      MARK_UNREAD      JUNK             | 1 2 |         |
      MARK_UNREAD      NOT_JUNK         | 1 2 |         |
      MARK_UNREAD      READ_AND_FLAG    | 2   | 1:2     |
      MARK_UNREAD      COPY             | 1 2 |         |
      FLAG             MARK_READ        | 1 2 |         |
      FLAG             MARK_UNREAD      | 1 2 |         |
      FLAG             FLAG             | 2   | 1:2     |
      FLAG             UNFLAG           | 2   | 1:2     |
      FLAG             MOVE             | 1 2 |         |
      FLAG             MOVE_TO_TRASH    | 1 2 |         |
      FLAG             RESTORE          | 1   | 2:2     |
      FLAG             PERMANENT_DELETE | 2   | 1:2     |
      FLAG             JUNK             | 1 2 |         |
      FLAG             NOT_JUNK         | 1 2 |         |
      FLAG             READ_AND_FLAG    | 2   | 1:2     |
      FLAG             COPY             | 1 2 |         |
      UNFLAG           MARK_READ        | 1 2 |         |
      UNFLAG           MARK_UNREAD      | 1 2 |         |
      UNFLAG           FLAG             | 2   | 1:2     |
      UNFLAG           UNFLAG           | 2   | 1:2     |
      UNFLAG           MOVE             | 1 2 |         |
      UNFLAG           MOVE_TO_TRASH    | 1 2 |         |
      UNFLAG           RESTORE          | 1   | 2:2     |
      UNFLAG           PERMANENT_DELETE | 2   | 1:2     |
      UNFLAG           JUNK             | 1 2 |         |
      UNFLAG           NOT_JUNK         | 1 2 |         |
      UNFLAG           READ_AND_FLAG    | 2   | 1:2     |
      UNFLAG           COPY             | 1 2 |         |
      MOVE             MARK_READ        | 1 2 |         |
      MOVE             MARK_UNREAD      | 1 2 |         |
      MOVE             FLAG             | 1 2 |         |
      MOVE             UNFLAG           | 1 2 |         |
      MOVE             MOVE             | 2   | 1:2     |
      MOVE             MOVE_TO_TRASH    | 2   | 1:2     |
      MOVE             RESTORE          |     | 1:2 2:2 |
      MOVE             PERMANENT_DELETE | 2   | 1:2     |
      MOVE             JUNK             | 1 2 |         |
      MOVE             NOT_JUNK         | 1 2 |         |
      MOVE             READ_AND_FLAG    | 1 2 |         |
      MOVE             COPY             | 1   |         | 2
      MOVE_TO_TRASH    MARK_READ        | 1 2 |         |
      MOVE_TO_TRASH    MARK_UNREAD      | 1 2 |         |
      MOVE_TO_TRASH    FLAG             | 1 2 |         |
      MOVE_TO_TRASH    UNFLAG           | 1 2 |         |
      MOVE_TO_TRASH    MOVE             | 2   | 1:2     |
      MOVE_TO_TRASH    MOVE_TO_TRASH    | 2   | 1:2     |
      MOVE_TO_TRASH    RESTORE          |     | 1:2 2:2 |
      MOVE_TO_TRASH    PERMANENT_DELETE | 2   | 1:2     |
      MOVE_TO_TRASH    JUNK             | 1 2 |         |
      MOVE_TO_TRASH    NOT_JUNK         | 1 2 |         |
      MOVE_TO_TRASH    READ_AND_FLAG    | 1 2 |         |
      MOVE_TO_TRASH    COPY             | 1   |         | 2
      RESTORE          MARK_READ        | 2   | 1:1     |
      RESTORE          MARK_UNREAD      | 2   | 1:1     |
      RESTORE          FLAG             | 2   | 1:1     |
      RESTORE          UNFLAG           | 2   | 1:1     |
      RESTORE          MOVE             | 2   | 1:2     |
      RESTORE          MOVE_TO_TRASH    | 2   | 1:2     |
      RESTORE          RESTORE          |     | 1:2 2:2 |
      RESTORE          PERMANENT_DELETE | 2   | 1:2     |
      RESTORE          JUNK             | 2   | 1:1 |
      RESTORE          NOT_JUNK         | 2   | 1:1     |
      RESTORE          READ_AND_FLAG    | 2   | 1:1     |
      RESTORE          COPY             | 2   | 1:1     |
      PERMANENT_DELETE MARK_READ        | 1   | 2:1     |
      PERMANENT_DELETE MARK_UNREAD      | 1   | 2:1     |
      PERMANENT_DELETE FLAG             | 1   | 2:1     |
      PERMANENT_DELETE UNFLAG           | 1   | 2:1     |
      PERMANENT_DELETE MOVE             | 1   | 2:1     |
      PERMANENT_DELETE MOVE_TO_TRASH    | 1   | 2:1     |
      PERMANENT_DELETE RESTORE          | 1   | 2:1     |
      PERMANENT_DELETE PERMANENT_DELETE | 2   | 1:2     |
      PERMANENT_DELETE JUNK             | 1   | 2:1     |
      PERMANENT_DELETE NOT_JUNK         | 1   | 2:1     |
      PERMANENT_DELETE READ_AND_FLAG    | 1   | 2:1     |
      PERMANENT_DELETE COPY             | 1   | 2:1     |
      JUNK             MARK_READ        | 1 2 |         |
      JUNK             MARK_UNREAD      | 1 2 |         |
      JUNK             FLAG             | 1 2 |         |
      JUNK             UNFLAG           | 1 2 |         |
      JUNK             MOVE             | 1 2 |         |
      JUNK             MOVE_TO_TRASH    | 1 2 |         |
      JUNK             RESTORE          | 1   | 2:2 |
      JUNK             PERMANENT_DELETE | 2   | 1:2     |
      JUNK             JUNK             | 2   | 1:2 |
      JUNK             NOT_JUNK         | 2   | 1:2     |
      JUNK             READ_AND_FLAG    | 1 2 |         |
      JUNK             COPY             | 1 2 |         |
      NOT_JUNK         MARK_READ        | 1 2 |         |
      NOT_JUNK         MARK_UNREAD      | 1 2 |         |
      NOT_JUNK         FLAG             | 1 2 |         |
      NOT_JUNK         UNFLAG           | 1 2 |         |
      NOT_JUNK         MOVE             | 1 2 |         |
      NOT_JUNK         MOVE_TO_TRASH    | 1 2 |         |
      NOT_JUNK         RESTORE          | 1   | 2:2     |
      NOT_JUNK         PERMANENT_DELETE | 2   | 1:2     |
      NOT_JUNK         JUNK             | 2   | 1:2     |
      NOT_JUNK         NOT_JUNK         | 2   | 1:2     |
      NOT_JUNK         READ_AND_FLAG    | 1 2 |         |
      NOT_JUNK         COPY             | 1 2 |         |
      READ_AND_FLAG    MARK_READ        | 1 2 |         |
      READ_AND_FLAG    MARK_UNREAD      | 1   |         | 2
      READ_AND_FLAG    FLAG             | 1 2 |         |
      READ_AND_FLAG    UNFLAG           | 1   |         | 2
      READ_AND_FLAG    MOVE             | 1 2 |         |
      READ_AND_FLAG    MOVE_TO_TRASH    | 1 2 |         |
      READ_AND_FLAG    RESTORE          | 1   | 2:2     |
      READ_AND_FLAG    PERMANENT_DELETE | 2   | 1:2     |
      READ_AND_FLAG    JUNK             | 1 2 |         |
      READ_AND_FLAG    NOT_JUNK         | 1 2 |         |
      READ_AND_FLAG    READ_AND_FLAG    | 2   | 1:2     |
      READ_AND_FLAG    COPY             | 1 2 |         |
      COPY             MARK_READ        | 1   |         | 2
      COPY             MARK_UNREAD      | 1   |         | 2
      COPY             FLAG             | 1   |         | 2
      COPY             UNFLAG           | 1   |         | 2
      COPY             MOVE             | 1   |         | 2
      COPY             MOVE_TO_TRASH    | 1   |         | 2
      COPY             RESTORE          | 1   |         | 2
      COPY             PERMANENT_DELETE | 1   |         | 2
      COPY             JUNK             | 1   |         | 2
      COPY             NOT_JUNK         | 1   |         | 2
      COPY             READ_AND_FLAG    | 1   |         | 2
      COPY             COPY             | 1   |         | 2
      MARK_READ        REPLACE          | 1 2 |         |
      MARK_UNREAD      REPLACE          | 1 2 |         |
      FLAG             REPLACE          | 1 2 |         |
      UNFLAG           REPLACE          | 1 2 |         |
      MOVE             REPLACE          | 1   |         | 2
      MOVE_TO_TRASH    REPLACE          | 1   |         | 2
      RESTORE          REPLACE          | 2   | 1:1     |
      PERMANENT_DELETE REPLACE          | 1   | 2:1     |
      JUNK             REPLACE          | 1 2 |         |
      NOT_JUNK         REPLACE          | 1 2 |         |
      READ_AND_FLAG    REPLACE          | 1 2 |         |
      REPLACE          MARK_READ        | 1   |         | 2
      REPLACE          MARK_UNREAD      | 1   |         | 2
      REPLACE          FLAG             | 1   |         | 2
      REPLACE          UNFLAG           | 1   |         | 2
      REPLACE          MOVE             | 1   |         | 2
      REPLACE          MOVE_TO_TRASH    | 1   |         | 2
      REPLACE          RESTORE          | 1   |         | 2
      REPLACE          PERMANENT_DELETE | 1   |         | 2
      REPLACE          JUNK             | 1   |         | 2
      REPLACE          NOT_JUNK         | 1   |         | 2
      REPLACE          READ_AND_FLAG    | 1   |         | 2
      COPY             REPLACE          | 1   |         | 2
      REPLACE          COPY             | 1   |         | 2
      REPLACE          REPLACE          | 1   |         | 2
      """;

  /** The sample operations the table names, on a message. */
  enum Sample {
    MARK_READ(Operation::markRead),
    MARK_UNREAD(Operation::markUnread),
    FLAG(Operation::flag),
    UNFLAG(Operation::unflag),
    MOVE(ref -> Operation.move(ref, "Archive")),
    MOVE_TO_TRASH(Operation::moveToTrash),
    RESTORE(ref -> Operation.restore(ref, "INBOX")),
    PERMANENT_DELETE(Operation::permanentDelete),
    JUNK(Operation::markJunk),
    NOT_JUNK(Operation::markNotJunk),
    READ_AND_FLAG(
        ref -> Operation.changeFlags(ref, FlagDelta.adding(FlagDelta.SEEN, FlagDelta.FLAGGED))),
    COPY(ref -> Operation.copy(ref, "Archive")),
    REPLACE(ref -> Operation.replace(ref, "INBOX", NewMessage.of("draft-2")));

    private final Function<MessageRef, Operation> factory;

    Sample(Function<MessageRef, Operation> factory) {
      this.factory = factory;
    }

    PendingOperation queued(long id) {
      return op(id, factory.apply(INBOX_7));
    }
  }

  record Case(
      Sample first, Sample second, List<Long> toRun, String cancelled, List<Long> deferred) {
    @Override
    public String toString() {
      return first + " then " + second;
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String line : TABLE.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] columns = line.split("\\|", -1);
      String[] samples = columns[0].trim().split("\\s+");
      cases.add(
          new Case(
              Sample.valueOf(samples[0]),
              Sample.valueOf(samples[1]),
              idList(columns[1]),
              columns[2].trim(),
              idList(columns[3])));
    }
    return cases;
  }

  private static List<Long> idList(String column) {
    return column.isBlank()
        ? List.of()
        : Arrays.stream(column.trim().split("\\s+")).map(Long::valueOf).toList();
  }

  static Stream<Case> pairs() {
    return cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void coalescesThePair(Case pair) {
    CoalescingResult result =
        Coalescer.coalesce(List.of(pair.first().queued(1), pair.second().queued(2)));

    assertThat(ids(result.toRun())).as("to run").isEqualTo(pair.toRun());
    assertThat(cancellations(result)).as("cancelled").isEqualTo(pair.cancelled());
    assertThat(Ops.deferredIds(result)).as("deferred").isEqualTo(pair.deferred());
    assertThat(result.cancelled()).allSatisfy(c -> assertThat(c.reason()).isNotBlank());
  }

  @Test
  void theTableCoversEveryOrderedPairOnce() {
    Set<String> seen = new HashSet<>();
    for (Case pair : cases()) {
      assertThat(seen.add(pair.toString())).as("duplicate row %s", pair).isTrue();
    }
    int samples = Sample.values().length;
    assertThat(seen).hasSize(samples * samples);
  }

  @Test
  void theSamplesCoverEveryKind() {
    assertThat(Arrays.stream(Sample.values()).map(s -> s.queued(1).kind()).distinct())
        .as("every message kind: folder operations are never coalesced, appends name no message")
        .containsExactlyInAnyOrderElementsOf(
            OperationKind.values().stream()
                .filter(k -> !k.isFolderChange() && k != OperationKind.APPEND)
                .toList());
  }

  @Test
  void everyOperationEndsUpRunCancelledOrDeferredExactlyOnce() {
    for (Case pair : cases()) {
      CoalescingResult result =
          Coalescer.coalesce(List.of(pair.first().queued(1), pair.second().queued(2)));
      List<Long> all = new ArrayList<>(ids(result.toRun()));
      all.addAll(Ops.cancelledIds(result));
      all.addAll(Ops.deferredIds(result));
      assertThat(all).as(pair.toString()).containsExactlyInAnyOrder(1L, 2L);
    }
  }
}
