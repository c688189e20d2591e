package io.lakehouse.table.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.table.ColumnStats;
import io.lakehouse.table.FieldType;
import io.lakehouse.table.ScanColumn;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Delta add action's {@code stats} JSON (numRecords, minValues, maxValues, nullCount, tightBounds) as exact
 * {@link ColumnStats} of top-level data columns. Bounds are kept only for types whose statistics are stored
 * without loss, as Delta's own metadata-only aggregates decide (delta-spark OptimizeMetadataOnlyDeltaQuery):
 * integers and dates. Not decimals (written through doubles by some writers), strings (truncated to a prefix),
 * timestamps (milliseconds), floats (NaN, -0.0); not wide bounds ({@code tightBounds: false}).
 */
final class DeltaStats {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The record count and the column statistics of one file. */
  record Parsed(long numRecords, Map<String, ColumnStats> columns) {
    static final Parsed NONE = new Parsed(-1, Map.of());
  }

  private DeltaStats() {}

  /**
   * Parses a file's stats.
   *
   * @param json the add action's stats, or null
   * @param columns the snapshot's columns; data columns are looked up by their physical name
   */
  static Parsed parse(String json, List<ScanColumn> columns) {
    if (json == null || json.isEmpty()) {
      return Parsed.NONE;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return Parsed.NONE;
    }
    JsonNode numRecords = root.get("numRecords");
    if (numRecords == null || !numRecords.isIntegralNumber() || !numRecords.canConvertToLong()
        || numRecords.asLong() < 0) {
      return Parsed.NONE;
    }
    boolean tight = !root.path("tightBounds").isBoolean() || root.path("tightBounds").asBoolean();
    JsonNode mins = root.path("minValues");
    JsonNode maxes = root.path("maxValues");
    JsonNode nulls = root.path("nullCount");
    Map<String, ColumnStats> out = new HashMap<>();
    for (ScanColumn c : columns) {
      if (c.source() != ScanColumn.Source.DATA || !(c.type() instanceof FieldType.Primitive p)
          || c.field().fileNames().isEmpty()) {
        continue;
      }
      String physical = c.field().fileNames().get(0);
      JsonNode n = nulls.get(physical);
      Long nullCount = n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.asLong() : null;
      String min = tight ? bound(p.kind(), mins.get(physical)) : null;
      String max = tight ? bound(p.kind(), maxes.get(physical)) : null;
      if (nullCount != null || min != null || max != null) {
        out.put(c.name(), new ColumnStats(nullCount, min, max));
      }
    }
    return new Parsed(numRecords.asLong(), out);
  }

  /** A bound of a type whose statistics are exact, as constant text; null otherwise. */
  private static String bound(FieldType.Kind kind, JsonNode v) {
    if (v == null) {
      return null;
    }
    switch (kind) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> {
        return v.isIntegralNumber() && v.canConvertToLong() ? Long.toString(v.asLong()) : null;
      }
      case DATE -> {
        if (!v.isTextual()) {
          return null;
        }
        try {
          LocalDate d = LocalDate.parse(v.asText());
          return d.toString().equals(v.asText()) ? v.asText() : null;
        } catch (DateTimeParseException e) {
          return null;
        }
      }
      default -> {
        return null;
      }
    }
  }
}
