package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.status;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.OperationKind;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.Relocation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.Outcome;
import io.github.ferrymail.queue.jdbc.OutcomeHook;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jspecify.annotations.Nullable;

/**
 * Writes a batch's outcomes, and group checkpoints, in one fenced transaction of a handful of
 * statements whatever the batch's size: the account row is locked once (the fence), one count
 * checks that every operation is in flight under the lease, outcomes that share their values are
 * one {@code UPDATE ... WHERE id IN (...)}, and those with values of their own (relocations, retry
 * times, reasons) one JDBC batch of a single prepared statement.
 *
 * <p>Feed places: every finished row of one call gets {@code base + id}, with {@code base} chosen
 * above the account's last place, so one expression numbers a whole {@code IN} list and the places
 * grow in the order calls commit (the account row lock serialises them).
 */
public final class OutcomeWriter {
  private final StoreContext c;
  private final FinishedRows finishedRows;
  private final FolderFollowUps folderFollowUps;
  private final @Nullable OutcomeHook hook;

  /**
   * Creates the writer.
   *
   * @param context the store's context
   * @param hook what to run inside each recording transaction, or null
   */
  public OutcomeWriter(StoreContext context, @Nullable OutcomeHook hook) {
    this.c = context;
    this.finishedRows = new FinishedRows(context);
    this.folderFollowUps = new FolderFollowUps(context);
    this.hook = hook;
  }

  /**
   * See {@link io.github.ferrymail.core.spi.PendingOperationStore#record}.
   *
   * @param lease the lease
   * @param outcomes the outcomes
   * @return how many other operations were re-pointed
   */
  public int record(Lease lease, List<Outcome> outcomes) {
    Args.notNull(lease, "lease");
    Plan plan = Plan.of(lease, Args.notNull(outcomes, "outcomes"));
    if (outcomes.isEmpty()) {
      return 0;
    }
    return c.tx.inTransaction(
        "record " + outcomes.size() + " outcome(s) of account " + lease.account(),
        ctx -> {
          long last = lockAccount(ctx, lease);
          int folderChanges = requireInFlight(ctx, lease, plan.ids);
          Instant now = c.now();
          long base = last + 1 - plan.ids.first();
          Map<Long, MessageRef> from = new LinkedHashMap<>();
          Set<Long> moving = sources(ctx, plan, from);
          Repoint repoint = new Repoint(c);
          int repointed = 0;
          // A partway move re-points its own operation too, so while that is still in flight.
          for (Map.Entry<Long, MessageRef> p : plan.partway.entrySet()) {
            repointed += repoint.execute(ctx, lease, from.get(p.getKey()), p.getValue()) - 1;
          }
          writeFinished(ctx, plan, now, base);
          writeRescheduled(ctx, plan);
          // A completed move keeps the location it left on its own row: that is its forwarding.
          // A copy keeps its copy's location; the original, and what names it, stays.
          Map<MessageRef, MessageRef> moves = new LinkedHashMap<>();
          for (Map.Entry<Long, Relocation> r : plan.relocated.entrySet()) {
            MessageRef to = r.getValue().location();
            MessageRef was = from.get(r.getKey());
            if (to != null && moving.contains(r.getKey()) && !to.sameMessage(was)) {
              moves.put(was, to);
            }
          }
          repointed += repoint.executeAll(ctx, lease, moves);
          TreeSet<Long> finished = plan.finished;
          if (folderChanges > 0 && !plan.completed.isEmpty()) {
            TreeSet<Long> cancelled =
                folderFollowUps.apply(ctx, lease.account(), plan.completed, now, base);
            if (!cancelled.isEmpty()) {
              finished = new TreeSet<>(plan.finished);
              finished.addAll(cancelled);
            }
          }
          if (!finished.isEmpty()) {
            AccountsTable a = c.a;
            var update = ctx.update(a.table).set(a.finishSeq, base + finished.last());
            if (!plan.completed.isEmpty() || !plan.relocated.isEmpty()) {
              update = update.set(a.pausesInARow, 0); // the account works again
            }
            update.where(a.account.eq(lease.account())).execute();
            runHook(ctx, finished);
          }
          return repointed;
        });
  }

