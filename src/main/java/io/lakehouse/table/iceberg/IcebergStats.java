package io.lakehouse.table.iceberg;

import io.lakehouse.table.ColumnStats;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.MetricsModes;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A data file's manifest metrics (null value counts, lower / upper bounds) as exact {@link ColumnStats} of the
 * top-level columns. Bounds are kept for integers, dates, decimals (unscaled bytes: exact), booleans and
 * microsecond timestamps; for strings only where the column's metrics mode cannot have truncated them ({@code full},
 * or {@code truncate(n)} with both bounds shorter than n code points). Not floats (NaN, -0.0), binary, UUID, time or
 * nanosecond timestamps.
 */
final class IcebergStats {
  private IcebergStats() {}

  static Map<String, ColumnStats> of(DataFile file, Schema schema, MetricsConfig metrics) {
    Map<String, ColumnStats> out = new HashMap<>();
    Map<Integer, Long> nulls = file.nullValueCounts();
    Map<Integer, ByteBuffer> lower = file.lowerBounds();
    Map<Integer, ByteBuffer> upper = file.upperBounds();
    for (Types.NestedField f : schema.columns()) {
      if (!f.type().isPrimitiveType()) {
        continue;
      }
      int id = f.fieldId();
      Long nullCount = nulls == null ? null : nulls.get(id);
      String min = null;
      String max = null;
      if (exactType(f.type()) && lower != null && upper != null && lower.get(id) != null && upper.get(id) != null) {
        Object lo = Conversions.fromByteBuffer(f.type(), lower.get(id));
        Object hi = Conversions.fromByteBuffer(f.type(), upper.get(id));
        if (f.type().typeId() != Type.TypeID.STRING || untruncated(metrics.columnMode(f.name()), lo, hi)) {
          min = IcebergValues.text(f.type(), lo);
          max = IcebergValues.text(f.type(), hi);
        }
      }
      if (nullCount != null || min != null) {
        out.put(f.name(), new ColumnStats(nullCount, min, max));
      }
    }
    return out;
  }

  private static boolean exactType(Type type) {
    return switch (type.typeId()) {
      case INTEGER, LONG, DATE, DECIMAL, BOOLEAN, STRING -> true;
      case TIMESTAMP -> true;
      default -> false;
    };
  }

  /** Whether string bounds are the true values: never cut by the metrics mode. */
  private static boolean untruncated(MetricsModes.MetricsMode mode, Object lo, Object hi) {
    if (mode instanceof MetricsModes.Full) {
      return true;
    }
    if (mode instanceof MetricsModes.Truncate t) {
      return codePoints(lo) < t.length() && codePoints(hi) < t.length();
    }
    return false;
  }

  private static int codePoints(Object v) {
    String s = v.toString();
    return s.codePointCount(0, s.length());
  }
}
