package io.github.ferrymail.queue.jdbc;

import io.github.ferrymail.core.internal.Args;
import java.util.Locale;
import org.jooq.SQLDialect;

/**
 * The databases the JDBC queue supports. The store detects the dialect from the connection's
 * metadata unless the builder is given one.
 */
public enum Dialect {
  /** H2 2.x, the embedded default. */
  H2(SQLDialect.H2, "h2"),
  /** PostgreSQL 12 and later (tested with 15). */
  POSTGRESQL(SQLDialect.POSTGRES, "postgresql"),
  /** MariaDB 10.6 and later (tested with 10.11): SKIP LOCKED and INSERT RETURNING are needed. */
  MARIADB(SQLDialect.MARIADB, "mariadb"),
  /**
   * SQLite 3.35 and later (tested with the version {@code org.xerial:sqlite-jdbc} bundles), for a
   * desktop client's own database file: one writer at a time, so every store transaction takes the
   * write lock when it begins (see docs/databases.md, "SQLite").
   */
  SQLITE(SQLDialect.SQLITE, "sqlite");

  /** The folder under which each dialect's migrations live in the jar. */
  public static final String MIGRATIONS_ROOT = "db/ferry";

  private final SQLDialect sqlDialect;
  private final String folder;

  Dialect(SQLDialect sqlDialect, String folder) {
    this.sqlDialect = sqlDialect;
    this.folder = folder;
  }

  /**
   * The jOOQ dialect the store renders SQL for.
   *
   * @return the jOOQ dialect
   */
  public SQLDialect sqlDialect() {
    return sqlDialect;
  }

  /**
   * Where this dialect's migrations live in the jar, for embedders who run them with their own
   * tool: for example {@code db/ferry/postgresql}. The scripts use the placeholder {@code
   * ${table_prefix}}.
   *
   * @return the resource folder, without a leading or trailing slash
   */
  public String migrationLocation() {
    return MIGRATIONS_ROOT + "/" + folder;
  }

  /**
   * Picks the dialect for a JDBC database product name, as {@link
   * java.sql.DatabaseMetaData#getDatabaseProductName()} reports it.
   *
   * @param productName the product name, for example {@code "PostgreSQL"}
   * @return the dialect
   * @throws IllegalArgumentException when the product is not supported
   */
  public static Dialect fromProductName(String productName) {
    String name = Args.notBlank(productName, "productName").toLowerCase(Locale.ROOT);
    if (name.contains("h2")) {
      return H2;
    }
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.contains("mariadb")) {
      return MARIADB;
    }
    if (name.contains("sqlite")) {
      return SQLITE;
    }
    throw new IllegalArgumentException(
        "unsupported database '"
            + productName
            + "': the JDBC queue supports H2, PostgreSQL, MariaDB and SQLite"
            + " (MySQL is untested; see docs/databases.md)");
  }
}
