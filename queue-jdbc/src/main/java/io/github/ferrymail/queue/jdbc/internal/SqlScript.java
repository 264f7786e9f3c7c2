package io.github.ferrymail.queue.jdbc.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One migration script as shipped in the jar ({@code V4__operation_payload.sql}): its version,
 * description, checksum and statements.
 *
 * <p>The version, description and checksum are computed exactly as Flyway computes them, so that a
 * history table written by Flyway (Ferry 0.1 and 0.2 before its own runner) and one written by
 * {@link SchemaMigrator} read the same, and either tool can carry on after the other.
 */
final class SqlScript {
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  private final String fileName;
  private final int version;
  private final String text;

  SqlScript(String fileName, String text) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a migration script name: " + fileName);
    }
    this.fileName = fileName;
    this.version = Integer.parseInt(m.group(1));
    this.text = text;
  }

  String fileName() {
    return fileName;
  }

  int version() {
    return version;
  }

  /** As Flyway describes it: the name after {@code __}, underscores as spaces. */
  String description() {
    Matcher m = NAME.matcher(fileName);
    m.matches();
    return m.group(2).replace('_', ' ');
  }

  /**
   * Flyway's checksum: the CRC-32 of the script's lines in UTF-8, line breaks left out, before
   * placeholders are replaced.
   */
  int checksum() {
    CRC32 crc = new CRC32();
    try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
      boolean first = true;
      for (String line; (line = lines.readLine()) != null; ) {
        if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
        first = false;
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (int) crc.getValue();
  }

  /**
   * The statements, the placeholder replaced, split at semicolons outside quotes and comments.
   *
   * @param placeholder the placeholder's name, {@code table_prefix}
   * @param value what it stands for
   */
  List<String> statements(String placeholder, String value) {
    return split(text.replace("${" + placeholder + "}", value));
  }

  /** Splits at {@code ;} outside {@code '...'}, {@code "..."}, {@code `...`} and comments. */
  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = sql.length();
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end;
        current.append('\n');
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated /* comment in a migration script");
        }
        i = end + 1;
        current.append(' ');
      } else if (c == '\'' || c == '"' || c == '`') {
        int end = closing(sql, i, c);
        current.append(sql, i, end + 1);
        i = end;
      } else if (c == ';') {
        add(statements, current);
      } else {
        current.append(c);
      }
    }
    add(statements, current);
    return statements;
  }

  /** Where the quote opened at {@code start} closes; a doubled quote is part of the text. */
  private static int closing(String sql, int start, char quote) {
    for (int i = start + 1; i < sql.length(); i++) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i++;
        } else {
          return i;
        }
      }
    }
    throw new IllegalArgumentException("unterminated " + quote + " quote in a migration script");
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }
}
