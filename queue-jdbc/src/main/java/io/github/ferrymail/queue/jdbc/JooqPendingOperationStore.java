package io.github.ferrymail.queue.jdbc;

import io.github.ferrymail.core.Checkpoint;
import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.StoreException;
import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.core.spi.AccountPause;
import io.github.ferrymail.core.spi.Claim;
import io.github.ferrymail.core.spi.FinishedOperation;
import io.github.ferrymail.core.spi.Lease;
import io.github.ferrymail.core.spi.Outcome;
import io.github.ferrymail.core.spi.Page;
import io.github.ferrymail.core.spi.PageRequest;
import io.github.ferrymail.core.spi.PendingOperationStore;
import io.github.ferrymail.queue.jdbc.internal.Claimer;
import io.github.ferrymail.queue.jdbc.internal.Enqueuer;
import io.github.ferrymail.queue.jdbc.internal.Fencing;
import io.github.ferrymail.queue.jdbc.internal.FinishedRows;
import io.github.ferrymail.queue.jdbc.internal.Leases;
import io.github.ferrymail.queue.jdbc.internal.Listings;
import io.github.ferrymail.queue.jdbc.internal.Maintenance;
import io.github.ferrymail.queue.jdbc.internal.Migrations;
import io.github.ferrymail.queue.jdbc.internal.OutcomeWriter;
import io.github.ferrymail.queue.jdbc.internal.StoreContext;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The durable {@link PendingOperationStore} on H2, PostgreSQL, MariaDB or SQLite, written with jOOQ
 * (no generated code) and migrated by its own scripts ({@link #migrate()}).
 *
 * <pre>{@code
 * HikariDataSource pool = FerryDataSources.hikari("jdbc:postgresql://db/app", "app", secret);
 * JooqPendingOperationStore store = JooqPendingOperationStore.builder(pool).build();
 * store.migrate(); // creates ferry_operations, ferry_accounts, ferry_schema_history
 *
 * // Inside the application's own transaction: both commit, or neither does.
 * try (Connection tx = pool.getConnection()) {
 *   tx.setAutoCommit(false);
 *   markReadLocally(tx, messageId);
 *   store.queue(tx, NewOperation.of(Operation.markRead(ref), messageId));
 *   tx.commit();
 * }
 * }</pre>
 *
 * <p>Every method runs in a short transaction of its own on a connection from the data source,
 * except the {@code queue} variants that take the caller's {@link Connection} or {@link
 * DSLContext}. "Now" is the store's {@link Clock}, never the database's, and timestamps are kept at
 * microsecond precision. Text that cannot fit its column (see docs/databases.md) is rejected with
 * an {@link IllegalArgumentException} naming the field, except errors and reasons, which are
 * truncated to 2000 characters. A row that cannot be read back fails with an error naming the
 * problem when a claim reaches it, without holding up the account's other operations.
 *
 * <p>Thread-safe; any number of instances, in any number of processes, may share one database. On
 * SQLite, which has one writer at a time, they take turns: every transaction of the store takes the
 * write lock when it begins, waiting as the connection's {@code busy_timeout} says (see
 * docs/databases.md, "SQLite", for what a desktop client configures).
 */
public final class JooqPendingOperationStore implements PendingOperationStore {

  /** The default table prefix: tables {@code ferry_operations} and {@code ferry_accounts}. */
  public static final String DEFAULT_TABLE_PREFIX = "ferry_";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String tablePrefix;
  private final Enqueuer enqueuer;
  private final Claimer claimer;
  private final Fencing fencing;
  private final Leases leases;
  private final Listings listings;
  private final Maintenance maintenance;
  private final OutcomeWriter outcomeWriter;
  private final FinishedRows finishedRows;

