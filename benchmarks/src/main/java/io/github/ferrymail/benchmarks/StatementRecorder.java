package io.github.ferrymail.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} in front of another that records, while {@link #record} runs, every
 * statement the code using it executes: the SQL given to {@code prepareStatement} and every {@code
 * setXxx(index, value)} call, in order ({@link CapturedStatement}).
 *
 * <p>A dry run turns each {@code commit()} into a {@code rollback()}: the store's call runs its
 * real statements against the real data and then leaves nothing behind, so the same statements can
 * be replayed (under {@code EXPLAIN}) against the same rows. A statement other than a query in
 * auto-commit mode would commit by itself, so a dry run refuses it.
 *
 * <p>Every statement gets a query timeout, so that a statement that would run for hours is
 * cancelled and reported instead. Built from {@link Proxy}s over the JDBC interfaces, as {@link
 * CountingDataSource} is; only one call is recorded at a time.
 */
final class StatementRecorder {
  private final DataSource dataSource;
  private final List<CapturedStatement> captured = new ArrayList<>();
  private volatile boolean recording;
  private volatile boolean dryRun;

  /** Every statement's query timeout in seconds ({@link Statement#setQueryTimeout}), 0 for none. */
  private final int queryTimeoutSeconds;

  /**
   * What a recorded call returned (null when it failed), how it failed (null when it did not), and
   * the statements it sent, the failed one included.
   */
  record Recorded<T>(
      @Nullable T result, @Nullable Exception failure, List<CapturedStatement> statements) {}

  StatementRecorder(DataSource target, int queryTimeoutSeconds) {
    this.queryTimeoutSeconds = queryTimeoutSeconds;
    this.dataSource =
        proxy(
            DataSource.class,
            target,
            (method, args) -> {
              Object result = invoke(method, target, args);
              return method.getName().equals("getConnection")
                  ? connection((Connection) result)
                  : result;
            });
  }

  /** The recording data source, to hand to the store. */
  DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code call}, recording its statements.
   *
   * @param dry whether commits become rollbacks
   */
  synchronized <T> Recorded<T> record(boolean dry, Callable<T> call) throws Exception {
    synchronized (captured) {
      captured.clear();
    }
    dryRun = dry;
    recording = true;
    try {
      T result = call.call();
      synchronized (captured) {
        return new Recorded<>(result, null, List.copyOf(captured));
      }
    } catch (RuntimeException e) {
      synchronized (captured) {
        return new Recorded<>(null, e, List.copyOf(captured));
      }
    } finally {
      recording = false;
      dryRun = false;
    }
  }

  private Connection connection(Connection target) {
    int[] isolation = {-1};
    Connection[] self = new Connection[1];
    self[0] =
        proxy(
            Connection.class,
            target,
            (method, args) -> {
              switch (method.getName()) {
                case "commit":
                  if (recording && dryRun) {
                    target.rollback();
                    return null;
                  }
                  break;
                case "setAutoCommit":
                  if (recording && dryRun && (Boolean) args[0] && !target.getAutoCommit()) {
                    target.rollback(); // JDBC would commit the open transaction
                  }
                  break;
                case "setTransactionIsolation":
                  isolation[0] = (Integer) args[0];
                  break;
                default:
                  break;
              }
              Object result = invoke(method, target, args);
              switch (method.getName()) {
                case "createStatement":
                  return statement(
                      Statement.class, (Statement) result, null, target, isolation, self);
                case "prepareStatement":
                  return statement(
                      PreparedStatement.class,
                      (PreparedStatement) result,
                      (String) args[0],
                      target,
                      isolation,
                      self);
                case "prepareCall":
                  return statement(
                      CallableStatement.class,
                      (CallableStatement) result,
                      (String) args[0],
                      target,
                      isolation,
                      self);
                default:
                  return result;
              }
            });
    return self[0];
  }

  private <S extends Statement> S statement(
      Class<S> type,
      S target,
      @Nullable String prepared,
      Connection connection,
      int[] isolation,
      Connection[] owner) {
    if (queryTimeoutSeconds > 0) {
      try {
        target.setQueryTimeout(queryTimeoutSeconds);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("could not set the query timeout", e);
      }
    }
    List<CapturedStatement.Bind> binds = new ArrayList<>();
    List<CapturedStatement.Bind> firstOfBatch = new ArrayList<>();
    int[] batched = {0};
    return proxy(
        type,
        target,
        (method, args) -> {
          String name = method.getName();
          if (name.startsWith("set")
              && args != null
              && args.length >= 2
              && args[0] instanceof Integer) {
            binds.add(new CapturedStatement.Bind(method, args.clone()));
          } else if (name.equals("clearParameters")) {
            binds.clear();
          } else if (name.equals("addBatch") && (args == null || args.length == 0)) {
            if (batched[0]++ == 0) {
              firstOfBatch.addAll(binds);
            }
          } else if (name.startsWith("execute") && recording) {
            String sql = prepared;
            if (sql == null && args != null && args.length > 0 && args[0] instanceof String) {
              sql = (String) args[0];
            }
            if (sql == null) {
              sql = "(unknown)";
            }
            if (dryRun && connection.getAutoCommit() && !isQuery(sql)) {
              throw new IllegalStateException(
                  "a dry run would commit this statement (auto-commit): " + sql);
            }
            boolean batch = name.equals("executeBatch");
            CapturedStatement statement =
                new CapturedStatement(
                    sql,
                    List.copyOf(batch ? firstOfBatch : binds),
                    batch ? batched[0] : 1,
                    isolation[0]);
            synchronized (captured) {
              captured.add(statement);
            }
            if (batch) {
              batched[0] = 0;
              firstOfBatch.clear();
            }
          } else if (name.equals("getConnection")) {
            return owner[0];
          }
          return invoke(method, target, args);
        });
  }

  private static boolean isQuery(String sql) {
    return sql.trim().toLowerCase(Locale.ROOT).startsWith("select");
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** What happens instead of a call on the real object. */
  @FunctionalInterface
  private interface Handler {
    Object handle(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Handler handler) {
    InvocationHandler h =
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
          return handler.handle(method, args);
        };
    return type.cast(
        Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), new Class<?>[] {type}, h));
  }
}
