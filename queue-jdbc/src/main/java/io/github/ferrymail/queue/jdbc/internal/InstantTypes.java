package io.github.ferrymail.queue.jdbc.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;

/**
 * How timestamps reach each database: as {@code TIMESTAMP WITH TIME ZONE} at UTC where the database
 * has it, as a {@code DATETIME} holding the UTC wall-clock time where it does not (MariaDB). Either
 * way the session's and the JVM's time zones play no part.
 */
final class InstantTypes {
  private InstantTypes() {}

  /** Instants as {@code TIMESTAMP(6) WITH TIME ZONE}, bound at offset UTC. */
  static final DataType<Instant> WITH_TIME_ZONE =
      SQLDataType.TIMESTAMPWITHTIMEZONE(6)
          .asConvertedDataType(
              Converter.ofNullable(
                  OffsetDateTime.class,
                  Instant.class,
                  OffsetDateTime::toInstant,
                  instant -> instant.atOffset(ZoneOffset.UTC)));

  /** Instants as {@code DATETIME(6)} holding UTC wall-clock time. */
  static final DataType<Instant> UTC_LOCAL =
      SQLDataType.LOCALDATETIME(6)
          .asConvertedDataType(
              Converter.ofNullable(
                  LocalDateTime.class,
                  Instant.class,
                  local -> local.toInstant(ZoneOffset.UTC),
                  instant -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC)));
}
