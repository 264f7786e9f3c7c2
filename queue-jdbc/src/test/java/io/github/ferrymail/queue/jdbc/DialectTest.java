package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

class DialectTest {
  @Test
  void productNamesAsTheDriversReportThemPickTheDialect() {
    assertThat(Dialect.fromProductName("H2 2.3.232 (2024-08-11)")).isEqualTo(Dialect.H2);
    assertThat(Dialect.fromProductName("PostgreSQL 15.20")).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialect.fromProductName("MariaDB 10.11.19-MariaDB-0+deb12u1"))
        .isEqualTo(Dialect.MARIADB);
    assertThat(Dialect.fromProductName("SQLite")).isEqualTo(Dialect.SQLITE);
    // MariaDB through a MySQL driver: the version names it.
    assertThat(Dialect.fromProductName("MySQL 5.5.5-10.11.19-MariaDB")).isEqualTo(Dialect.MARIADB);
  }

  @Test
  void unsupportedProductsAreRejectedByName() {
    assertThatThrownBy(() -> Dialect.fromProductName("MySQL 8.4.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MySQL 8.4.0")
        .hasMessageContaining("H2, PostgreSQL, MariaDB and SQLite");
    assertThatThrownBy(() -> Dialect.fromProductName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("productName");
  }

  @Test
  void eachDialectNamesItsJooqDialectAndMigrationFolder() {
    assertThat(Dialect.POSTGRESQL.sqlDialect()).isEqualTo(SQLDialect.POSTGRES);
    assertThat(Dialect.MARIADB.sqlDialect()).isEqualTo(SQLDialect.MARIADB);
    assertThat(Dialect.H2.sqlDialect()).isEqualTo(SQLDialect.H2);
    assertThat(Dialect.POSTGRESQL.migrationLocation()).isEqualTo("db/ferry/postgresql");
    assertThat(Dialect.MARIADB.migrationLocation()).isEqualTo("db/ferry/mariadb");
    assertThat(Dialect.H2.migrationLocation()).isEqualTo("db/ferry/h2");
    assertThat(Dialect.SQLITE.sqlDialect()).isEqualTo(SQLDialect.SQLITE);
    assertThat(Dialect.SQLITE.migrationLocation()).isEqualTo("db/ferry/sqlite");
  }
}