  /**
   * See {@link io.github.ferrymail.core.spi.PendingOperationStore#saveCheckpoints}: one {@code
   * UPDATE ... WHERE id IN (...)} when every operation gets the same checkpoint, else one JDBC
   * batch of a single prepared statement.
   *
   * @param lease the lease
   * @param checkpoints the checkpoint per operation id
   */
  public void saveCheckpoints(Lease lease, Map<Long, Checkpoint> checkpoints) {
    Args.notNull(lease, "lease");
    Map<Long, String> encoded = new LinkedHashMap<>();
    Args.notNull(checkpoints, "checkpoints")
        .forEach(
            (id, cp) ->
                encoded.put(
                    Args.notNull(id, "checkpoints key"),
                    Args.notNull(cp, "checkpoints[" + id + "]").encode()));
    Args.notEmpty(encoded.keySet(), "checkpoints");
    encoded.forEach(
        (id, text) -> {
          if (text.length() > Bounds.CHECKPOINT) {
            throw new IllegalArgumentException(
                "checkpoints["
                    + id
                    + "] must encode to at most "
                    + Bounds.CHECKPOINT
                    + " characters: "
                    + text.length()
                    + " (fewer operations per batch, or shorter Message-IDs)");
          }
        });
    TreeSet<Long> ids = new TreeSet<>(encoded.keySet());
    c.tx.inTransaction(
        "save checkpoints of " + ids.size() + " operation(s) of account " + lease.account(),
        ctx -> {
          lockAccount(ctx, lease);
          requireInFlight(ctx, lease, ids);
          OperationsTable o = c.o;
          if (new HashSet<>(encoded.values()).size() == 1) {
            String shared = encoded.values().iterator().next();
            for (List<Long> chunk : Chunks.of(List.copyOf(ids), Chunks.SIZE)) {
              ctx.update(o.table).set(o.checkpoint, shared).where(o.id.in(chunk)).execute();
            }
            return null;
          }
          var batch =
              ctx.batch(
                  ctx.update(o.table).set(o.checkpoint, (String) null).where(o.id.eq((Long) null)));
          encoded.forEach((id, text) -> batch.bind(text, id));
          batch.execute();
          return null;
        });
  }

  /** Locks the account row if the lease is its current one; returns the last feed place. */
  private long lockAccount(DSLContext ctx, Lease lease) {
    AccountsTable a = c.a;
    Record1<Long> row =
        ctx.fetchOne(
            c.vendor.forUpdate(
                ctx.select(a.finishSeq)
                    .from(a.table)
                    .where(a.account.eq(lease.account()))
                    .and(a.leaseToken.eq(lease.token()))));
    if (row == null) {
      throw Fencing.lost(lease, "the lease was taken over");
    }
    return row.value1();
  }

  /**
   * With the account row locked, no claim, release or takeover can change these rows before the
   * commit, so one count is the fence for every statement that follows.
   */
  /**
   * Checks that every operation is in flight under the lease; returns how many of them are folder
   * operations (counted by the same statement, so that batches without one pay nothing for them).
   */
  private int requireInFlight(DSLContext ctx, Lease lease, Collection<Long> ids) {
    OperationsTable o = c.o;
    int found = 0;
    int folderChanges = 0;
    for (List<Long> chunk : Chunks.of(List.copyOf(ids), Chunks.SIZE)) {
      Record2<Integer, Integer> counts =
          ctx.select(count(), count(when(o.kind.eq(OperationKind.FOLDER.name()), inline(1))))
              .from(o.table)
              .where(o.id.in(chunk))
              .and(o.account.eq(lease.account()))
              .and(o.status.eq(status(OperationStatus.IN_FLIGHT)))
              .and(o.leaseToken.eq(lease.token()))
              .fetchOne();
      found += counts.value1();
      folderChanges += counts.value2();
    }
    if (found != ids.size()) {
      throw Fencing.lost(
          lease,
          (ids.size() - found) + " of " + ids.size() + " operation(s) not in flight under it");
    }
    return folderChanges;
  }

  /**
   * Where the moved operations' messages were (the locations to re-point away from), into {@code
   * from}; returns the ids among them whose kind moves the message (not a copy's).
   */
  private Set<Long> sources(DSLContext ctx, Plan plan, Map<Long, MessageRef> from) {
    Set<Long> ids = new TreeSet<>(plan.partway.keySet());
    ids.addAll(plan.relocated.keySet());
    Set<Long> moving = new HashSet<>();
    if (ids.isEmpty()) {
      return moving;
    }
    OperationsTable o = c.o;
    for (List<Long> chunk : Chunks.of(List.copyOf(ids), Chunks.SIZE)) {
      ctx.select(o.id, o.account, o.folder, o.uidValidity, o.uid, o.messageId, o.kind)
          .from(o.table)
          .where(o.id.in(chunk))
          .fetch()
          .forEach(
              row -> {
                from.put(
                    row.value1(),
                    new MessageRef(
                        row.value2(), row.value3(), row.value4(), row.value5(), row.value6()));
                if (StoredKinds.moving(row.value7())) {
                  moving.add(row.value1());
                }
              });
    }
    return moving;
  }

