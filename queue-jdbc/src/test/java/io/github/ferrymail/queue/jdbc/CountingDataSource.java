package io.github.ferrymail.queue.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Counts what a store does to the database: commits (explicit, and every statement run in
 * auto-commit mode) and statements executed (a JDBC batch counts once: it is one round trip). On
 * SQLite the store begins and commits with statements of their own; those count as the commit.
 */
final class CountingDataSource {
  final AtomicInteger commits = new AtomicInteger();
  final AtomicInteger statements = new AtomicInteger();
  final DataSource dataSource;

  CountingDataSource(DataSource target) {
    this.dataSource =
        proxy(
            DataSource.class,
            target,
            (method, result) ->
                result instanceof Connection ? connection((Connection) result) : result);
  }

  private Connection connection(Connection target) {
    AtomicBoolean begun = new AtomicBoolean();
    return proxy(
        Connection.class,
        target,
        (method, result) -> {
          if (method.getName().equals("commit")) {
            commits.incrementAndGet();
          }
          return result instanceof Statement
              ? statement((Statement) result, target, begun)
              : result;
        });
  }

  private Object statement(Statement target, Connection connection, AtomicBoolean begun) {
    Class<?> type =
        target instanceof java.sql.PreparedStatement
            ? java.sql.PreparedStatement.class
            : Statement.class;
    return proxyWithArguments(
        type,
        target,
        (method, args, result) -> {
          String name = method.getName();
          if (name.startsWith("execute")) {
            String sql =
                args != null && args.length > 0 && args[0] instanceof String
                    ? ((String) args[0]).strip().toUpperCase(Locale.ROOT)
                    : "";
            if (sql.startsWith("BEGIN")) {
              // SQLite's BEGIN IMMEDIATE on a connection in auto-commit mode: what
              // setAutoCommit(false) is elsewhere, no statement of the work.
              begun.set(true);
            } else if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) {
              begun.set(false);
              if (sql.equals("COMMIT")) {
                commits.incrementAndGet();
              }
            } else {
              statements.incrementAndGet();
              if (connection.getAutoCommit() && !begun.get()) {
                commits.incrementAndGet();
              }
            }
          }
          return result;
        });
  }

  @FunctionalInterface
  private interface After {
    Object apply(Method method, Object result) throws Exception;
  }

  @FunctionalInterface
  private interface AfterCall {
    Object apply(Method method, Object[] args, Object result) throws Exception;
  }

  private static <T> T proxy(Class<T> type, Object target, After after) {
    return proxyWithArguments(type, target, (method, args, result) -> after.apply(method, result));
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxyWithArguments(Class<T> type, Object target, AfterCall after) {
    return (T)
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              Object result;
              try {
                result = method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              return after.apply(method, args, result);
            });
  }
}
