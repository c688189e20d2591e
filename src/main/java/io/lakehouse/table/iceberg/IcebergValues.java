package io.lakehouse.table.iceberg;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Iceberg's internal value representation (partition tuples, defaults) as the text of
 * {@link io.lakehouse.table.ScanFile#constants()}: dates from days, times and timestamps from micro- or
 * nanoseconds, instants with an offset, binary as hex.
 */
final class IcebergValues {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS");

  private IcebergValues() {}

  static String text(Type type, Object v) {
    if (v == null) {
      return null;
    }
    switch (type.typeId()) {
      case DATE:
        return LocalDate.ofEpochDay(((Number) v).longValue()).toString();
      case TIME:
        return TIME.format(LocalTime.ofNanoOfDay(((Number) v).longValue() * 1000));
      case TIMESTAMP: {
        String local = dateTime(((Number) v).longValue(), 1000);
        return ((Types.TimestampType) type).shouldAdjustToUTC() ? local + "+00:00" : local;
      }
      case TIMESTAMP_NANO: {
        String local = dateTime(((Number) v).longValue(), 1);
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? local + "+00:00" : local;
      }
      case FIXED:
      case BINARY: {
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return HexFormat.of().formatHex(bytes);
      }
      case DECIMAL:
        return ((BigDecimal) v).toPlainString();
      default:
        // booleans, numbers, strings (CharSequence), UUID
        return v.toString();
    }
  }

  /** Epoch units (micro- or nanoseconds) as {@code yyyy-MM-dd HH:mm:ss.fffffffff}. */
  private static String dateTime(long units, long nanosPerUnit) {
    long perSecond = 1_000_000_000L / nanosPerUnit;
    long seconds = Math.floorDiv(units, perSecond);
    long nanos = Math.floorMod(units, perSecond) * nanosPerUnit;
    return DATE_TIME.format(LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC));
  }
}
