package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.noCondition;

import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * An account's oldest unfinished folder operation, the barrier in its order: a claim hands out only
 * what is older, or, once nothing older is left, the folder operation alone. One index lookup on
 * {@code operations_folder_ix} per claim; a second only when the account has a folder operation.
 */
final class Barrier {
  private static final Barrier NONE = new Barrier(null, false);

  private final @Nullable Long id;
  private final boolean alone;

  private Barrier(@Nullable Long id, boolean alone) {
    this.id = id;
    this.alone = alone;
  }

  static Barrier of(DSLContext ctx, StoreContext c, String account) {
    OperationsTable o = c.o;
    Condition live = statusIn(o, OperationStatus.PENDING, OperationStatus.IN_FLIGHT);
    Long first =
        ctx.select(min(o.id))
            .from(o.table)
            .where(o.account.eq(account))
            .and(o.kind.eq(OperationKind.FOLDER.name()))
            .and(live)
            .fetchOne(0, Long.class);
    if (first == null) {
      return NONE;
    }
    boolean olderLive =
        ctx.fetchExists(
            DSL.selectOne()
                .from(o.table)
                .where(o.account.eq(account))
                .and(live)
                .and(o.id.lt(first)));
    return new Barrier(first, !olderLive);
  }

  /** Whether the claim is the folder operation alone. */
  boolean runsAlone() {
    return alone;
  }

  /** The condition on a candidate row of {@code o}. */
  Condition bound(OperationsTable o) {
    if (id == null) {
      return noCondition();
    }
    Field<Long> candidate = o.id;
    return alone ? candidate.eq(id) : candidate.lt(id);
  }

  /**
   * Of accounts polling found, those a claim would hand work to as far as barriers go: an account
   * whose due work all lies behind its folder operation, or whose folder operation waits for a
   * retry, is left out (it would be claimed for nothing at every poll). One statement for all of
   * them on the folder index; a second per account that has a folder operation.
   */
  static List<String> claimable(
      DSLContext ctx, StoreContext c, List<String> accounts, Instant now) {
    if (accounts.isEmpty()) {
      return accounts;
    }
    OperationsTable o = c.o;
    Condition live = statusIn(o, OperationStatus.PENDING, OperationStatus.IN_FLIGHT);
    Map<String, Long> barriers = new HashMap<>();
    for (List<String> chunk : Chunks.of(accounts, Chunks.SIZE)) {
      ctx.select(o.account, min(o.id))
          .from(o.table)
          .where(o.account.in(chunk))
          .and(o.kind.eq(OperationKind.FOLDER.name()))
          .and(live)
          .groupBy(o.account)
          .fetch()
          .forEach(r -> barriers.put(r.value1(), r.value2()));
    }
    if (barriers.isEmpty()) {
      return accounts;
    }
    List<String> kept = new ArrayList<>();
    for (String account : accounts) {
      Long barrier = barriers.get(account);
      if (barrier == null || hasWorkUpTo(ctx, c, account, barrier, now)) {
        kept.add(account);
      }
    }
    return kept;
  }

  /** Due work older than the barrier, or the barrier itself due with nothing live before it. */
  private static boolean hasWorkUpTo(
      DSLContext ctx, StoreContext c, String account, long barrier, Instant now) {
    OperationsTable o = c.o;
    OperationsTable older = c.o.as("older");
    Condition nothingBefore =
        DSL.notExists(
            DSL.selectOne()
                .from(older.table)
                .where(older.account.eq(account))
                .and(statusIn(older, OperationStatus.PENDING, OperationStatus.IN_FLIGHT))
                .and(older.id.lt(barrier)));
    return ctx.fetchExists(
        DSL.selectOne()
            .from(o.table)
            .where(o.account.eq(account))
            .and(StoreContext.due(o, now, null))
            .and(o.id.lt(barrier).or(o.id.eq(barrier).and(nothingBefore))));
  }
}
