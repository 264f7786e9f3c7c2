package io.github.ferrymail.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** Command-line options of the bench programs: {@code --name=value}, each with a default. */
final class Options {
  private final Map<String, String> values = new HashMap<>();

  Options(String[] args) {
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 3) {
        throw new IllegalArgumentException("arguments look like --name=value: " + arg);
      }
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
  }

  int positiveInt(String name, int defaultValue) {
    String value = values.remove(name);
    if (value == null) {
      return defaultValue;
    }
    int parsed = Integer.parseInt(value);
    if (parsed < 1) {
      throw new IllegalArgumentException("--" + name + " must be at least 1: " + value);
    }
    return parsed;
  }

  int notNegativeInt(String name, int defaultValue) {
    String value = values.remove(name);
    if (value == null) {
      return defaultValue;
    }
    int parsed = Integer.parseInt(value);
    if (parsed < 0) {
      throw new IllegalArgumentException("--" + name + " must not be negative: " + value);
    }
    return parsed;
  }

  boolean flag(String name, boolean defaultValue) {
    String value = values.remove(name);
    return value == null ? defaultValue : Boolean.parseBoolean(value);
  }

  String string(String name, String defaultValue) {
    String value = values.remove(name);
    return value == null ? defaultValue : value;
  }

  /** Fails on options nobody asked for (typos). */
  void expectNoMore() {
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options: " + values.keySet());
    }
  }
}
