package io.lakehouse.cli;

import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;

/** A value as text, the same way in every text format; null for SQL NULL (whatever the column's type). */
final class CellText {
  private CellText() {}

  /** HH:mm:ss and, when not zero, the fraction of a second to the microsecond or nanosecond. */
  private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
      .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter(Locale.ROOT);

  static String of(ResultSet rs, int column) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null || rs.wasNull()) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return hex(bytes);
    }
    if (value instanceof Blob blob) {
      return hex(blob.getBytes(1, (int) Math.min(Integer.MAX_VALUE, blob.length())));
    }
    if (value instanceof Array) {
      return rs.getString(column);
    }
    String temporal = temporal(value);
    if (temporal != null) {
      return temporal;
    }
    String text = rs.getString(column);
    return text == null ? String.valueOf(value) : text;
  }

  private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(TIME).toFormatter(Locale.ROOT);

  /**
   * Times and timestamps as DuckDB and SQL write them ({@code 2024-01-02 03:04:05.123456}, with time zone
   * {@code +01:00} or {@code Z} as {@code +00}), whatever Java type the driver returns; null for other values.
   */
  static String temporal(Object value) {
    if (value instanceof Timestamp ts) {
      return DATE_TIME.format(ts.toLocalDateTime());
    } else if (value instanceof LocalDateTime t) {
      return DATE_TIME.format(t);
    } else if (value instanceof OffsetDateTime t) {
      return DATE_TIME.format(t) + offset(t.getOffset());
    } else if (value instanceof Time t) {
      return TIME.format(t.toLocalTime());
    } else if (value instanceof LocalTime t) {
      return TIME.format(t);
    } else if (value instanceof OffsetTime t) {
      return TIME.format(t) + offset(t.getOffset());
    }
    return null;
  }

  private static String offset(ZoneOffset offset) {
    String id = offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
    return id.endsWith(":00") ? id.substring(0, id.length() - 3) : id;
  }

  /** Binary values as DuckDB writes a BLOB literal's bytes: {@code \x00\xFF}. */
  static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder(bytes.length * 4);
    HexFormat hex = HexFormat.of().withUpperCase();
    for (byte x : bytes) {
      b.append("\\x").append(hex.toHexDigits(x));
    }
    return b.toString();
  }
}
