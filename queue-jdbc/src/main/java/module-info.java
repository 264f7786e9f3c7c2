/**
 * Ferry's durable queue on a relational database: {@link
 * io.github.ferrymail.queue.jdbc.JooqPendingOperationStore} with jOOQ, Flyway migrations and a
 * HikariCP helper, on H2, PostgreSQL and MariaDB.
 */
module io.github.ferrymail.queue.jdbc {
  requires transitive io.github.ferrymail.core;
  requires transitive java.sql;
  requires transitive org.jooq;
  // Optional: only FerryDataSources, whose methods return a HikariDataSource, needs it.
  requires static transitive com.zaxxer.hikari;
  // Flyway names no module; this is the name the module system derives from its jar.
  requires flyway.core;
  requires org.slf4j;
  requires static org.jspecify;

  exports io.github.ferrymail.queue.jdbc;
}
