package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.StoreException;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The builder, the schema helper and the pool helper: checks at once, clear errors. */
class BuilderTest {
  private final JdbcDataSource unreachable = new JdbcDataSource();

  BuilderTest() {
    // IFEXISTS: H2 refuses to create the database, as a server that is down refuses connections.
    unreachable.setURL("jdbc:h2:mem:does_not_exist;IFEXISTS=TRUE");
  }

  @Test
  void theBuilderChecksEachArgumentAtOnce() {
    assertThatThrownBy(() -> JooqPendingOperationStore.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("dataSource");
    JooqPendingOperationStore.Builder builder = JooqPendingOperationStore.builder(unreachable);
    assertThatThrownBy(() -> builder.dialect(null)).hasMessageContaining("dialect");
    assertThatThrownBy(() -> builder.clock(null)).hasMessageContaining("clock");
    assertThatThrownBy(() -> builder.tablePrefix(null)).hasMessageContaining("tablePrefix");
    for (String bad :
        new String[] {"", "Ferry_", "1ferry", "ferry-", "ferry_;drop", "a".repeat(33)}) {
      assertThatThrownBy(() -> builder.tablePrefix(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tablePrefix");
    }
    assertThat(builder.tablePrefix("app2_ferry_").dialect(Dialect.H2).build().tablePrefix())
        .isEqualTo("app2_ferry_");
  }

  @Test
  void detectingTheDialectOfAnUnreachableDatabaseIsAStoreException() {
    assertThatThrownBy(() -> JooqPendingOperationStore.builder(unreachable).build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("detect the database dialect")
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void everyCallOnAnUnreachableDatabaseIsAStoreExceptionKeepingTheDriversCause() {
    JooqPendingOperationStore store =
        JooqPendingOperationStore.builder(unreachable).dialect(Dialect.H2).build();

    assertThatThrownBy(() -> store.queue(Operation.markRead(JdbcStoreTestBase.msg("acct", 1))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("queue 1 operation(s) for account acct")
        .hasRootCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> store.claim("acct", "w1", java.time.Duration.ofMinutes(1), 5))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("claim account acct");
    assertThatThrownBy(store::migrate)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("migrate");
  }

  @Test
  void theDdlIsThereForEveryDialectWithThePrefixFilledIn() {
    for (Dialect dialect : Dialect.values()) {
      String ddl = QueueSchema.ddl(dialect);
      assertThat(ddl)
          .as(dialect.name())
          .contains("CREATE TABLE ferry_operations")
          .contains("CREATE TABLE ferry_accounts")
          .contains("ferry_operations_claim_ix")
          .doesNotContain("${");
      assertThat(QueueSchema.ddl(dialect, "crm_q_")).contains("CREATE TABLE crm_q_operations");
    }
    assertThat(QueueSchema.ddl(Dialect.POSTGRESQL))
        .contains("WHERE status IN ('PENDING', 'IN_FLIGHT')");
    assertThatThrownBy(() -> QueueSchema.ddl(Dialect.H2, "x;drop"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePoolHelperChecksItsArgumentsAndConnects() {
    assertThatThrownBy(() -> FerryDataSources.hikari("postgresql://x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbcUrl");
    assertThatThrownBy(() -> FerryDataSources.hikari("jdbc:h2:mem:x", "u", "p", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumPoolSize");
    try (var pool = FerryDataSources.hikari("jdbc:h2:mem:pool_helper", "sa", null)) {
      JooqPendingOperationStore store = JooqPendingOperationStore.builder(pool).build();
      assertThat(store.dialect()).isEqualTo(Dialect.H2);
      assertThat(pool.getMaximumPoolSize()).isEqualTo(FerryDataSources.DEFAULT_MAXIMUM_POOL_SIZE);
    }
  }
}