  private void writeFinished(DSLContext ctx, Plan plan, Instant now, long base) {
    OperationsTable o = c.o;
    List<Query> queries = new ArrayList<>();
    for (List<Long> chunk : Chunks.of(plan.completed, Chunks.SIZE)) {
      queries.add(
          ctx.update(o.table)
              .set(o.status, status(OperationStatus.COMPLETED))
              .setNull(o.leaseToken)
              .set(o.finishedAt, now)
              .set(o.finishSeq, val(base).plus(o.id))
              .where(o.id.in(chunk)));
    }
    plan.failed.forEach(
        (key, ids) -> {
          for (List<Long> chunk : Chunks.of(ids, Chunks.SIZE)) {
            queries.add(
                ctx.update(o.table)
                    .set(o.status, status(OperationStatus.FAILED))
                    .setNull(o.leaseToken)
                    .set(o.attempts, o.attempts.plus(1))
                    .set(o.lastError, key.error)
                    .set(o.failureReason, key.reason)
                    .set(o.finishedAt, now)
                    .set(o.finishSeq, val(base).plus(o.id))
                    .where(o.id.in(chunk)));
          }
        });
    plan.conflicted.forEach(
        (detail, ids) -> {
          for (List<Long> chunk : Chunks.of(ids, Chunks.SIZE)) {
            queries.add(
                ctx.update(o.table)
                    .set(o.status, status(OperationStatus.CONFLICT))
                    .setNull(o.leaseToken)
                    .set(o.attempts, o.attempts.plus(1))
                    .set(o.lastError, detail)
                    .set(o.finishedAt, now)
                    .set(o.finishSeq, val(base).plus(o.id))
                    .where(o.id.in(chunk)));
          }
        });
    plan.cancelled.forEach(
        (reason, ids) -> {
          for (List<Long> chunk : Chunks.of(ids, Chunks.SIZE)) {
            queries.add(
                ctx.update(o.table)
                    .set(o.status, status(OperationStatus.CANCELLED))
                    .setNull(o.leaseToken)
                    .set(o.lastError, reason)
                    .set(o.finishedAt, now)
                    .set(o.finishSeq, val(base).plus(o.id))
                    .where(o.id.in(chunk)));
          }
        });
    for (Query q : queries) {
      q.execute();
    }
    if (!plan.relocated.isEmpty()) {
      // One prepared statement, one JDBC batch: only the values of each row are bound, in order.
      var batch =
          ctx.batch(
              ctx.update(o.table)
                  .set(o.status, status(OperationStatus.COMPLETED))
                  .set(o.leaseToken, inline(null, o.leaseToken.getDataType()))
                  .set(o.finishedAt, (Instant) null)
                  .set(o.finishSeq, (Long) null)
                  .set(o.movedFolder, (String) null)
                  .set(o.movedUidValidity, (Long) null)
                  .set(o.movedUid, (Long) null)
                  .where(o.id.eq((Long) null)));
      plan.relocated.forEach(
          (id, r) -> {
            MessageRef at = r.location();
            batch.bind(
                now,
                base + id,
                r.folder(),
                at == null ? null : at.uidValidity(),
                at == null ? null : at.uid(),
                id);
          });
      batch.execute();
    }
  }

  private void writeRescheduled(DSLContext ctx, Plan plan) {
    if (plan.rescheduled.isEmpty()) {
      return;
    }
    OperationsTable o = c.o;
    var batch =
        ctx.batch(
            ctx.update(o.table)
                .set(o.status, status(OperationStatus.PENDING))
                .set(o.leaseToken, inline(null, o.leaseToken.getDataType()))
                .set(o.attempts, o.attempts.plus(inline(1)))
                .set(o.nextAttemptAt, (Instant) null)
                .set(o.lastError, (String) null)
                .where(o.id.eq((Long) null)));
    for (Outcome.Rescheduled r : plan.rescheduled) {
      batch.bind(
          Bounds.storable(r.nextAttemptAt(), "nextAttemptAt"), Bounds.truncate(r.error()), r.id());
    }
    batch.execute();
  }

