package io.lakehouse.table.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.lakehouse.table.ColumnStats;
import io.lakehouse.table.Field;
import io.lakehouse.table.FieldType;
import io.lakehouse.table.ScanColumn;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which Delta statistics count as exact, on stats JSON serialized by Delta Kernel's own writer
 * ({@link DataFileStatistics#serializeAsJson}): integers and dates keep their bounds; decimals, strings,
 * timestamps and doubles keep only null counts; wide bounds ({@code tightBounds: false}) keep none.
 */
class DeltaStatsTest {
  private static final StructType SCHEMA = new StructType().add("i", IntegerType.INTEGER)
      .add("day", DateType.DATE).add("dec", new DecimalType(10, 2)).add("s", StringType.STRING)
      .add("ts", TimestampType.TIMESTAMP).add("x", DoubleType.DOUBLE);
  private static final List<ScanColumn> COLUMNS = List.of(
      column("i", FieldType.Kind.INTEGER), column("day", FieldType.Kind.DATE),
      new ScanColumn(Field.named("dec", "dec", FieldType.Primitive.decimal(10, 2), true), ScanColumn.Source.DATA,
          false),
      column("s", FieldType.Kind.STRING), column("ts", FieldType.Kind.TIMESTAMP_TZ),
      column("x", FieldType.Kind.DOUBLE));

  private static ScanColumn column(String name, FieldType.Kind kind) {
    return ScanColumn.data(Field.named(name, name, FieldType.Primitive.of(kind), true));
  }

  private static String json(Optional<Boolean> tightBounds) {
    Map<Column, Literal> min = Map.of(new Column("i"), Literal.ofInt(-3),
        new Column("day"), Literal.ofDate((int) LocalDate.of(2024, 2, 29).toEpochDay()),
        new Column("dec"), Literal.ofDecimal(new BigDecimal("1.25"), 10, 2), new Column("s"), Literal.ofString("a"),
        new Column("ts"), Literal.ofTimestamp(1_000_001L), new Column("x"), Literal.ofDouble(0.5));
    Map<Column, Literal> max = Map.of(new Column("i"), Literal.ofInt(9),
        new Column("day"), Literal.ofDate((int) LocalDate.of(2024, 3, 1).toEpochDay()),
        new Column("dec"), Literal.ofDecimal(new BigDecimal("9.75"), 10, 2), new Column("s"), Literal.ofString("z"),
        new Column("ts"), Literal.ofTimestamp(2_000_001L), new Column("x"), Literal.ofDouble(1.5));
    Map<Column, Long> nulls = Map.of(new Column("i"), 1L, new Column("day"), 0L, new Column("dec"), 0L,
        new Column("s"), 2L, new Column("ts"), 0L, new Column("x"), 0L);
    return new DataFileStatistics(10, min, max, nulls, tightBounds).serializeAsJson(SCHEMA);
  }

  @Test
  void integersAndDatesKeepTheirBoundsOtherTypesOnlyNullCounts() {
    DeltaStats.Parsed p = DeltaStats.parse(json(Optional.empty()), COLUMNS);
    assertEquals(10, p.numRecords());
    assertEquals(new ColumnStats(1L, "-3", "9"), p.columns().get("i"));
    assertEquals(new ColumnStats(0L, "2024-02-29", "2024-03-01"), p.columns().get("day"));
    for (String inexact : List.of("dec", "s", "ts", "x")) {
      assertNull(p.columns().get(inexact).min(), inexact);
      assertNull(p.columns().get(inexact).max(), inexact);
    }
    assertEquals(2L, p.columns().get("s").nullCount());
  }

  @Test
  void wideBoundsAreNotExact() {
    DeltaStats.Parsed p = DeltaStats.parse(json(Optional.of(false)), COLUMNS);
    assertEquals(new ColumnStats(1L, null, null), p.columns().get("i"));
    assertEquals(new ColumnStats(1L, "-3", "9"), DeltaStats.parse(json(Optional.of(true)), COLUMNS).columns()
        .get("i"));
  }

  @Test
  void missingOrBrokenStatsHaveNoRecordCount() {
    assertEquals(-1, DeltaStats.parse(null, COLUMNS).numRecords());
    assertEquals(-1, DeltaStats.parse("{\"minValues\": {}}", COLUMNS).numRecords());
    assertEquals(-1, DeltaStats.parse("{not json", COLUMNS).numRecords());
  }
}
