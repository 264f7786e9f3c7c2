package io.github.ferrymail.examples.support;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.queue.jdbc.JooqPendingOperationStore;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Ferry's durable queue on an embedded H2 database, migrated and ready: the set-up every example
 * shares. Close it to close the database's pool.
 */
public final class DemoQueue implements AutoCloseable {
  private final HikariDataSource database;
  private final JooqPendingOperationStore store;

  private DemoQueue(HikariDataSource database, Clock clock) {
    this.database = database;
    try {
      this.store = JooqPendingOperationStore.builder(database).clock(clock).build();
      store.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * A queue in a private in-memory database, gone once closed.
   *
   * @param name a readable part of the database's name
   * @return the queue
   */
  public static DemoQueue inMemory(String name) {
    return inMemory(name, Clock.systemUTC());
  }

  /**
   * A queue in a private in-memory database that reads the time from {@code clock}.
   *
   * @param name a readable part of the database's name
   * @param clock the queue's clock (share it with the processor)
   * @return the queue
   */
  public static DemoQueue inMemory(String name, Clock clock) {
    return new DemoQueue(ExampleDatabases.inMemory(name), clock);
  }

  /**
   * A queue in an H2 file database in {@code dir}, emptied first; the files stay afterwards, for a
   * look with any SQL tool ({@link ExampleDatabases#fileUrl}).
   *
   * @param dir the database's directory
   * @return the queue
   */
  public static DemoQueue inFile(Path dir) {
    return new DemoQueue(ExampleDatabases.freshFile(dir), Clock.systemUTC());
  }

  /**
   * The store: queue, count and look operations up.
   *
   * @return the store
   */
  public JooqPendingOperationStore store() {
    return store;
  }

  /**
   * The database, shared with the application's own tables.
   *
   * @return the pool
   */
  public DataSource dataSource() {
    return database;
  }

  @Override
  public void close() {
    database.close();
  }
}
