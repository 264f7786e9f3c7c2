package io.github.ferrymail.queue.jdbc.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

  /**
   * Instants as {@code DATETIME(6)} holding UTC wall-clock time, bound and read as text ({@code
   * 2026-03-08 02:30:00.123456}). Text, because binding a {@code LocalDateTime} goes through {@code
   * java.sql.Timestamp} in the JVM's zone, which moves wall-clock times that fall into a daylight
   * saving gap there by an hour. MariaDB compares a DATETIME column with such text as a DATETIME.
   */
  static final DataType<Instant> UTC_TEXT =
      SQLDataType.VARCHAR(26)
          .asConvertedDataType(
              Converter.ofNullable(
                  String.class, Instant.class, InstantTypes::parseUtc, InstantTypes::formatUtc));

  private static final DateTimeFormatter UTC_WALL_CLOCK =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  static String formatUtc(Instant instant) {
    return UTC_WALL_CLOCK.format(instant);
  }

  static Instant parseUtc(String text) {
    return LocalDateTime.parse(text.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
  }
}
