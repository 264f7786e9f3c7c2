package io.github.ferrymail.queue.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** One test's scratch database, the pools opened on it, and how to drop it. */
final class Scratch implements AutoCloseable {
  /** Drops the scratch database. */
  @FunctionalInterface
  interface Drop {
    void run() throws SQLException;
  }

  final TestDatabase database;
  final String url;
  final String user;
  final String password;
  private final Drop drop;
  private final List<HikariDataSource> pools = new ArrayList<>();

  Scratch(TestDatabase database, String url, String user, String password, Drop drop) {
    this.database = database;
    this.url = url;
    this.user = user;
    this.password = password;
    this.drop = drop;
  }

  Dialect dialect() {
    return database.dialect;
  }

  /** A new pool on the scratch database, closed with it. */
  synchronized HikariDataSource pool(int size) {
    HikariDataSource pool = FerryDataSources.hikari(url, user, password, size);
    pools.add(pool);
    return pool;
  }

  /** A plain connection, for the test's own SQL. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** A store on a new pool, with the given prefix; not migrated. */
  JooqPendingOperationStore store(Clock clock, String prefix) {
    return JooqPendingOperationStore.builder(pool(3)).tablePrefix(prefix).clock(clock).build();
  }

  /** A migrated store with the default prefix on a new pool. */
  JooqPendingOperationStore migratedStore(Clock clock) {
    JooqPendingOperationStore store = store(clock, JooqPendingOperationStore.DEFAULT_TABLE_PREFIX);
    store.migrate();
    return store;
  }

  synchronized void closePool(HikariDataSource pool) {
    pools.remove(pool);
    pool.close();
  }

  @Override
  public synchronized void close() throws SQLException {
    pools.forEach(HikariDataSource::close);
    pools.clear();
    drop.run();
  }
}
