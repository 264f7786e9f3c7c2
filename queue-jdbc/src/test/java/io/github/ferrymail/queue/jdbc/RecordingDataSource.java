package io.github.ferrymail.queue.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A data source that, while recording, keeps every statement the store prepares with its bind
 * values, so that a tool can replay it under {@code EXPLAIN ANALYZE} exactly as the store sent it
 * (the store turns jOOQ's query log off: it would print bind values).
 */
final class RecordingDataSource {
  /** One prepared statement and the {@code set...} calls that bound its values. */
  record Statement(String sql, List<Bind> binds) {
    /** Prepares {@code prefix + sql} on a connection and binds the same values. */
    PreparedStatement prepare(Connection connection, String prefix) throws SQLException {
      PreparedStatement prepared = connection.prepareStatement(prefix + sql);
      for (Bind bind : binds) {
        try {
          bind.method().invoke(prepared, bind.args());
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new SQLException("cannot replay " + bind.method().getName(), e);
        }
      }
      return prepared;
    }
  }

  /** One {@code PreparedStatement.set...} call. */
  record Bind(Method method, Object[] args) {}

  /** What a proxy does with a call's result. */
  private interface Wrap {
    Object apply(Method method, Object[] args, Object result);
  }

  private final DataSource target;
  private final List<Statement> recorded = new ArrayList<>();
  private volatile boolean recording;

  RecordingDataSource(DataSource target) {
    this.target = target;
  }

  /** The data source to hand the store. */
  DataSource dataSource() {
    return proxy(
        DataSource.class,
        target,
        (method, args, result) ->
            result instanceof Connection
                ? proxy(Connection.class, result, this::onConnection)
                : result);
  }

  /** Starts recording, forgetting what was recorded before. */
  synchronized void start() {
    recorded.clear();
    recording = true;
  }

  /** Stops recording and returns what was recorded, in order. */
  synchronized List<Statement> stop() {
    recording = false;
    return List.copyOf(recorded);
  }

  private Object onConnection(Method method, Object[] args, Object result) {
    if (!recording || !(result instanceof PreparedStatement)) {
      return result;
    }
    List<Bind> binds = new ArrayList<>();
    synchronized (this) {
      recorded.add(new Statement((String) args[0], binds));
    }
    return proxy(
        PreparedStatement.class,
        result,
        (call, values, returned) -> {
          if (call.getName().startsWith("set") && values != null && values[0] instanceof Integer) {
            binds.add(new Bind(call, values.clone()));
          }
          return returned;
        });
  }

  private static <T> T proxy(Class<T> type, Object target, Wrap wrap) {
    InvocationHandler handler =
        (self, method, args) -> {
          try {
            return wrap.apply(method, args, method.invoke(target, args));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
