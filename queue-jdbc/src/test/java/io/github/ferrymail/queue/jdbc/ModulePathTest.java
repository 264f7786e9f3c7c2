package io.github.ferrymail.queue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ferrymail.core.MessageRef;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store on the module path: the module and its dependencies are loaded into a module layer of
 * their own (the tests themselves run on the class path), so that encapsulation applies. The
 * migrations must be found and run there, and only the API package must be exported. Neither Flyway
 * nor HikariCP is in the layer: the module resolves and works without them.
 */
class ModulePathTest {
  private static final String MODULE = "io.github.ferrymail.queue.jdbc";

  @Test
  void theStoreMigratesAndQueuesOnTheModulePath() throws Exception {
    ModuleLayer layer = layer();
    ClassLoader loader = layer.findLoader(MODULE);

    Object dataSource =
        loader.loadClass("org.h2.jdbcx.JdbcDataSource").getConstructor().newInstance();
    dataSource
        .getClass()
        .getMethod("setURL", String.class)
        .invoke(dataSource, "jdbc:h2:mem:modules_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Class<?> storeClass = loader.loadClass(MODULE + ".JooqPendingOperationStore");
    Object builder =
        storeClass.getMethod("builder", javax.sql.DataSource.class).invoke(null, dataSource);
    Object store = builder.getClass().getMethod("build").invoke(builder);

    // The scripts' folder is a package of the module, closed to class-path scanning...
    assertThat(loader.getResource("db/ferry/h2/V1__create_queue.sql")).isNull();
    // ...yet the store finds and runs them.
    assertThat(storeClass.getMethod("migrate").invoke(store))
        .isEqualTo(io.github.ferrymail.queue.jdbc.internal.Migrations.SCRIPTS.size());
    assertThat(storeClass.getMethod("migrate").invoke(store)).isEqualTo(0);

    // Queue an operation through the layer's own core classes.
    Class<?> ref = loader.loadClass(MessageRef.class.getName());
    Object message =
        ref.getMethod("of", String.class, String.class, long.class, long.class)
            .invoke(null, "acct", "INBOX", 7L, 1L);
    Class<?> operation = loader.loadClass("io.github.ferrymail.core.Operation");
    Object markRead = operation.getMethod("markRead", ref).invoke(null, message);
    Method queue = storeClass.getMethod("queue", operation);
    Object queued = queue.invoke(store, markRead);
    assertThat(queued.toString()).contains("status=PENDING");

    Class<?> schema = loader.loadClass(MODULE + ".QueueSchema");
    Class<?> dialect = loader.loadClass(MODULE + ".Dialect");
    Object postgres = dialect.getField("POSTGRESQL").get(null);
    assertThat((String) schema.getMethod("ddl", dialect).invoke(null, postgres))
        .contains("CREATE TABLE ferry_operations");

    Module module = layer.findModule(MODULE).orElseThrow();
    assertThat(module.getDescriptor().exports())
        .extracting(export -> export.source())
        .containsExactly(MODULE);
    assertThat(module.isExported(MODULE + ".internal")).isFalse();
  }

  /** Our module and what it needs, from the test class path, resolved as named modules. */
  private static ModuleLayer layer() throws URISyntaxException {
    List<Path> paths = new ArrayList<>();
    for (Class<?> type :
        List.of(
            JooqPendingOperationStore.class, // target/classes: this module
            MessageRef.class, // ferry-core
            org.jooq.DSLContext.class,
            io.r2dbc.spi.ConnectionFactory.class,
            org.reactivestreams.Publisher.class,
            org.slf4j.LoggerFactory.class,
            org.h2.Driver.class)) {
      paths.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }
    ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
    Configuration configuration =
        ModuleLayer.boot()
            .configuration()
            .resolve(finder, ModuleFinder.of(), Set.of(MODULE, "com.h2database"));
    return ModuleLayer.boot()
        .defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
  }
}
