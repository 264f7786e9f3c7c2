package io.github.ferrymail.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One statement as the code under test sent it: its SQL, every {@code setXxx(index, value)} call in
 * order (the first set of a JDBC batch), how many bind sets a batch had, and the isolation level
 * the code had set on the connection (or -1 when it had set none).
 */
record CapturedStatement(String sql, List<Bind> binds, int batchSize, int isolation) {

  /** One {@code setXxx} call on the prepared statement: the method and its arguments. */
  record Bind(Method setter, Object[] args) {
    @Override
    public String toString() {
      Object value = args.length > 1 ? args[1] : null;
      String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
      return args[0] + ": " + setter.getName() + "(" + shown + ")";
    }
  }

  /** Makes the same {@code setXxx} calls, with the same values, on another prepared statement. */
  void bindTo(PreparedStatement statement) throws SQLException {
    for (Bind bind : binds) {
      try {
        bind.setter().invoke(statement, bind.args());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof SQLException s) {
          throw s;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** The bind values for a report: {@code 1: setString('account-0000'), 2: ...}. */
  String describeBinds() {
    return binds.stream().map(Bind::toString).collect(Collectors.joining(", "));
  }

  /** The SQL on one line, cut to {@code max} characters, for headings. */
  String shortSql(int max) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() <= max ? flat : flat.substring(0, max) + "...";
  }

  @Override
  public String toString() {
    return shortSql(120) + " [" + binds.size() + " binds]";
  }
}