  private void runHook(DSLContext ctx, TreeSet<Long> finished) {
    if (hook == null) {
      return;
    }
    List<FinishedOperation> rows = finishedRows.byIds(ctx, finished);
    if (rows.isEmpty()) {
      return;
    }
    ctx.connection(
        connection -> {
          try {
            hook.finished(connection, rows);
          } catch (SQLException | RuntimeException e) {
            throw new StoreException("the outcome hook failed; nothing was recorded", e);
          }
        });
  }

  /** The outcomes of one call sorted into the statements that write them; validated first. */
  private static final class Plan {
    final TreeSet<Long> ids = new TreeSet<>();
    final TreeSet<Long> finished = new TreeSet<>();
    final List<Long> completed = new ArrayList<>();
    final Map<Long, Relocation> relocated = new LinkedHashMap<>();
    final Map<FailKey, List<Long>> failed = new LinkedHashMap<>();
    final Map<String, List<Long>> cancelled = new LinkedHashMap<>();
    final Map<String, List<Long>> conflicted = new LinkedHashMap<>();
    final List<Outcome.Rescheduled> rescheduled = new ArrayList<>();

    private final Set<Long> seen = new HashSet<>();

    static Plan of(Lease lease, List<Outcome> outcomes) {
      Plan plan = new Plan();
      for (Outcome outcome : outcomes) {
        plan.add(lease, Args.notNull(outcome, "outcomes element"));
      }
      return plan;
    }

    private void add(Lease lease, Outcome outcome) {
      long id = outcome.id();
      if (!seen.add(id)) {
        throw new IllegalArgumentException("outcomes: operation " + id + " appears twice");
      }
      ids.add(id);
      if (outcome instanceof Outcome.Completed) {
        Relocation r = ((Outcome.Completed) outcome).relocation();
        finished.add(id);
        if (r == null) {
          completed.add(id);
        } else {
          Bounds.fits(r.folder(), Bounds.FOLDER, "relocation.folder");
          if (r.location() != null) {
            checkAccount(lease, id, r.location());
            Bounds.fits(r.location().messageId(), Bounds.MESSAGE_ID, "relocation.messageId");
          }
          relocated.put(id, r);
        }
      } else if (outcome instanceof Outcome.Failed) {
        Outcome.Failed f = (Outcome.Failed) outcome;
        finished.add(id);
        String reason = f.reason() == null ? null : f.reason().name();
        failed
            .computeIfAbsent(
                new FailKey(Bounds.truncate(f.error()), reason), k -> new ArrayList<>())
            .add(id);
        checkNowAt(lease, id, f.messageNowAt());
      } else if (outcome instanceof Outcome.Cancelled) {
        finished.add(id);
        cancelled
            .computeIfAbsent(
                Bounds.truncate(((Outcome.Cancelled) outcome).reason()), k -> new ArrayList<>())
            .add(id);
      } else if (outcome instanceof Outcome.Conflicted) {
        finished.add(id);
        conflicted
            .computeIfAbsent(
                Bounds.truncate(((Outcome.Conflicted) outcome).detail()), k -> new ArrayList<>())
            .add(id);
      } else {
        Outcome.Rescheduled r = (Outcome.Rescheduled) outcome;
        Bounds.storable(r.nextAttemptAt(), "nextAttemptAt");
        rescheduled.add(r);
        checkNowAt(lease, id, r.messageNowAt());
      }
    }

    private void checkNowAt(Lease lease, long id, @Nullable MessageRef nowAt) {
      if (nowAt != null) {
        checkAccount(lease, id, nowAt);
        Bounds.fits(nowAt.folder(), Bounds.FOLDER, "messageNowAt.folder");
        Bounds.fits(nowAt.messageId(), Bounds.MESSAGE_ID, "messageNowAt.messageId");
        partway.put(id, nowAt);
      }
    }

    /** Operations moved part of the way, by id; their old location is read in the transaction. */
    final Map<Long, MessageRef> partway = new LinkedHashMap<>();

    private static void checkAccount(Lease lease, long id, MessageRef to) {
      if (!to.account().equals(lease.account())) {
        throw new IllegalArgumentException(
            "outcome of operation "
                + id
                + ": location "
                + to
                + " is not in the lease's account "
                + lease.account());
      }
    }
  }

  private record FailKey(String error, @Nullable String reason) {}
}
