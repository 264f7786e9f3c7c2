package io.github.ferrymail.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} in front of another that counts what the code using it asks of the database:
 *
 * <ul>
 *   <li><b>commits</b>: calls of {@link Connection#commit()}, plus every statement executed while
 *       the connection is in auto-commit mode (each is a transaction of its own), plus a {@code
 *       setAutoCommit(true)} that ends a transaction with statements in it (JDBC commits it);
 *   <li><b>statements</b>: calls of {@code execute}, {@code executeQuery}, {@code executeUpdate},
 *       {@code executeLargeUpdate} and {@code executeBatch} (a batch counts once: one round trip);
 *   <li><b>rollbacks</b>: calls of {@link Connection#rollback()};
 *   <li>the wall time of every execution, per SQL text ({@link #slowestStatements}).
 * </ul>
 *
 * <p>Built from {@link Proxy}s over the JDBC interfaces, so it works with any driver and pool. What
 * the pool does on its own connections (Hikari's resets on return) is not seen, as it should not
 * be: it is not the code under test.
 */
final class CountingDataSource {
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong rollbacks = new AtomicLong();
  private final Map<String, LongAdder[]> bySql = new ConcurrentHashMap<>();
  private final DataSource dataSource;

  /** What was counted, at one moment. */
  record Counts(long commits, long statements, long rollbacks) {
    Counts minus(Counts earlier) {
      return new Counts(
          commits - earlier.commits,
          statements - earlier.statements,
          rollbacks - earlier.rollbacks);
    }
  }

  CountingDataSource(DataSource target) {
    this.dataSource =
        proxy(
            DataSource.class,
            target,
            (method, args, result, nanos) ->
                method.getName().equals("getConnection")
                    ? connection((Connection) result)
                    : result);
  }

  /** The counting data source, to hand to the code under test. */
  DataSource dataSource() {
    return dataSource;
  }

  /** What was counted so far. */
  Counts counts() {
    return new Counts(commits.get(), statements.get(), rollbacks.get());
  }

  /** Forgets the time per statement measured so far. */
  void resetStatementTimes() {
    bySql.clear();
  }

  /**
   * The {@code n} statements that took the longest in all, since the last reset: {@code "10213 ms
   * in 11 executions of SELECT ..."}, the SQL cut to 160 characters (bind values never appear).
   */
  String slowestStatements(int n) {
    return bySql.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, LongAdder[]> e) -> e.getValue()[1].sum())
                .reversed())
        .limit(n)
        .map(
            e ->
                String.format(
                    Locale.ROOT,
                    "%.0f ms in %d executions of %s",
                    e.getValue()[1].sum() / 1e6,
                    e.getValue()[0].sum(),
                    e.getKey()))
        .collect(Collectors.joining("; "));
  }

  private LongAdder timeOf(@Nullable String sql) {
    String key = sql == null ? "(unknown)" : sql.replaceAll("\\s+", " ").trim();
    if (key.length() > 160) {
      key = key.substring(0, 160) + "...";
    }
    LongAdder[] sums =
        bySql.computeIfAbsent(key, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    sums[0].increment();
    return sums[1];
  }

  private Connection connection(Connection target) {
    boolean[] dirty = {false}; // statements run since the last end of a transaction
    Connection[] self = new Connection[1];
    self[0] =
        proxy(
            Connection.class,
            target,
            new After() {
              @Override
              public void before(Method method, Object[] args) throws Exception {
                String name = method.getName();
                if (name.equals("setAutoCommit")
                    && (Boolean) args[0]
                    && !target.getAutoCommit()
                    && dirty[0]) {
                  commits.incrementAndGet(); // JDBC commits the open transaction
                }
              }

              @Override
              public Object after(Method method, Object[] args, Object result, long nanos) {
                switch (method.getName()) {
                  case "commit":
                    commits.incrementAndGet();
                    dirty[0] = false;
                    return result;
                  case "setAutoCommit":
                    if ((Boolean) args[0]) {
                      dirty[0] = false;
                    }
                    return result;
                  case "rollback":
                    if (args == null) {
                      rollbacks.incrementAndGet();
                      dirty[0] = false;
                    }
                    return result;
                  case "createStatement":
                    return statement(
                        Statement.class, (Statement) result, null, target, dirty, self);
                  case "prepareStatement":
                    return statement(
                        PreparedStatement.class,
                        (PreparedStatement) result,
                        (String) args[0],
                        target,
                        dirty,
                        self);
                  case "prepareCall":
                    return statement(
                        CallableStatement.class,
                        (CallableStatement) result,
                        (String) args[0],
                        target,
                        dirty,
                        self);
                  default:
                    return result;
                }
              }
            });
    return self[0];
  }

  private <S extends Statement> S statement(
      Class<S> type,
      S target,
      @Nullable String prepared,
      Connection connection,
      boolean[] dirty,
      Connection[] owner) {
    return proxy(
        type,
        target,
        (method, args, result, nanos) -> {
          String name = method.getName();
          if (name.startsWith("execute")) {
            statements.incrementAndGet();
            String sql = prepared;
            if (sql == null && args != null && args.length > 0 && args[0] instanceof String) {
              sql = (String) args[0];
            }
            timeOf(sql).add(nanos);
            if (connection.getAutoCommit()) {
              commits.incrementAndGet();
            } else {
              dirty[0] = true;
            }
          } else if (name.equals("getConnection")) {
            return owner[0];
          }
          return result;
        });
  }

  /** What happens around a call on the real object. */
  @FunctionalInterface
  private interface After {
    default void before(Method method, Object[] args) throws Exception {}

    Object after(Method method, Object[] args, Object result, long nanos) throws Exception;
  }

  private static <T> T proxy(Class<T> type, T target, After hooks) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "equals":
              if (method.getParameterCount() == 1) {
                return proxy == args[0];
              }
              break;
            case "hashCode":
              if (method.getParameterCount() == 0) {
                return System.identityHashCode(proxy);
              }
              break;
            default:
              break;
          }
          hooks.before(method, args);
          Object result;
          long start = System.nanoTime();
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return hooks.after(method, args, result, System.nanoTime() - start);
        };
    return type.cast(
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
