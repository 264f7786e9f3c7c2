package io.github.ferrymail.queue.jdbc.internal;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.queue.jdbc.Dialect;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Queues operations, in the store's own transaction or in the caller's. */
public final class Enqueuer {
  private static final Logger LOG = LoggerFactory.getLogger(Enqueuer.class);

  /** Rows per INSERT statement: far below every driver's bind-value limit. */
  private static final int ROWS_PER_INSERT = 500;

  private final StoreContext c;

  /**
   * Creates the enqueuer.
   *
   * @param context the store's context
   */
  public Enqueuer(StoreContext context) {
    this.c = context;
  }

  /**
   * Queues operations in one transaction of the store's own.
   *
   * @param operations the operations
   * @return the stored rows
   */
  public List<PendingOperation> queueAll(List<NewOperation> operations) {
    List<NewOperation> checked = check(operations);
    if (checked.size() <= ROWS_PER_INSERT) {
      // One INSERT statement: atomic by itself.
      return c.tx.single(describe(checked), ctx -> insert(ctx, checked));
    }
    return c.tx.inTransaction(describe(checked), ctx -> insert(ctx, checked));
  }

  /**
   * Queues operations on the caller's connection, inside whatever transaction it has open; the
   * connection is neither committed nor closed.
   *
   * @param connection the caller's connection
   * @param operations the operations
   * @return the stored rows
   */
  public List<PendingOperation> queueAll(Connection connection, List<NewOperation> operations) {
    Args.notNull(connection, "connection");
    List<NewOperation> checked = check(operations);
    try {
      return insert(c.tx.on(connection), checked);
    } catch (DataAccessException e) {
      throw Transactor.wrap(describe(checked), e);
    }
  }

  private static String describe(List<NewOperation> operations) {
    return "queue "
        + operations.size()
        + " operation(s) for account "
        + operations.get(0).account();
  }

  private static List<NewOperation> check(List<NewOperation> operations) {
    Args.notEmpty(operations, "operations");
    for (NewOperation request : operations) {
      MessageRef m = request.operation().message();
      Bounds.fits(m.account(), Bounds.ACCOUNT, "account");
      Bounds.fits(m.folder(), Bounds.FOLDER, "folder");
      Bounds.fits(m.messageId(), Bounds.MESSAGE_ID, "messageId");
      Bounds.fits(request.operation().destination(), Bounds.FOLDER, "destination");
      Bounds.fits(
          request.operation().payload(), Bounds.PAYLOAD, request.operation().kind() + " payload");
      Bounds.fits(request.messageKey(), Bounds.MESSAGE_KEY, "messageKey");
    }
    return List.copyOf(operations);
  }

  private List<PendingOperation> insert(DSLContext ctx, List<NewOperation> operations) {
    OperationsTable o = c.o;
    Instant now = c.now();
    List<PendingOperation> stored = new ArrayList<>(operations.size());
    for (List<NewOperation> chunk : Chunks.of(operations, ROWS_PER_INSERT)) {
      InsertValuesStepN<Record> insert =
          ctx.insertInto(
              o.table,
              List.of(
                  o.account,
                  o.kind,
                  o.folder,
                  o.uidValidity,
                  o.uid,
                  o.messageId,
                  o.destination,
                  o.payload,
                  o.messageKey,
                  o.status,
                  o.attempts,
                  o.createdAt,
                  o.nextAttemptAt));
      for (NewOperation request : chunk) {
        MessageRef m = request.operation().message();
        insert =
            insert.values(
                Arrays.asList(
                    m.account(),
                    request.operation().kind().name(),
                    m.folder(),
                    m.uidValidity(),
                    m.uid(),
                    m.messageId(),
                    request.operation().destination(),
                    request.operation().payload(),
                    request.messageKey(),
                    OperationStatus.PENDING.name(),
                    0,
                    now,
                    now.plus(request.hold())));
      }
      // One multi-row INSERT numbers its rows in list order; the returned ids are sorted so that
      // they pair up with the list whatever order the driver hands them back in.
      long[] ids = returnedIds(ctx, insert).stream().mapToLong(Long::longValue).sorted().toArray();
      if (ids.length != chunk.size()) {
        throw new IllegalStateException(
            "the database returned " + ids.length + " ids for " + chunk.size() + " rows");
      }
      for (int i = 0; i < ids.length; i++) {
        NewOperation request = chunk.get(i);
        stored.add(
            new PendingOperation(
                ids[i],
                request.operation(),
                request.messageKey(),
                OperationStatus.PENDING,
                0,
                now,
                null,
                now.plus(request.hold()),
                null,
                null,
                null));
      }
    }
    LOG.debug("queued {} operation(s), ids {} to {}", stored.size(), first(stored), last(stored));
    return List.copyOf(stored);
  }

  /**
   * Runs the insert and returns the ids of its rows. On SQLite jOOQ reads them through the driver's
   * generated keys, which hold the last row's only: there the statement says {@code RETURNING}
   * itself (SQLite 3.35 and later).
   */
  private List<Long> returnedIds(DSLContext ctx, InsertValuesStepN<Record> insert) {
    if (c.vendor.dialect == Dialect.SQLITE) {
      return ctx.fetch("{0} returning {1}", insert, c.o.id.getUnqualifiedName())
          .getValues(0, Long.class);
    }
    return insert.returningResult(c.o.id).fetch().getValues(0, Long.class);
  }

  private static long first(List<PendingOperation> ops) {
    return ops.get(0).id();
  }

  private static long last(List<PendingOperation> ops) {
    return ops.get(ops.size() - 1).id();
  }
}
