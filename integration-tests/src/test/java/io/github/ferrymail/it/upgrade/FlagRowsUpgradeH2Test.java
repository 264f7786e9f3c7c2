package io.github.ferrymail.it.upgrade;

import io.github.ferrymail.queue.jdbc.Dialect;
import java.util.UUID;

/** The 0.1 queue upgraded and processed on an in-memory H2 database. */
class FlagRowsUpgradeH2Test extends AbstractFlagRowsUpgradeTest {
  @Override
  Scratch database() {
    String url = "jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return new Scratch() {
      @Override
      public String url() {
        return url;
      }

      @Override
      public String user() {
        return "sa";
      }

      @Override
      public String password() {
        return "";
      }

      @Override
      public Dialect dialect() {
        return Dialect.H2;
      }

      @Override
      public void close() {}
    };
  }
}
