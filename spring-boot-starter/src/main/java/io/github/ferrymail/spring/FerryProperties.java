package io.github.ferrymail.spring;

import io.github.ferrymail.core.processor.ConflictPolicy;
import io.github.ferrymail.core.processor.QueueAdmin;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.imap.ImapOperationExecutor;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ferry's settings under {@code ferry.*}. Every default is the library's own ({@code DEFAULT_*} of
 * {@link QueueProcessor}, {@link ImapOperationExecutor} and {@link JooqPendingOperationStore});
 * anything not here is set by a {@link FerryProcessorCustomizer} or {@link FerryStoreCustomizer}
 * bean.
 */
@ConfigurationProperties("ferry")
public class FerryProperties {
  /** Whether Ferry is configured at all. */
  private boolean enabled = true;

  /** Whether the queue's tables are created or upgraded when the application starts. */
  private boolean migrate = true;

  /** The prefix of Ferry's table names. */
  private String tablePrefix = JooqPendingOperationStore.DEFAULT_TABLE_PREFIX;

  /**
   * How long an operation queued through the {@code QueueAdmin} bean (or the processor) without a
   * hold of its own is not due: the undo window. None by default.
   */
  private Duration defaultHold = QueueAdmin.DEFAULT_HOLD;

  private final Processor processor = new Processor();

  private final Health health = new Health();

  private final Imap imap = new Imap();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isMigrate() {
    return migrate;
  }

  public void setMigrate(boolean migrate) {
    this.migrate = migrate;
  }

  public String getTablePrefix() {
    return tablePrefix;
  }

  public void setTablePrefix(String tablePrefix) {
    this.tablePrefix = tablePrefix;
  }

  public Duration getDefaultHold() {
    return defaultHold;
  }

  public void setDefaultHold(Duration defaultHold) {
    this.defaultHold = defaultHold;
  }

  public Processor getProcessor() {
    return processor;
  }

  public Health getHealth() {
    return health;
  }

  public Imap getImap() {
    return imap;
  }

  /** The queue processor: {@code ferry.processor.*}. */
  public static class Processor {
    /**
     * Whether the background workers start with the application context (and stop with it). Off,
     * the processor bean still exists, for an application that drives it itself.
     */
    private boolean autoStart = true;

    /** This worker's id in leases; by default the host name and a random suffix. */
    private @Nullable String workerId;

    /** How many accounts are processed at once. */
    private int workerThreads = QueueProcessor.DEFAULT_WORKER_THREADS;

    /** How often the background poller looks for due accounts. */
    private Duration pollInterval = QueueProcessor.DEFAULT_POLL_INTERVAL;

    /** How long a claim holds an account unless renewed. */
    private Duration leaseDuration = QueueProcessor.DEFAULT_LEASE_DURATION;

    /** The most operations one claim takes. */
    private int claimLimit = QueueProcessor.DEFAULT_CLAIM_LIMIT;

    /** The most messages in one IMAP command. */
    private int maxBatchSize = QueueProcessor.DEFAULT_MAX_BATCH_SIZE;

    /** How long closing waits for running passes. */
    private Duration shutdownTimeout = QueueProcessor.DEFAULT_SHUTDOWN_TIMEOUT;

    /** What a flag change that met another client's change becomes. */
    private ConflictPolicy conflictPolicy = QueueProcessor.DEFAULT_CONFLICT_POLICY;

    public boolean isAutoStart() {
      return autoStart;
    }

    public void setAutoStart(boolean autoStart) {
      this.autoStart = autoStart;
    }

    public @Nullable String getWorkerId() {
      return workerId;
    }

    public void setWorkerId(@Nullable String workerId) {
      this.workerId = workerId;
    }

    public int getWorkerThreads() {
      return workerThreads;
    }

    public void setWorkerThreads(int workerThreads) {
      this.workerThreads = workerThreads;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public Duration getLeaseDuration() {
      return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
    }

    public int getClaimLimit() {
      return claimLimit;
    }

    public void setClaimLimit(int claimLimit) {
      this.claimLimit = claimLimit;
    }

    public int getMaxBatchSize() {
      return maxBatchSize;
    }

    public void setMaxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public ConflictPolicy getConflictPolicy() {
      return conflictPolicy;
    }

    public void setConflictPolicy(ConflictPolicy conflictPolicy) {
      this.conflictPolicy = conflictPolicy;
    }
  }

  /** The actuator health indicator: {@code ferry.health.*}. */
  public static class Health {
    /** Above this many failed operations the queue reports DOWN; unset, failures never do. */
    private @Nullable Long maxFailed;

    /** Above this age of the oldest due operation the queue reports DOWN; unset, never. */
    private @Nullable Duration maxDueAge;

    public @Nullable Long getMaxFailed() {
      return maxFailed;
    }

    public void setMaxFailed(@Nullable Long maxFailed) {
      this.maxFailed = maxFailed;
    }

    public @Nullable Duration getMaxDueAge() {
      return maxDueAge;
    }

    public void setMaxDueAge(@Nullable Duration maxDueAge) {
      this.maxDueAge = maxDueAge;
    }
  }

  /** The IMAP executor's session pool: {@code ferry.imap.*}. */
  public static class Imap {
    /** The most IMAP sessions open at once over all accounts. */
    private int maxSessions = ImapOperationExecutor.DEFAULT_MAX_SESSIONS;

    /** The most IMAP sessions of one account open at once. */
    private int maxSessionsPerAccount = ImapOperationExecutor.DEFAULT_MAX_SESSIONS_PER_ACCOUNT;

    /** How long an unused IMAP session stays open before it is logged out. */
    private Duration idleTimeout = ImapOperationExecutor.DEFAULT_IDLE_TIMEOUT;

    /** How long a batch waits for a session when every place is taken. */
    private Duration acquireTimeout = ImapOperationExecutor.DEFAULT_ACQUIRE_TIMEOUT;

    public int getMaxSessions() {
      return maxSessions;
    }

    public void setMaxSessions(int maxSessions) {
      this.maxSessions = maxSessions;
    }

    public int getMaxSessionsPerAccount() {
      return maxSessionsPerAccount;
    }

    public void setMaxSessionsPerAccount(int maxSessionsPerAccount) {
      this.maxSessionsPerAccount = maxSessionsPerAccount;
    }

    public Duration getIdleTimeout() {
      return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    public Duration getAcquireTimeout() {
      return acquireTimeout;
    }

    public void setAcquireTimeout(Duration acquireTimeout) {
      this.acquireTimeout = acquireTimeout;
    }
  }
}
