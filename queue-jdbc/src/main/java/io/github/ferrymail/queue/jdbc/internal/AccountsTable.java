package io.github.ferrymail.queue.jdbc.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The accounts table ({@code <prefix>accounts}): one row per account with its lease and pause. */
final class AccountsTable {
  /** The table's name without prefix. */
  static final String NAME = "accounts";

  final Table<Record> table;
  final Field<String> account;
  final Field<String> leaseOwner;
  final Field<String> leaseToken;
  final Field<Instant> leaseExpiresAt;
  final Field<Instant> pausedUntil;
  final Field<String> pauseReason;
  final Field<Integer> pausesInARow;
  final Field<Long> finishSeq;

  /** {@link #pausedUntil} as a query reads it. */
  final Field<Instant> pausedUntilRead;

  AccountsTable(String tableName, Vendor vendor) {
    DataType<Instant> timestamp = vendor.timestamp;
    table = table(name(tableName));
    Name q = name(tableName);
    account = field(q.append("account"), SQLDataType.VARCHAR);
    leaseOwner = field(q.append("lease_owner"), SQLDataType.VARCHAR);
    leaseToken = field(q.append("lease_token"), SQLDataType.VARCHAR);
    leaseExpiresAt = field(q.append("lease_expires_at"), timestamp);
    pausedUntil = field(q.append("paused_until"), timestamp);
    pauseReason = field(q.append("pause_reason"), SQLDataType.VARCHAR);
    pausesInARow = field(q.append("pauses_in_a_row"), SQLDataType.INTEGER);
    finishSeq = field(q.append("finish_seq"), SQLDataType.BIGINT);
    pausedUntilRead = vendor.readTimestamp(pausedUntil);
  }
}
