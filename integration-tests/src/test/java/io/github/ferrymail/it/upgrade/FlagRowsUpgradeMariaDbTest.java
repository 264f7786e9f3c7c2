package io.github.ferrymail.it.upgrade;

import io.github.ferrymail.it.support.MariaDbDatabase;
import io.github.ferrymail.queue.jdbc.Dialect;
import org.junit.jupiter.api.Tag;

/** The 0.1 queue upgraded and processed on MariaDB, in a database of its own. */
@Tag("mariadb")
class FlagRowsUpgradeMariaDbTest extends AbstractFlagRowsUpgradeTest {
  @Override
  Scratch database() {
    MariaDbDatabase database = MariaDbDatabase.create();
    return new Scratch() {
      @Override
      public String url() {
        return database.url();
      }

      @Override
      public String user() {
        return MariaDbDatabase.USER;
      }

      @Override
      public String password() {
        return "";
      }

      @Override
      public Dialect dialect() {
        return Dialect.MARIADB;
      }

      @Override
      public void close() {
        database.close();
      }
    };
  }
}
