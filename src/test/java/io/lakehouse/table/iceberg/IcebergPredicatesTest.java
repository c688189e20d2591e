package io.lakehouse.table.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.table.ColumnPredicate;
import io.lakehouse.table.ColumnPredicate.Op;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.expressions.UnboundPredicate;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The Iceberg filter expression made of the driver's column predicates: each comparison translated exactly into the
 * Java value Iceberg expects for the column's type, and every constant the type cannot hold exactly left out.
 */
class IcebergPredicatesTest {
  private static final Schema SCHEMA = new Schema(
      required(1, "id", Types.LongType.get()),
      optional(2, "qty", Types.IntegerType.get()),
      optional(3, "name", Types.StringType.get()),
      optional(4, "flag", Types.BooleanType.get()),
      optional(5, "day", Types.DateType.get()),
      optional(6, "ts", Types.TimestampType.withoutZone()),
      optional(7, "tz", Types.TimestampType.withZone()),
      optional(8, "amount", Types.DecimalType.of(5, 2)),
      optional(9, "ratio", Types.DoubleType.get()),
      optional(10, "f", Types.FloatType.get()),
      optional(11, "t", Types.TimeType.get()),
      optional(12, "u", Types.UUIDType.get()),
      optional(13, "bytes", Types.BinaryType.get()),
      optional(14, "fixed", Types.FixedType.ofLength(4)),
      optional(15, "ns", Types.TimestampNanoType.withoutZone()),
      optional(16, "s", Types.StructType.of(optional(17, "x", Types.LongType.get()))),
      optional(18, "MixedCase", Types.LongType.get()));

  private static ColumnPredicate p(String column, Op op, Object... values) {
    return new ColumnPredicate(column, op, Arrays.asList(values));
  }

  /** The expression rendered as op(name, values as Class:value); "true" when nothing is translated. */
  private static String translate(ColumnPredicate... predicates) {
    return render(IcebergPredicates.translate(SCHEMA, List.of(predicates)));
  }

  private static String render(Expression e) {
    if (e instanceof And and) {
      return "and(" + render(and.left()) + ", " + render(and.right()) + ")";
    }
    if (e instanceof UnboundPredicate<?> p) {
      String name = p.ref().name();
      List<? extends Literal<?>> literals = p.literals() == null ? List.of() : p.literals();
      return p.op().name().toLowerCase() + "(" + name + literals.stream()
          .map(l -> ", " + l.value().getClass().getSimpleName() + ":" + l.value()).collect(Collectors.joining())
          + ")";
    }
    return e.op().name().toLowerCase();
  }

  private static void exact(String column, Object value, Object expected) {
    assertEquals("eq(" + column + ", " + expected.getClass().getSimpleName() + ":" + expected + ")",
        translate(p(column, Op.EQ, value)), column + " = " + value + " (" + value.getClass().getSimpleName() + ")");
  }

  private static void notTranslated(String column, Object value) {
    for (Op op : List.of(Op.EQ, Op.LT, Op.LE, Op.GT, Op.GE, Op.IN)) {
      assertEquals("true", translate(p(column, op, value)),
          column + " " + op + " " + value + " (" + value.getClass().getSimpleName() + ")");
    }
  }

  @Test
  void everyComparisonOperator() {
    assertEquals("eq(id, Long:5)", translate(p("id", Op.EQ, 5L)));
    assertEquals("lt(id, Long:5)", translate(p("id", Op.LT, 5L)));
    assertEquals("lt_eq(id, Long:5)", translate(p("id", Op.LE, 5L)));
    assertEquals("gt(id, Long:5)", translate(p("id", Op.GT, 5L)));
    assertEquals("gt_eq(id, Long:5)", translate(p("id", Op.GE, 5L)));
    assertEquals("is_null(name)", translate(p("name", Op.IS_NULL)));
    assertEquals("not_null(name)", translate(p("name", Op.IS_NOT_NULL)));
    assertEquals("is_null(ratio)", translate(p("ratio", Op.IS_NULL)), "null tests work on any column type");
  }

  @Test
  void inListsAreTranslatedWholeOrNotAtAll() {
    assertEquals("in(id, Long:1, Long:2, Long:3)", translate(p("id", Op.IN, 1L, 2L, 3L)));
    assertEquals("in(id, Long:1)", translate(p("id", Op.IN, 1L)));
    assertEquals("true", translate(p("id", Op.IN, 1L, "2")));
    assertEquals("true", translate(p("qty", Op.IN, 1L, (long) Integer.MAX_VALUE + 1)));
    assertEquals("true", translate(p("amount", Op.IN, new BigDecimal("1.5"), new BigDecimal("1.005"))));
    assertEquals("true", translate(p("id", Op.IN, 1L, null)), "a NULL member");
  }

  @Test
  void severalPredicatesAreAndedAndOthersSkipped() {
    assertEquals("and(and(gt_eq(id, Long:1), lt_eq(id, Long:9)), eq(name, String:x))",
        translate(p("id", Op.GE, 1L), p("id", Op.LE, 9L), p("name", Op.EQ, "x")));
    assertEquals("eq(name, String:x)", translate(p("id", Op.EQ, "not a number"), p("name", Op.EQ, "x")));
    assertEquals("true", translate());
  }

