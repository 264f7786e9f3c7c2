package io.github.ferrymail.queue.jdbc;

import io.github.ferrymail.core.internal.Args;
import io.github.ferrymail.queue.jdbc.internal.Migrations;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue's schema for embedders who run their own migration tool instead of {@link
 * JooqPendingOperationStore#migrate()}: the complete DDL, or the scripts' locations in the jar. The
 * scripts are plain SQL with one placeholder, {@code ${table_prefix}}, in Flyway's naming ({@code
 * V<n>__<description>.sql}), so Flyway or Liquibase's {@code sqlFile} can run them as they are.
 */
public final class QueueSchema {
  /** The placeholder the scripts use for the table prefix: {@code ${table_prefix}}. */
  public static final String PREFIX_PLACEHOLDER = Migrations.PREFIX_PLACEHOLDER;

  /**
   * The history table's name after the prefix: {@code ferry_schema_history}. {@link
   * JooqPendingOperationStore#migrate()} keeps it in Flyway's format, so Flyway can carry on from
   * it.
   */
  public static final String HISTORY_TABLE_SUFFIX = Migrations.HISTORY_TABLE;

  private QueueSchema() {}

  /**
   * The complete DDL with the default prefix {@value
   * JooqPendingOperationStore#DEFAULT_TABLE_PREFIX}.
   *
   * @param dialect the database
   * @return the SQL script, statements separated by semicolons
   */
  public static String ddl(Dialect dialect) {
    return ddl(dialect, JooqPendingOperationStore.DEFAULT_TABLE_PREFIX);
  }

  /**
   * The complete DDL for a table prefix: every migration in order, the placeholder replaced.
   *
   * @param dialect the database
   * @param tablePrefix the table prefix
   * @return the SQL script, statements separated by semicolons
   */
  public static String ddl(Dialect dialect, String tablePrefix) {
    Args.notNull(dialect, "dialect");
    Args.notNull(tablePrefix, "tablePrefix");
    return Migrations.ddl(dialect, tablePrefix);
  }

  /**
   * The class-path resources of a dialect's migrations, in order, for example {@code
   * db/ferry/postgresql/V1__create_queue.sql}. They use the placeholder {@value
   * #PREFIX_PLACEHOLDER}.
   *
   * @param dialect the database
   * @return the resource paths
   */
  public static List<String> migrationResources(Dialect dialect) {
    Args.notNull(dialect, "dialect");
    List<String> paths = new ArrayList<>();
    for (String script : Migrations.SCRIPTS) {
      paths.add(dialect.migrationLocation() + "/" + script);
    }
    return List.copyOf(paths);
  }
}
