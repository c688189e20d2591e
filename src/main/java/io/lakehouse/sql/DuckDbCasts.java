package io.lakehouse.sql;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few text-to-value casts DuckDB makes that file skipping replicates exactly, and only in their strict forms:
 * anything DuckDB also accepts but this class does not ({@code 2023-3-5}, {@code 2023/03/05}, padding, BC years,
 * more than 6 fractional digits, {@code 1e2}) gives null, so the predicate is simply not used for skipping.
 * Measured with DuckDB 2.0 (the bundled one): a string compared with a DATE / TIMESTAMP / TIMESTAMPTZ / integer /
 * DECIMAL column is cast to the column's type; TIMESTAMPTZ text without an offset is a clock time in the session
 * zone (ICU), and in a DST gap or overlap DuckDB and java.time disagree, so those clock times are refused.
 */
final class DuckDbCasts {
  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,6}))?)?)?");
  private static final Pattern OFFSET = Pattern.compile(
      "(\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,6})?)?)(Z|[+-]\\d{2}(?::\\d{2})?)");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,38}(?:\\.\\d{1,38})?");

  private DuckDbCasts() {}

  /** {@code yyyy-MM-dd}, years 0001-9999, a real day; otherwise null. */
  static LocalDate date(String text) {
    Matcher m = DATE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    try {
      int year = Integer.parseInt(m.group(1));
      return year < 1 ? null : LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** {@code yyyy-MM-dd[( |T)HH:mm[:ss[.f{1,6}]]]}, no offset; otherwise null. */
  static LocalDateTime timestamp(String text) {
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches()) {
      return null;
    }
    try {
      int year = Integer.parseInt(m.group(1));
      if (year < 1) {
        return null;
      }
      LocalDate day = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      if (m.group(4) == null) {
        return day.atStartOfDay();
      }
      int seconds = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      String fraction = m.group(7) == null ? "" : m.group(7);
      int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
      return day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), seconds, nanos);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * A TIMESTAMP WITH TIME ZONE text: a strict timestamp with an optional {@code Z}, {@code ±HH} or {@code ±HH:mm}
   * offset; without one it is a clock time in the session zone.
   */
  static Instant timestampTz(String text, ZoneId zone) {
    Matcher m = OFFSET.matcher(text);
    if (m.matches()) {
      LocalDateTime local = timestamp(m.group(1));
      if (local == null) {
        return null;
      }
      try {
        ZoneOffset offset = m.group(2).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(2));
        return local.toInstant(offset);
      } catch (DateTimeException e) {
        return null;
      }
    }
    LocalDateTime local = timestamp(text);
    return local == null ? null : inZone(local, zone);
  }

  /** The instant of a clock time in the zone, or null when the clock time is in a DST gap or overlap. */
  static Instant inZone(LocalDateTime local, ZoneId zone) {
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
    return offsets.size() == 1 ? local.toInstant(offsets.get(0)) : null;
  }

  /** {@code -?digits} (at most 18) as a Long; otherwise null. */
  static Long integer(String text) {
    return INTEGER.matcher(text).matches() ? Long.valueOf(text) : null;
  }

  /** {@code -?digits[.digits]} as a BigDecimal; otherwise null. */
  static BigDecimal decimal(String text) {
    return DECIMAL.matcher(text).matches() ? new BigDecimal(text) : null;
  }
}
