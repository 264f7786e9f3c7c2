package io.github.ferrymail.benchmarks;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A queue of {@code rows} operations over {@code accounts} accounts, written by set-based SQL
 * (PostgreSQL {@code generate_series}, MariaDB's SEQUENCE engine, H2 {@code SYSTEM_RANGE}) with the
 * values the store itself writes: what {@code Enqueuer} inserts, what a claim, a {@code record} of
 * completions (with relocations for moves, and feed places) and a reschedule leave.
 *
 * <p>Row {@code g} (1 to {@code rows}, its id) belongs to account {@code (g - 1) % accounts} as its
 * {@code k}-th operation, {@code k = (g - 1) / accounts}, so every account's operations are spread
 * over the whole id range, as queued round-robin. Per account:
 *
 * <ul>
 *   <li>messages: operations {@code k = 3m} and {@code 3m + 1} are on one message (a mark-read,
 *       then a move), {@code 3m + 2} on one of its own (a flag, mark-unread, trash or mark-read);
 *       UID {@code 2k / 3 + 1} in {@code INBOX}, UIDVALIDITY 1700000000;
 *   <li>the oldest 15% ({@code k < completed}) are COMPLETED, with their feed place ({@code
 *       finish_seq = k + 1}) and, for moves and trashes, where the message went;
 *   <li>of the others, every 17th ({@code k % 17 == 0}, 5% of all) is PENDING after a failed
 *       attempt, its retry a day away; a move queued after such a mark-read waits behind it;
 *   <li>the rest (80%) are PENDING and due, as queued.
 * </ul>
 *
 * <p>Each account has its row in the accounts table, without a lease, its feed at {@code
 * completed}: as after its last release.
 */
final class SyntheticQueue {
  static final int ROWS_PER_STATEMENT = 100_000;
  static final long UID_VALIDITY = 1_700_000_000L;
  static final int RETRY_EVERY = 17;
  static final String RETRY_ERROR = "NO [UNAVAILABLE] Mailbox is locked, try again later";

  private final ScratchDatabase.Kind kind;
  private final String prefix;
  private final int rows;
  private final int accounts;
  private final Instant base;

  /**
   * @param base "now" at the fill: the operations were queued one a millisecond in the {@code rows}
   *     milliseconds before it, and the retries are due a day after it
   */
  SyntheticQueue(ScratchDatabase.Kind kind, String prefix, int rows, int accounts, Instant base) {
    this.kind = kind;
    this.prefix = prefix;
    this.rows = rows;
    this.accounts = accounts;
    this.base = base;
  }

  /** Per account, operations {@code k} below this are completed. */
  int completed() {
    return rows / accounts * 15 / 100;
  }

  static String account(int a) {
    return String.format(Locale.ROOT, "account-%04d", a);
  }

  /** The id of account {@code a}'s {@code k}-th operation. */
  long id(int a, int k) {
    return (long) k * accounts + a + 1;
  }

  /** When operation {@code g} was queued. */
  Instant createdAt(long g) {
    return base.minusMillis(rows - g);
  }

  Instant retryAt() {
    return base.plus(Duration.ofDays(1));
  }

  /** Whether account {@code a}'s {@code k}-th operation is due and does not wait behind another. */
  boolean claimable(int k) {
    int c = completed();
    if (k < c || k % RETRY_EVERY == 0) {
      return false;
    }
    return !(k % 3 == 1 && (k - 1) >= c && (k - 1) % RETRY_EVERY == 0);
  }

  /** How many operations of account {@code a} a claim can take now. */
  int claimableOf(int a) {
    int n = 0;
    for (int k = 0; id(a, k) <= rows; k++) {
      if (claimable(k)) {
        n++;
      }
    }
    return n;
  }

  static String kindOf(int k) {
    if (k % 3 == 0) {
      return "MARK_READ";
    }
    if (k % 3 == 1) {
      return "MOVE";
    }
    return new String[] {"FLAG", "MARK_UNREAD", "MOVE_TO_TRASH", "MARK_READ"}[(k / 3) % 4];
  }

  /**
   * The stored delta of {@link #kindOf}'s flag kinds (the 0.1 names the fill computes), as V4
   * turned them into flag changes; null for the others.
   */
  private String flagPayload(String column) {
    String backslash = kind == ScratchDatabase.Kind.MARIADB ? "'\\\\'" : "'\\'";
    return "CASE "
        + column
        + " WHEN 'MARK_READ' THEN "
        + concat("'+'", backslash, "'Seen'")
        + " WHEN 'MARK_UNREAD' THEN "
        + concat("'-'", backslash, "'Seen'")
        + " WHEN 'FLAG' THEN "
        + concat("'+'", backslash, "'Flagged'")
        + " END";
  }

  static long uidOf(int k) {
    return 2L * k / 3 + 1;
  }

  /** Writes the rows and the account rows; returns how long it took. */
  Duration fill(DataSource dataSource) throws Exception {
    return Measurements.time(
        () -> {
          try (Connection c = dataSource.getConnection();
              Statement s = c.createStatement()) {
            // No timeout, whatever the pooled connection's session was left with (H2 keeps a
            // statement's query timeout for its session).
            s.setQueryTimeout(0);
            for (long lo = 1; lo <= rows; lo += ROWS_PER_STATEMENT) {
              long hi = Math.min(rows, lo + ROWS_PER_STATEMENT - 1);
              s.executeUpdate(insertOperations(lo, hi));
              if (!c.getAutoCommit()) {
                c.commit();
              }
            }
            s.executeUpdate(insertAccounts());
            for (String sql : afterFill()) {
              s.execute(sql);
            }
            if (!c.getAutoCommit()) {
              c.commit();
            }
          }
        });
  }

  /** The INSERT of operations {@code lo} to {@code hi}. */
  String insertOperations(long lo, long hi) {
    String ops = prefix + "operations";
    String created = plusMillis(timestamp(base), "g - " + rows);
    String inner =
        "SELECT g, a, k, "
            + created
            + " AS created, "
            + concat("'account-'", "LPAD(" + text("a") + ", 4, '0')")
            + " AS account, "
            + div("2 * k", "3")
            + " + 1 AS uid, "
            + "CASE WHEN MOD(k, 3) = 0 THEN 'MARK_READ' WHEN MOD(k, 3) = 1 THEN 'MOVE'"
            + " WHEN MOD("
            + div("k", "3")
            + ", 4) = 0 THEN 'FLAG' WHEN MOD("
            + div("k", "3")
            + ", 4) = 1 THEN 'MARK_UNREAD' WHEN MOD("
            + div("k", "3")
            + ", 4) = 2 THEN 'MOVE_TO_TRASH' ELSE 'MARK_READ' END AS kind, "
            + "CASE WHEN k < "
            + completed()
            + " THEN 'done' WHEN MOD(k, "
            + RETRY_EVERY
            + ") = 0 THEN 'later' ELSE 'due' END AS phase "
            + "FROM (SELECT g, MOD(g - 1, "
            + accounts
            + ") AS a, "
            + div("g - 1", String.valueOf(accounts))
            + " AS k FROM "
            + series(lo, hi)
            + ") s";
    String moved = "phase = 'done' AND kind IN ('MOVE', 'MOVE_TO_TRASH')";
    return "INSERT INTO "
        + ops
        + " (id, account, kind, payload, folder, uid_validity, uid, message_id, destination,"
        + " message_key,"
        + " status, attempts, created_at, last_attempt_at, next_attempt_at, last_error,"
        + " lease_token, checkpoint, finished_at, moved_folder, moved_uid_validity, moved_uid,"
        + " failure_reason, finish_seq) "
        + (kind == ScratchDatabase.Kind.MARIADB ? "" : "OVERRIDING SYSTEM VALUE ")
        + "SELECT g, account, CASE WHEN kind IN ('MOVE', 'MOVE_TO_TRASH') THEN kind"
        + " ELSE 'FLAGS' END, "
        + flagPayload("kind")
        + ", 'INBOX', "
        + UID_VALIDITY
        + ", uid, "
        + concat("'<'", text("uid"), "'.'", "account", "'@example.com>'")
        + ", CASE WHEN kind = 'MOVE' THEN 'Archive' END, "
        + concat("account", "':'", text("uid"))
        + ", CASE WHEN phase = 'done' THEN 'COMPLETED' ELSE 'PENDING' END"
        + ", CASE WHEN phase = 'later' THEN 1 ELSE 0 END"
        + ", created"
        + ", CASE WHEN phase = 'done' THEN "
        + plusMillis("created", "1000")
        + " WHEN phase = 'later' THEN "
        + plusMillis(timestamp(base), "-30000")
        + " END"
        + ", CASE WHEN phase = 'later' THEN "
        + timestamp(retryAt())
        + " ELSE created END"
        + ", CASE WHEN phase = 'later' THEN '"
        + RETRY_ERROR
        + "' END"
        + ", NULL, NULL"
        + ", CASE WHEN phase = 'done' THEN "
        + plusMillis("created", "2000")
        + " END"
        + ", CASE WHEN "
        + moved
        + " THEN CASE WHEN kind = 'MOVE' THEN 'Archive' ELSE 'Trash' END END"
        + ", CASE WHEN "
        + moved
        + " THEN CASE WHEN kind = 'MOVE' THEN "
        + (UID_VALIDITY + 1)
        + " ELSE "
        + (UID_VALIDITY + 2)
        + " END END"
        + ", CASE WHEN "
        + moved
        + " THEN uid END"
        + ", NULL"
        + ", CASE WHEN phase = 'done' THEN k + 1 END"
        + " FROM ("
        + inner
        + ") t ORDER BY g";
  }

  /** One account row per account, without a lease, its feed at the last completed place. */
  String insertAccounts() {
    return "INSERT INTO "
        + prefix
        + "accounts (account, finish_seq) SELECT "
        + concat("'account-'", "LPAD(" + text("g") + ", 4, '0')")
        + ", "
        + completed()
        + " FROM "
        + series(0, accounts - 1);
  }

  /** Moves the id generator past the ids written. */
  private String[] afterFill() {
    String ops = prefix + "operations";
    switch (kind) {
      case POSTGRESQL:
        return new String[] {
          "SELECT setval(pg_get_serial_sequence('" + ops + "', 'id'), " + rows + ")"
        };
      case H2_FILE:
      case H2_MEM:
        return new String[] {"ALTER TABLE " + ops + " ALTER COLUMN id RESTART WITH " + (rows + 1)};
      default:
        return new String[0]; // InnoDB moves AUTO_INCREMENT past explicit ids by itself
    }
  }

  /** A table of one column {@code g} from {@code lo} to {@code hi}. */
  private String series(long lo, long hi) {
    switch (kind) {
      case POSTGRESQL:
        return "generate_series(" + lo + "::bigint, " + hi + "::bigint) AS series(g)";
      case MARIADB:
        // seq is BIGINT UNSIGNED, and g - rows must be allowed to go below zero
        return "(SELECT CAST(seq AS SIGNED) AS g FROM seq_" + lo + "_to_" + hi + ") AS series";
      default:
        return "(SELECT X AS g FROM SYSTEM_RANGE(" + lo + ", " + hi + ")) AS series";
    }
  }

  private String div(String a, String b) {
    return kind == ScratchDatabase.Kind.MARIADB
        ? "((" + a + ") DIV (" + b + "))"
        : "((" + a + ") / (" + b + "))";
  }

  private String text(String expr) {
    return kind == ScratchDatabase.Kind.MARIADB
        ? "CAST(" + expr + " AS CHAR)"
        : "CAST(" + expr + " AS VARCHAR)";
  }

  private static String concat(String... parts) {
    return "CONCAT(" + String.join(", ", parts) + ")";
  }

  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** The instant as a literal of the column type the store writes. */
  private String timestamp(Instant instant) {
    String text = LITERAL.format(instant);
    switch (kind) {
      case POSTGRESQL:
        return "CAST('" + text + "+00' AS TIMESTAMP(6) WITH TIME ZONE)";
      case MARIADB:
        return "CAST('" + text + "' AS DATETIME(6))";
      default:
        return "CAST('" + text + "+00:00' AS TIMESTAMP(6) WITH TIME ZONE)";
    }
  }

  private String plusMillis(String timestamp, String millis) {
    switch (kind) {
      case POSTGRESQL:
        return "(" + timestamp + " + (" + millis + ") * INTERVAL '1 millisecond')";
      case MARIADB:
        return "(" + timestamp + " + INTERVAL ((" + millis + ") * 1000) MICROSECOND)";
      default:
        return "DATEADD(MILLISECOND, " + millis + ", " + timestamp + ")";
    }
  }

  /** The statistics a DBA would gather after a bulk load. */
  String[] analyze() {
    String ops = prefix + "operations";
    String acc = prefix + "accounts";
    switch (kind) {
      case POSTGRESQL:
        return new String[] {"ANALYZE " + ops, "ANALYZE " + acc};
      case MARIADB:
        return new String[] {"ANALYZE TABLE " + ops + ", " + acc};
      default:
        return new String[] {"ANALYZE"};
    }
  }
}