  private JooqPendingOperationStore(
      DataSource dataSource,
      Dialect dialect,
      String tablePrefix,
      Clock clock,
      @Nullable OutcomeHook outcomeHook) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.tablePrefix = tablePrefix;
    StoreContext context = new StoreContext(dataSource, dialect, tablePrefix, clock);
    this.enqueuer = new Enqueuer(context);
    this.claimer = new Claimer(context);
    this.fencing = new Fencing(context);
    this.leases = new Leases(context);
    this.listings = new Listings(context);
    this.maintenance = new Maintenance(context);
    this.outcomeWriter = new OutcomeWriter(context, outcomeHook);
    this.finishedRows = new FinishedRows(context);
  }

  /**
   * Starts a builder.
   *
   * @param dataSource the pool the store takes its connections from (see {@link
   *     FerryDataSources#hikari})
   * @return the builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The database dialect in use.
   *
   * @return the dialect
   */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * The table prefix in use.
   *
   * @return the prefix, for example {@code ferry_}
   */
  public String tablePrefix() {
    return tablePrefix;
  }

  /**
   * Creates or updates the queue's tables, keeping Ferry's own history table ({@code
   * <prefix>schema_history}, in Flyway's format) so that it never meets the application's
   * migrations. No migration tool is needed: Ferry applies its scripts itself, under a database
   * lock (an advisory lock on PostgreSQL, a named lock on MariaDB, a lock of the JVM on H2 and
   * SQLite, with retries for other processes), so it is safe to call on every start and from
   * several instances at once; a schema that is up to date is left alone. A history that lists a
   * failed script, or a script whose checksum differs from the jar's, stops it with a {@link
   * StoreException} naming the script. Embedders who run their own migration tool use {@link
   * QueueSchema} instead.
   *
   * @return how many migrations ran (0 when the schema was up to date)
   * @throws StoreException when the migration fails
   */
  public int migrate() {
    return Migrations.migrate(dataSource, dialect, tablePrefix);
  }

  @Override
  public PendingOperation queue(NewOperation operation) {
    return queueAll(List.of(Args.notNull(operation, "operation"))).get(0);
  }

  @Override
  public List<PendingOperation> queueAll(List<NewOperation> operations) {
    return enqueuer.queueAll(operations);
  }

  /**
   * Queues an operation inside the caller's transaction: the insert runs on {@code connection},
   * which is neither committed nor closed, so the application's own change and the queued operation
   * commit or roll back together. (With auto-commit on, the operation is committed at once.) The
   * connection must reach the store's database and see its tables.
   *
   * @param connection the caller's connection
   * @param operation the operation
   * @return the stored row (visible to workers once the caller commits)
   * @throws StoreException when the insert fails; the caller's transaction is then to be rolled
   *     back
   */
  public PendingOperation queue(Connection connection, NewOperation operation) {
    return queueAll(connection, List.of(Args.notNull(operation, "operation"))).get(0);
  }

  /**
   * Queues several operations inside the caller's transaction, in list order. See {@link
   * #queue(Connection, NewOperation)}.
   *
   * @param connection the caller's connection
   * @param operations the operations; not empty
   * @return the stored rows, in list order
   */
  public List<PendingOperation> queueAll(Connection connection, List<NewOperation> operations) {
    return enqueuer.queueAll(connection, operations);
  }

  /**
   * Queues an operation inside the caller's jOOQ transaction, for example within {@code
   * ctx.transaction(cfg -> store.queue(cfg.dsl(), op))}. See {@link #queue(Connection,
   * NewOperation)}.
   *
   * @param ctx the caller's jOOQ context, bound to its transaction's connection
   * @param operation the operation
   * @return the stored row
   */
  public PendingOperation queue(DSLContext ctx, NewOperation operation) {
    return queueAll(ctx, List.of(Args.notNull(operation, "operation"))).get(0);
  }

  /**
   * Queues several operations inside the caller's jOOQ transaction. See {@link #queue(DSLContext,
   * NewOperation)}.
   *
   * @param ctx the caller's jOOQ context
   * @param operations the operations; not empty
   * @return the stored rows, in list order
   */
  public List<PendingOperation> queueAll(DSLContext ctx, List<NewOperation> operations) {
    Args.notNull(ctx, "ctx");
    Args.notEmpty(operations, "operations");
    return ctx.connectionResult(connection -> enqueuer.queueAll(connection, operations));
  }

  @Override
  public Optional<PendingOperation> get(long id) {
    return listings.get(id);
  }

  @Override
  public Optional<Claim> claim(String account, String owner, Duration leaseDuration, int limit) {
    return claimer.claim(account, owner, UUID.randomUUID().toString(), leaseDuration, limit);
  }

  @Override
  public Optional<Claim> claim(
      String account, String owner, String token, Duration leaseDuration, int limit) {
    return claimer.claim(account, owner, token, leaseDuration, limit);
  }

  @Override
  public Lease renew(Lease lease, Duration leaseDuration) {
    return leases.renew(lease, leaseDuration);
  }

  @Override
  public void release(Lease lease) {
    leases.release(lease);
  }

  @Override
  public int record(Lease lease, List<Outcome> outcomes) {
    return outcomeWriter.record(lease, outcomes);
  }

  @Override
  public void saveCheckpoints(Lease lease, Map<Long, Checkpoint> checkpoints) {
    outcomeWriter.saveCheckpoints(lease, checkpoints);
  }

  @Override
  public List<FinishedOperation> finishedSince(String account, long afterSequence, int limit) {
    return finishedRows.since(account, afterSequence, limit);
  }

  @Override
  public int remap(Lease lease, MessageRef from, MessageRef to) {
    return fencing.remap(lease, from, to);
  }

  @Override
  public void pauseAccount(Lease lease, Instant until, String reason) {
    leases.pauseAccount(lease, until, reason);
  }

  @Override
  public boolean resumeAccount(String account) {
    return leases.resumeAccount(account);
  }

  @Override
  public int pausesInARow(String account) {
    return leases.pausesInARow(account);
  }

  @Override
  public Map<String, Instant> pausedAccounts() {
    Map<String, Instant> paused = new LinkedHashMap<>();
    leases.accountPauses().forEach((account, pause) -> paused.put(account, pause.until()));
    return Collections.unmodifiableMap(paused);
  }

  @Override
  public Map<String, AccountPause> accountPauses() {
    return leases.accountPauses();
  }

  @Override
  public Optional<Instant> nextDue(String account) {
    return listings.nextDue(Args.notBlank(account, "account"));
  }

  @Override
  public int removeAccount(String account) {
    return maintenance.removeAccount(Args.notBlank(account, "account"));
  }

  @Override
  public Page<PendingOperation> getPending(String account, PageRequest page) {
    return listings.pending(account, page);
  }

  @Override
  public Page<PendingOperation> getFailed(String account, PageRequest page) {
    return listings.failed(account, page);
  }

  @Override
  public Page<PendingOperation> getConflicts(String account, PageRequest page) {
    return listings.conflicts(account, page);
  }

  @Override
  public boolean resolveConflict(long id, boolean keepLocal) {
    return maintenance.resolveConflict(id, keepLocal);
  }

  @Override
  public boolean retry(long id) {
    return maintenance.retry(id);
  }

  @Override
  public int retryAllFailed(String account) {
    return maintenance.retryAllFailed(account);
  }

  @Override
  public boolean discard(long id) {
    return maintenance.discard(id);
  }

  @Override
  public int pruneFinished(Instant finishedBefore, int maxRows) {
    return maintenance.pruneFinished(finishedBefore, maxRows);
  }

  @Override
  public List<String> accountsWithDueOperations(int limit) {
    return listings.accountsWithDueOperations(limit);
  }

  @Override
  public Optional<Instant> oldestDue() {
    return listings.oldestDue();
  }

  @Override
  public Map<OperationStatus, Long> countByStatus(@Nullable String account) {
    return listings.countByStatus(account);
  }

  @Override
  public String toString() {
    return "JooqPendingOperationStore[" + dialect + ", " + tablePrefix + "*]";
  }

  /** Configures a {@link JooqPendingOperationStore}. Every setter checks its argument at once. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable Dialect dialect;
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private Clock clock = Clock.systemUTC();
    private @Nullable OutcomeHook outcomeHook;

    private Builder(DataSource dataSource) {
      this.dataSource = Args.notNull(dataSource, "dataSource");
    }

    /**
     * Sets the dialect. Without it, {@link #build()} detects it from the connection's metadata.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = Args.notNull(dialect, "dialect");
      return this;
    }

    /**
     * Sets the prefix of the queue's tables and of its history table (default {@value
     * JooqPendingOperationStore#DEFAULT_TABLE_PREFIX}): 1 to 32 lower-case letters, digits or
     * underscores, starting with a letter.
     *
     * @param tablePrefix the prefix
     * @return this builder
     */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = StoreContext.checkPrefix(Args.notNull(tablePrefix, "tablePrefix"));
      return this;
    }

    /**
     * Sets the clock that says what "now" is (default: the system clock in UTC). Tests pass a
     * {@code SettableClock} from {@code ferry-testing}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Args.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets a hook that runs inside every transaction that records outcomes, on its connection, so
     * that the application's own update (a moved message's new UID) commits with the completion.
     * See {@link OutcomeHook} for what it may and may not do.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder outcomeHook(OutcomeHook hook) {
      this.outcomeHook = Args.notNull(hook, "outcomeHook");
      return this;
    }

    /**
     * Builds the store; detects the dialect first if none was set, which opens one connection.
     *
     * @return the store
     * @throws StoreException when the dialect must be detected and the database cannot be reached
     * @throws IllegalArgumentException when the database is not one the store supports
     */
    public JooqPendingOperationStore build() {
      Dialect chosen = dialect != null ? dialect : detect(dataSource);
      return new JooqPendingOperationStore(dataSource, chosen, tablePrefix, clock, outcomeHook);
    }

    private static Dialect detect(DataSource dataSource) {
      try (Connection connection = dataSource.getConnection()) {
        DatabaseMetaData meta = connection.getMetaData();
        // MariaDB reached through a MySQL driver reports "MySQL" with a version naming MariaDB.
        return Dialect.fromProductName(
            meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
      } catch (SQLException e) {
        throw new StoreException("could not detect the database dialect", e);
      }
    }
  }
}
