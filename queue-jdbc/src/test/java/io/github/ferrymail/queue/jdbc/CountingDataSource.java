package io.github.ferrymail.queue.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Counts what a store does to the database: commits (explicit, and every statement run in
 * auto-commit mode) and statements executed (a JDBC batch counts once: it is one round trip).
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
    return proxy(
        Connection.class,
        target,
        (method, result) -> {
          if (method.getName().equals("commit")) {
            commits.incrementAndGet();
          }
          return result instanceof Statement ? statement((Statement) result, target) : result;
        });
  }

  private Object statement(Statement target, Connection connection) {
    Class<?> type =
        target instanceof java.sql.PreparedStatement
            ? java.sql.PreparedStatement.class
            : Statement.class;
    return proxy(
        type,
        target,
        (method, result) -> {
          String name = method.getName();
          if (name.startsWith("execute")) {
            statements.incrementAndGet();
            if (connection.getAutoCommit()) {
              commits.incrementAndGet();
            }
          }
          return result;
        });
  }

  @FunctionalInterface
  private interface After {
    Object apply(Method method, Object result) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Object target, After after) {
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
              return after.apply(method, result);
            });
  }
}
