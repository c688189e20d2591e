package io.lakehouse.table.delta;

import io.lakehouse.table.FieldType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Delta's serialized partition values (the protocol's "Partition Value Serialization") as engine constants. */
final class DeltaPartitionValues {
  private DeltaPartitionValues() {}

  /** The value in {@link io.lakehouse.table.ScanFile#constants()} form; null stays null (SQL NULL). */
  static String text(FieldType type, String raw) {
    if (raw == null || !(type instanceof FieldType.Primitive p)) {
      return raw;
    }
    return switch (p.kind()) {
      // Timestamps are written without an offset and mean UTC ("2024-01-01 10:00:00" or ISO-8601 with Z).
      case TIMESTAMP_TZ -> raw.matches(".*(Z|[+-]\\d{2}(:?\\d{2})?)$") ? raw : raw + "+00:00";
      // A binary value is written as a string of characters U+0000..U+00FF, one per byte.
      case BINARY -> HexFormat.of().formatHex(raw.getBytes(StandardCharsets.ISO_8859_1));
      default -> raw;
    };
  }
}
