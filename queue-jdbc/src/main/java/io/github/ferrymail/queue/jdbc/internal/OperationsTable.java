package io.github.ferrymail.queue.jdbc.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The operations table ({@code <prefix>operations}), its columns qualified by the table name or an
 * alias. Hand-written instead of generated: the table name depends on the prefix.
 */
final class OperationsTable {
  /** The table's name without prefix. */
  static final String NAME = "operations";

  final Table<Record> table;
  final Field<Long> id;
  final Field<String> account;
  final Field<String> kind;
  final Field<String> folder;
  final Field<Long> uidValidity;
  final Field<Long> uid;
  final Field<String> messageId;
  final Field<String> destination;
  final Field<String> messageKey;
  final Field<String> status;
  final Field<Integer> attempts;
  final Field<Instant> createdAt;
  final Field<Instant> lastAttemptAt;
  final Field<Instant> nextAttemptAt;
  final Field<String> lastError;
  final Field<String> leaseToken;
  final Field<String> checkpoint;
  final Field<Instant> finishedAt;
  final Field<String> movedFolder;
  final Field<Long> movedUidValidity;
  final Field<Long> movedUid;
  final Field<String> failureReason;
  final Field<Long> finishSeq;

  /** Every column as a query reads it, in table order; read values with {@link #read}. */
  final List<Field<?>> all;

  private final String tableName;
  private final Vendor vendor;
  private final Map<Field<?>, Field<?>> readers = new HashMap<>();

  OperationsTable(String tableName, String qualifier, Vendor vendor) {
    this.tableName = tableName;
    this.vendor = vendor;
    DataType<Instant> timestamp = vendor.timestamp;
    Table<Record> plain = table(name(tableName));
    this.table = qualifier.equals(tableName) ? plain : plain.as(qualifier);
    Name q = name(qualifier);
    id = field(q.append("id"), SQLDataType.BIGINT);
    account = field(q.append("account"), SQLDataType.VARCHAR);
    kind = field(q.append("kind"), SQLDataType.VARCHAR);
    folder = field(q.append("folder"), SQLDataType.VARCHAR);
    uidValidity = field(q.append("uid_validity"), SQLDataType.BIGINT);
    uid = field(q.append("uid"), SQLDataType.BIGINT);
    messageId = field(q.append("message_id"), SQLDataType.VARCHAR);
    destination = field(q.append("destination"), SQLDataType.VARCHAR);
    messageKey = field(q.append("message_key"), SQLDataType.VARCHAR);
    status = field(q.append("status"), SQLDataType.VARCHAR);
    attempts = field(q.append("attempts"), SQLDataType.INTEGER);
    createdAt = field(q.append("created_at"), timestamp);
    lastAttemptAt = field(q.append("last_attempt_at"), timestamp);
    nextAttemptAt = field(q.append("next_attempt_at"), timestamp);
    lastError = field(q.append("last_error"), SQLDataType.VARCHAR);
    leaseToken = field(q.append("lease_token"), SQLDataType.VARCHAR);
    checkpoint = field(q.append("checkpoint"), SQLDataType.VARCHAR);
    finishedAt = field(q.append("finished_at"), timestamp);
    movedFolder = field(q.append("moved_folder"), SQLDataType.VARCHAR);
    movedUidValidity = field(q.append("moved_uid_validity"), SQLDataType.BIGINT);
    movedUid = field(q.append("moved_uid"), SQLDataType.BIGINT);
    failureReason = field(q.append("failure_reason"), SQLDataType.VARCHAR);
    finishSeq = field(q.append("finish_seq"), SQLDataType.BIGINT);
    List<Field<?>> columns =
        List.of(
            id,
            account,
            kind,
            folder,
            uidValidity,
            uid,
            messageId,
            destination,
            messageKey,
            status,
            attempts,
            createdAt,
            lastAttemptAt,
            nextAttemptAt,
            lastError,
            leaseToken,
            checkpoint,
            finishedAt,
            movedFolder,
            movedUidValidity,
            movedUid,
            failureReason,
            finishSeq);
    List<Field<?>> selected = new ArrayList<>(columns.size());
    for (Field<?> column : columns) {
      readers.put(column, column);
    }
    for (Field<Instant> column : List.of(createdAt, lastAttemptAt, nextAttemptAt, finishedAt)) {
      readers.put(column, vendor.readTimestamp(column));
    }
    for (Field<?> column : columns) {
      selected.add(readers.get(column));
    }
    all = List.copyOf(selected);
  }

  /**
   * The expression {@link #all} selects for a column.
   *
   * @param column one of this table's columns
   * @return the field to read the column's value from a row selected with {@link #all}
   */
  @SuppressWarnings("unchecked")
  <T> Field<T> read(Field<T> column) {
    return (Field<T>) readers.get(column);
  }

  /**
   * The same table under an alias, for self-joins.
   *
   * @param alias the alias
   * @return the aliased table
   */
  OperationsTable as(String alias) {
    return new OperationsTable(tableName, alias, vendor);
  }
}
