/**
 * Ferry's durable queue on a relational database: {@link
 * io.github.ferrymail.queue.jdbc.JooqPendingOperationStore} with jOOQ, its own migrations and a
 * helper for an optional HikariCP pool, on H2, PostgreSQL, MariaDB and SQLite.
 */
module io.github.ferrymail.queue.jdbc {
  requires transitive io.github.ferrymail.core;
  requires transitive java.sql;
  requires transitive org.jooq;
  // Optional: only FerryDataSources, whose methods return a HikariDataSource, needs it.
  requires static transitive com.zaxxer.hikari;
  requires org.slf4j;
  requires static org.jspecify;

  exports io.github.ferrymail.queue.jdbc;
}
