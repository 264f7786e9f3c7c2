package io.github.ferrymail.queue.jdbc.internal;

import static io.github.ferrymail.queue.jdbc.internal.StoreContext.statusIn;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.noCondition;

import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.Record2;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads: one operation, the pending and failed listings, counts, and the accounts with work. Reads
 * never write; a row that cannot be read back is left out of a listing (with a warning) and is
 * failed by the next claim that reaches it.
 */
public final class Listings {
  private static final Logger LOG = LoggerFactory.getLogger(Listings.class);

  private final StoreContext c;
  private final DueAccounts dueAccounts;

  /**
   * Creates the listings.
   *
   * @param context the store's context
   */
  public Listings(StoreContext context) {
    this.c = context;
    this.dueAccounts = new DueAccounts(context);
  }

  /**
   * Reads one operation.
   *
   * @param id the id
   * @return the operation, or empty
   * @throws io.github.ferrymail.core.CorruptOperationException when the row cannot be read back
   */
  public Optional<PendingOperation> get(long id) {
    OperationsTable o = c.o;
    Optional<Record> row =
        c.tx.single(
            "read operation " + id,
            ctx -> ctx.select(o.all).from(o.table).where(o.id.eq(id)).fetchOptional());
    if (row.isEmpty()) {
      return Optional.empty();
    }
    RowReader.Decoded decoded = c.reader.read(row.get());
    if (decoded instanceof RowReader.Corrupt) {
      throw ((RowReader.Corrupt) decoded).problem();
    }
    return Optional.of(((RowReader.Good) decoded).operation());
  }

  /**
   * Lists an account's pending and in-flight operations.
   *
   * @param account the account
   * @param page the page
   * @return the page
   */
  public Page<PendingOperation> pending(String account, PageRequest page) {
    return list(
        account,
        page,
        statusIn(c.o, OperationStatus.PENDING, OperationStatus.IN_FLIGHT),
        "pending");
  }

  /**
   * Lists an account's failed operations.
   *
   * @param account the account
   * @param page the page
   * @return the page
   */
  public Page<PendingOperation> failed(String account, PageRequest page) {
    return list(account, page, statusIn(c.o, OperationStatus.FAILED), "failed");
  }

  /**
   * Lists an account's operations in conflict.
   *
   * @param account the account
   * @param page the page
   * @return the page
   */
  public Page<PendingOperation> conflicts(String account, PageRequest page) {
    return list(account, page, statusIn(c.o, OperationStatus.CONFLICT), "conflicting");
  }

  private Page<PendingOperation> list(
      String account, PageRequest page, Condition status, String which) {
    Args.notBlank(account, "account");
    Args.notNull(page, "page");
    OperationsTable o = c.o;
    List<Record> rows =
        c.tx.single(
            "list " + which + " operations of account " + account,
            ctx ->
                ctx.select(o.all)
                    .from(o.table)
                    .where(o.account.eq(account))
                    .and(status)
                    .and(o.id.gt(page.afterId()))
                    .orderBy(o.id)
                    .limit(page.size() + 1)
                    .fetch());
    // Paging is decided on the rows read, so that a left-out row never hides the next page.
    Page<Record> raw = Page.fromLookahead(rows, page, row -> row.get(o.id));
    List<PendingOperation> items = new ArrayList<>(raw.items().size());
    for (Record row : raw.items()) {
      RowReader.Decoded decoded = c.reader.read(row);
      if (decoded instanceof RowReader.Good) {
        items.add(((RowReader.Good) decoded).operation());
      } else {
        LOG.warn(
            "leaving out an operation that cannot be read back",
            ((RowReader.Corrupt) decoded).problem());
      }
    }
    return new Page<>(items, raw.next());
  }

  /**
   * Counts operations per status.
   *
   * @param account the account, or null for all
   * @return a count for every status
   */
  public Map<OperationStatus, Long> countByStatus(@Nullable String account) {
    if (account != null) {
      Args.notBlank(account, "account");
    }
    OperationsTable o = c.o;
    Condition which = account == null ? noCondition() : o.account.eq(account);
    Map<OperationStatus, Long> counts = new EnumMap<>(OperationStatus.class);
    for (OperationStatus status : OperationStatus.values()) {
      counts.put(status, 0L);
    }
    List<Record2<String, Integer>> rows =
        c.tx.single(
            "count operations",
            ctx ->
                ctx.select(o.status, count()).from(o.table).where(which).groupBy(o.status).fetch());
    for (Record2<String, Integer> row : rows) {
      try {
        counts.merge(OperationStatus.parse(row.value1()), (long) row.value2(), Long::sum);
      } catch (IllegalArgumentException e) {
        LOG.warn(
            "{} operation(s) with an unknown status are not counted: {}",
            row.value2(),
            e.getMessage());
      }
    }
    return counts;
  }

  /**
   * The earliest next-attempt time of the pending operations due now, all accounts.
   *
   * @return the time, or empty when nothing is due
   */
  public Optional<Instant> oldestDue() {
    OperationsTable o = c.o;
    Instant now = c.now();
    return Optional.ofNullable(
        c.tx.single(
            "find the oldest due operation",
            ctx ->
                ctx.select(min(o.nextAttemptAt))
                    .from(o.table)
                    .where(statusIn(o, OperationStatus.PENDING))
                    .and(o.nextAttemptAt.le(now))
                    .fetchOne(0, Instant.class)));
  }

  /**
   * When the account next has claimable work: its pending operations' earliest next attempt, not
   * before its pause ends.
   *
   * @param account the account
   * @return the time, or empty when nothing is pending
   */
  public Optional<Instant> nextDue(String account) {
    OperationsTable o = c.o;
    AccountsTable a = c.a;
    Instant now = c.now();
    return c.tx.inTransaction(
        "find when account " + account + " is next due",
        ctx -> {
          Instant earliest =
              ctx.select(min(o.nextAttemptAt))
                  .from(o.table)
                  .where(o.account.eq(account))
                  .and(statusIn(o, OperationStatus.PENDING))
                  .fetchOne(0, Instant.class);
          if (earliest == null) {
            return Optional.<Instant>empty();
          }
          Instant pausedUntil =
              ctx.select(a.pausedUntilRead)
                  .from(a.table)
                  .where(a.account.eq(account))
                  .and(a.pausedUntil.gt(now))
                  .fetchOne(a.pausedUntilRead);
          return Optional.of(
              pausedUntil != null && pausedUntil.isAfter(earliest) ? pausedUntil : earliest);
        });
  }

  /**
   * Accounts with due operations that do not wait behind a retry, no live lease and no pause,
   * oldest work first: the accounts a claim would hand work. See {@link DueAccounts} for how this
   * stays cheap on a large queue.
   *
   * @param limit the most accounts
   * @return the accounts
   */
  public List<String> accountsWithDueOperations(int limit) {
    Args.positive(limit, "limit");
    return c.tx.single(
        "find accounts with due operations", ctx -> dueAccounts.find(ctx, c.now(), limit));
  }
}
