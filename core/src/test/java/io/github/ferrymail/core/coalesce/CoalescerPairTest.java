package io.github.ferrymail.core.coalesce;

import static io.github.ferrymail.core.coalesce.Ops.INBOX_7;
import static io.github.ferrymail.core.coalesce.Ops.cancellations;
import static io.github.ferrymail.core.coalesce.Ops.ids;
import static io.github.ferrymail.core.coalesce.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.PendingOperation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ordered pair of operation kinds on one message (INBOX, UID 7): operation 1 first, then
 * operation 2. A move goes to {@code Archive}; a restore goes to {@code INBOX}, where the message
 * already is, so it undoes a pending trash or move (and is a no-op on its own).
 *
 * <p>The expectations are written out by hand from the rules in {@link Coalescer}'s description,
 * not computed.
 */
class CoalescerPairTest {

  /** first, second | ids to run | cancelled as id:supersededBy. */
  private static final String TABLE =
      """
      MARK_READ        MARK_READ        | 2   | 1:2
      MARK_READ        MARK_UNREAD      | 2   | 1:2
      MARK_READ        FLAG             | 1 2 |
      MARK_READ        UNFLAG           | 1 2 |
      MARK_READ        MOVE             | 1 2 |
      MARK_READ        MOVE_TO_TRASH    | 1 2 |
      MARK_READ        RESTORE          | 1   | 2:2
      MARK_READ        PERMANENT_DELETE | 2   | 1:2

      MARK_UNREAD      MARK_READ        | 2   | 1:2
      MARK_UNREAD      MARK_UNREAD      | 2   | 1:2
      MARK_UNREAD      FLAG             | 1 2 |
      MARK_UNREAD      UNFLAG           | 1 2 |
      MARK_UNREAD      MOVE             | 1 2 |
      MARK_UNREAD      MOVE_TO_TRASH    | 1 2 |
      MARK_UNREAD      RESTORE          | 1   | 2:2
      MARK_UNREAD      PERMANENT_DELETE | 2   | 1:2

      FLAG             MARK_READ        | 1 2 |
      FLAG             MARK_UNREAD      | 1 2 |
      FLAG             FLAG             | 2   | 1:2
      FLAG             UNFLAG           | 2   | 1:2
      FLAG             MOVE             | 1 2 |
      FLAG             MOVE_TO_TRASH    | 1 2 |
      FLAG             RESTORE          | 1   | 2:2
      FLAG             PERMANENT_DELETE | 2   | 1:2

      UNFLAG           MARK_READ        | 1 2 |
      UNFLAG           MARK_UNREAD      | 1 2 |
      UNFLAG           FLAG             | 2   | 1:2
      UNFLAG           UNFLAG           | 2   | 1:2
      UNFLAG           MOVE             | 1 2 |
      UNFLAG           MOVE_TO_TRASH    | 1 2 |
      UNFLAG           RESTORE          | 1   | 2:2
      UNFLAG           PERMANENT_DELETE | 2   | 1:2

      MOVE             MARK_READ        | 1 2 |
      MOVE             MARK_UNREAD      | 1 2 |
      MOVE             FLAG             | 1 2 |
      MOVE             UNFLAG           | 1 2 |
      MOVE             MOVE             | 2   | 1:2
      MOVE             MOVE_TO_TRASH    | 2   | 1:2
      MOVE             RESTORE          |     | 1:2 2:2
      MOVE             PERMANENT_DELETE | 2   | 1:2

      MOVE_TO_TRASH    MARK_READ        | 1 2 |
      MOVE_TO_TRASH    MARK_UNREAD      | 1 2 |
      MOVE_TO_TRASH    FLAG             | 1 2 |
      MOVE_TO_TRASH    UNFLAG           | 1 2 |
      MOVE_TO_TRASH    MOVE             | 2   | 1:2
      MOVE_TO_TRASH    MOVE_TO_TRASH    | 2   | 1:2
      MOVE_TO_TRASH    RESTORE          |     | 1:2 2:2
      MOVE_TO_TRASH    PERMANENT_DELETE | 2   | 1:2

      RESTORE          MARK_READ        | 2   | 1:1
      RESTORE          MARK_UNREAD      | 2   | 1:1
      RESTORE          FLAG             | 2   | 1:1
      RESTORE          UNFLAG           | 2   | 1:1
      RESTORE          MOVE             | 2   | 1:2
      RESTORE          MOVE_TO_TRASH    | 2   | 1:2
      RESTORE          RESTORE          |     | 1:2 2:2
      RESTORE          PERMANENT_DELETE | 2   | 1:2

      PERMANENT_DELETE MARK_READ        | 1   | 2:1
      PERMANENT_DELETE MARK_UNREAD      | 1   | 2:1
      PERMANENT_DELETE FLAG             | 1   | 2:1
      PERMANENT_DELETE UNFLAG           | 1   | 2:1
      PERMANENT_DELETE MOVE             | 1   | 2:1
      PERMANENT_DELETE MOVE_TO_TRASH    | 1   | 2:1
      PERMANENT_DELETE RESTORE          | 1   | 2:1
      PERMANENT_DELETE PERMANENT_DELETE | 2   | 1:2
      """;

  record Case(OperationKind first, OperationKind second, List<Long> toRun, String cancelled) {
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
      String[] kinds = columns[0].trim().split("\\s+");
      List<Long> toRun =
          columns[1].isBlank()
              ? List.of()
              : Arrays.stream(columns[1].trim().split("\\s+")).map(Long::valueOf).toList();
      cases.add(
          new Case(
              OperationKind.valueOf(kinds[0]),
              OperationKind.valueOf(kinds[1]),
              toRun,
              columns[2].trim()));
    }
    return cases;
  }

  static Stream<Case> pairs() {
    return cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void coalescesThePair(Case pair) {
    PendingOperation first = op(1, pair.first(), INBOX_7, destination(pair.first()));
    PendingOperation second = op(2, pair.second(), INBOX_7, destination(pair.second()));

    CoalescingResult result = Coalescer.coalesce(List.of(first, second));

    assertThat(ids(result.toRun())).as("to run").isEqualTo(pair.toRun());
    assertThat(cancellations(result)).as("cancelled").isEqualTo(pair.cancelled());
    assertThat(result.cancelled()).allSatisfy(c -> assertThat(c.reason()).isNotBlank());
  }

  @Test
  void theTableCoversEveryOrderedPairOnce() {
    Set<String> seen = new HashSet<>();
    for (Case pair : cases()) {
      assertThat(seen.add(pair.toString())).as("duplicate row %s", pair).isTrue();
    }
    int kinds = OperationKind.values().length;
    assertThat(seen).hasSize(kinds * kinds);
  }

  @Test
  void everyOperationEndsUpEitherRunOrCancelledExactlyOnce() {
    for (Case pair : cases()) {
      CoalescingResult result =
          Coalescer.coalesce(
              List.of(
                  op(1, pair.first(), INBOX_7, destination(pair.first())),
                  op(2, pair.second(), INBOX_7, destination(pair.second()))));
      List<Long> all = new ArrayList<>(ids(result.toRun()));
      all.addAll(Ops.cancelledIds(result));
      assertThat(all).as(pair.toString()).containsExactlyInAnyOrder(1L, 2L);
    }
  }

  private static @Nullable String destination(OperationKind kind) {
    switch (kind) {
      case MOVE:
        return "Archive";
      case RESTORE:
        return "INBOX";
      default:
        return null;
    }
  }
}
