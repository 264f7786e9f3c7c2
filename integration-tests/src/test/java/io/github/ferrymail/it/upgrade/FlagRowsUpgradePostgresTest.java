package io.github.ferrymail.it.upgrade;

import io.github.ferrymail.it.support.PostgresSchema;
import io.github.ferrymail.queue.jdbc.Dialect;
import org.junit.jupiter.api.Tag;

/** The 0.1 queue upgraded and processed on PostgreSQL, in a schema of its own. */
@Tag("postgres")
class FlagRowsUpgradePostgresTest extends AbstractFlagRowsUpgradeTest {
  @Override
  Scratch database() {
    PostgresSchema schema = PostgresSchema.create();
    return new Scratch() {
      @Override
      public String url() {
        return schema.url();
      }

      @Override
      public String user() {
        return PostgresSchema.USER;
      }

      @Override
      public String password() {
        return PostgresSchema.PASSWORD;
      }

      @Override
      public Dialect dialect() {
        return Dialect.POSTGRESQL;
      }

      @Override
      public void close() {
        schema.close();
      }
    };
  }
}
