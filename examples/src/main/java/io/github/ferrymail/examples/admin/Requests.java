package io.github.ferrymail.examples.admin;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the admin API's parameters from a request, refusing bad ones with a 400 that names them.
 */
final class Requests {
  private Requests() {}

  /** The query parameters, decoded; each may be given once. */
  static Map<String, String> query(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawQuery();
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (params.put(name, value) != null) {
        throw HttpProblem.badRequest("query parameter '" + name + "' is given more than once");
      }
    }
    return params;
  }

  /** The required {@code account} parameter. */
  static String account(Map<String, String> params) {
    String account = params.get("account");
    if (account == null || account.isBlank()) {
      throw HttpProblem.badRequest(
          "query parameter 'account' is required and must not be blank, e.g. ?account=alice");
    }
    return account;
  }

  /** An optional whole-number parameter within bounds. */
  static long number(Map<String, String> params, String name, long fallback, long min, long max) {
    String text = params.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below, like a number out of bounds
    }
    throw HttpProblem.badRequest(
        "query parameter '"
            + name
            + "' must be a whole number from "
            + min
            + " to "
            + max
            + ": "
            + text);
  }

  /**
   * The operation id that ends the path after {@code prefix}, for example 42 in {@code
   * /api/sync/retry/42}.
   */
  static long pathId(String path, String prefix) {
    String text = path.substring(prefix.length());
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below, like a non-positive id
    }
    throw HttpProblem.badRequest("the operation id must be a positive whole number: " + text);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("malformed query string: " + e.getMessage());
    }
  }
}