  @Test
  void onlyTopLevelColumnsFoundCaseInsensitively() {
    assertEquals("eq(id, Long:5)", translate(p("ID", Op.EQ, 5L)));
    assertEquals("eq(MixedCase, Long:5)", translate(p("mixedcase", Op.EQ, 5L)));
    assertEquals("true", translate(p("no_such_column", Op.EQ, 5L)));
    assertEquals("true", translate(p("x", Op.EQ, 5L)), "a nested field is not a column");
    assertEquals("true", translate(p("s.x", Op.EQ, 5L)), "nor by its dotted name");
    assertEquals("true", translate(p("s.x", Op.IS_NULL)));
  }

  @Test
  void integers() {
    exact("id", Long.MIN_VALUE, Long.MIN_VALUE);
    exact("qty", (long) Integer.MAX_VALUE, Integer.MAX_VALUE);
    exact("qty", (long) Integer.MIN_VALUE, Integer.MIN_VALUE);
    notTranslated("qty", (long) Integer.MAX_VALUE + 1);
    notTranslated("qty", (long) Integer.MIN_VALUE - 1);
    notTranslated("id", new BigDecimal("2.5"));
    notTranslated("id", new BigDecimal("5"));
    notTranslated("id", 5.0d);
    notTranslated("id", 5);
    notTranslated("id", "5");
    notTranslated("qty", true);
  }

  @Test
  void inexactAndUnsupportedColumnTypesAreNeverTranslated() {
    notTranslated("ratio", 1L);
    notTranslated("ratio", new BigDecimal("0.5"));
    notTranslated("ratio", 0.5d);
    notTranslated("f", 1L);
    notTranslated("t", "10:00:00");
    notTranslated("u", "00000000-0000-0000-0000-000000000000");
    notTranslated("bytes", "00ff");
    notTranslated("fixed", "00ff");
    notTranslated("ns", LocalDateTime.parse("2024-01-01T00:00:00"));
    notTranslated("s", 1L);
  }

  @Test
  void decimals() {
    exact("amount", 5L, new BigDecimal("5.00"));
    exact("amount", new BigDecimal("1.5"), new BigDecimal("1.50"));
    exact("amount", new BigDecimal("1.500"), new BigDecimal("1.50"));
    exact("amount", new BigDecimal("-999.99"), new BigDecimal("-999.99"));
    notTranslated("amount", new BigDecimal("1.005"));
    notTranslated("amount", new BigDecimal("1000.00"));
    notTranslated("amount", 1000L);
    notTranslated("amount", 1.5d);
    notTranslated("amount", "1.5");
  }

  @Test
  void stringsBooleansAndDates() {
    exact("name", "it's", "it's");
    exact("flag", true, true);
    exact("day", LocalDate.of(1970, 1, 1), 0);
    exact("day", LocalDate.of(1969, 12, 31), -1);
    notTranslated("name", 5L);
    notTranslated("flag", "true");
    notTranslated("flag", 1L);
    notTranslated("day", LocalDateTime.of(2024, 1, 1, 0, 0));
    notTranslated("day", "2024-01-01");
  }

  @Test
  void timestampsWithAndWithoutTimeZone() {
    long micros = 1_709_294_400_123_456L;
    exact("tz", Instant.parse("2024-03-01T12:00:00.123456Z"), micros);
    exact("ts", LocalDateTime.parse("2024-03-01T12:00:00.123456"), micros);
    exact("ts", LocalDateTime.parse("1969-12-31T23:59:59.999999"), -1L);
    // timestamptz takes only instants, timestamp only local date-times.
    notTranslated("tz", LocalDateTime.parse("2024-03-01T12:00:00"));
    notTranslated("ts", Instant.parse("2024-03-01T12:00:00Z"));
    notTranslated("ts", LocalDate.of(2024, 3, 1));
    notTranslated("tz", "2024-03-01 12:00:00+00");
  }

  /**
   * Regression (found and fixed): sub-microsecond values are translated, truncated toward zero, while DuckDB floors the parameter. On an
   * Iceberg table whose one file holds {@code ts = 1970-01-01 00:00}, {@code SELECT id FROM e WHERE ts > ?} with
   * {@code LocalDateTime 1969-12-31T23:59:59.9999995} returns no row (EXPLAIN: 0 files); DuckDB's answer
   * ({@code SELECT id FROM (SELECT * FROM e) s WHERE ts > ?}) is that row. The same with {@code tz} and an
   * OffsetDateTime.
   */
  @Test
  void subMicrosecondTimestampsAreNotTranslated() {
    notTranslated("ts", LocalDateTime.parse("1969-12-31T23:59:59.9999995"));
    notTranslated("tz", Instant.parse("1969-12-31T23:59:59.9999995Z"));
    notTranslated("ts", LocalDateTime.parse("2024-03-01T12:00:00.0000005"));
  }

  /**
   * Regression (found and fixed): a schema with two top-level columns that differ only in case (Iceberg allows it) makes
   * {@code caseInsensitiveFindField} throw IllegalArgumentException ("Cannot build lower case index: a and A
   * collide"), which leaves {@code executeQuery} unchecked instead of an SQLException (or no skipping).
   */
  @Test
  void columnsDifferingOnlyInCaseDoNotThrow() {
    Schema schema = new Schema(required(1, "a", Types.LongType.get()), required(2, "A", Types.LongType.get()));
    IcebergPredicates.translate(schema, List.of(p("a", Op.EQ, 1L)));
  }

  @Test
  void nullValuesAreNotTranslated() {
    assertEquals("true", translate(p("id", Op.EQ, (Object) null)));
    assertEquals("true", translate(p("name", Op.GE, (Object) null)));
  }
}
