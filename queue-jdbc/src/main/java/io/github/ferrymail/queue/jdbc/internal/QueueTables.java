package io.github.ferrymail.queue.jdbc.internal;

import java.util.regex.Pattern;

/** The queue's two tables for one table prefix. */
final class QueueTables {
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  final String prefix;
  final OperationsTable ops;
  final AccountsTable accounts;

  QueueTables(String prefix, Vendor vendor) {
    this.prefix = checkPrefix(prefix);
    this.ops =
        new OperationsTable(prefix + OperationsTable.NAME, prefix + OperationsTable.NAME, vendor);
    this.accounts = new AccountsTable(prefix + AccountsTable.NAME, vendor);
  }

  /**
   * Checks a table prefix: lower-case letters, digits and underscores, starting with a letter, at
   * most 32 characters, so that every derived name is a plain identifier on every database.
   */
  static String checkPrefix(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must be 1 to 32 lower-case letters, digits or underscores, starting with a"
              + " letter: '"
              + prefix
              + "'");
    }
    return prefix;
  }
}
