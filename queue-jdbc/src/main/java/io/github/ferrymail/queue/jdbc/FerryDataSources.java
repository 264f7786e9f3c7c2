package io.github.ferrymail.queue.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.core.internal.Args;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Builds HikariCP connection pools for the queue, for applications that have none of their own.
 * HikariCP is an optional dependency of {@code ferry-queue-jdbc}: an application that calls these
 * methods adds {@code com.zaxxer:HikariCP} itself; one that hands the store its own {@code
 * DataSource} brings no pool at all.
 */
public final class FerryDataSources {
  /** The default pool size: claims and outcomes are short transactions. */
  public static final int DEFAULT_MAXIMUM_POOL_SIZE = 4;

  private static final AtomicInteger POOLS = new AtomicInteger();

  private FerryDataSources() {}

  /**
   * A HikariCP pool of {@value #DEFAULT_MAXIMUM_POOL_SIZE} connections. Close it when done.
   *
   * @param jdbcUrl the JDBC URL, for example {@code jdbc:postgresql://localhost/app}
   * @param user the user, or null
   * @param password the password, or null; never logged
   * @return the pool, connected (it fails at once if the database cannot be reached)
   */
  public static HikariDataSource hikari(
      String jdbcUrl, @Nullable String user, @Nullable String password) {
    return hikari(jdbcUrl, user, password, DEFAULT_MAXIMUM_POOL_SIZE);
  }

  /**
   * A HikariCP pool. Close it when done.
   *
   * @param jdbcUrl the JDBC URL
   * @param user the user, or null
   * @param password the password, or null; never logged
   * @param maximumPoolSize the most connections, at least 1
   * @return the pool, connected (it fails at once if the database cannot be reached)
   */
  public static HikariDataSource hikari(
      String jdbcUrl, @Nullable String user, @Nullable String password, int maximumPoolSize) {
    Args.notBlank(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbcUrl must start with jdbc:");
    }
    Args.positive(maximumPoolSize, "maximumPoolSize");
    HikariConfig config = new HikariConfig();
    config.setPoolName("ferry-queue-" + POOLS.incrementAndGet());
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(Math.min(1, maximumPoolSize));
    return new HikariDataSource(config);
  }
}
