package io.lakehouse.table.iceberg;

import io.lakehouse.table.ColumnStats;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A data file's manifest metrics (null value counts, lower / upper bounds) as exact {@link ColumnStats} of the
 * top-level columns. Bounds are kept for integers, dates, decimals (unscaled bytes: exact), booleans and
 * microsecond timestamps. Never for strings: a manifest does not say which metrics mode wrote a file's bounds, and a
 * prefix cut by an earlier {@code truncate(2)} (or by another writer's own limit) looks whole under today's
 * {@code truncate(16)} or {@code full} (MetadataAnswersTest: {@code mode_widened}). Not floats (NaN, -0.0), binary,
 * UUID, time or nanosecond timestamps.
 */
final class IcebergStats {
  private IcebergStats() {}

  static Map<String, ColumnStats> of(DataFile file, Schema schema) {
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
        min = IcebergValues.text(f.type(), lo);
        max = IcebergValues.text(f.type(), hi);
      }
      if (nullCount != null || min != null) {
        out.put(f.name(), new ColumnStats(nullCount, min, max));
      }
    }
    return out;
  }

  private static boolean exactType(Type type) {
    return switch (type.typeId()) {
      case INTEGER, LONG, DATE, DECIMAL, BOOLEAN -> true;
      case TIMESTAMP -> true;
      default -> false;
    };
  }
}
