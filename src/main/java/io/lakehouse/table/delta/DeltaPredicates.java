package io.lakehouse.table.delta;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Expression;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.lakehouse.table.ColumnPredicate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates {@link ColumnPredicate}s into a Delta Kernel predicate for partition pruning and data skipping.
 * Only exact translations are made (the constant must be representable in the column's type without rounding);
 * anything else is left out, which only costs skipping.
 */
final class DeltaPredicates {
  private DeltaPredicates() {}

  static Optional<Predicate> translate(StructType schema, List<ColumnPredicate> predicates) {
    List<Predicate> parts = new ArrayList<>();
    for (ColumnPredicate p : predicates) {
      StructField field = find(schema, p.column());
      if (field != null && !widened(field)) {
        translate(field, p).ifPresent(parts::add);
      }
    }
    Predicate result = null;
    for (Predicate part : parts) {
      result = result == null ? part : new Predicate("AND", result, part);
    }
    return Optional.ofNullable(result);
  }

  /**
   * A column whose type was widened (Delta type widening) keeps the statistics and partition values of its older
   * files in the older type: Kernel 4.4 fails to read a DATE statistic of a column now TIMESTAMP_NTZ ("Text
   * '2024-01-01' could not be parsed"), so no predicate on such a column is handed to it.
   */
  private static boolean widened(StructField field) {
    return !field.getTypeChanges().isEmpty() || field.getMetadata().contains("delta.typeChanges");
  }

  private static StructField find(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.getName().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * A comparison is never true on NULL, so it also says IS NOT NULL: Kernel skips a file by its min / max only
   * when they exist, and a file whose column is all NULL has none, but its null count equals its row count.
   */
  private static Optional<Predicate> translate(StructField field, ColumnPredicate p) {
    Optional<Predicate> translated = translateAlone(field, p);
    if (translated.isEmpty() || p.op() == ColumnPredicate.Op.IS_NULL || p.op() == ColumnPredicate.Op.IS_NOT_NULL) {
      return translated;
    }
    return Optional.of(new Predicate("AND", new Predicate("IS_NOT_NULL", new Column(field.getName())),
        translated.get()));
  }

  private static Optional<Predicate> translateAlone(StructField field, ColumnPredicate p) {
    Column column = new Column(field.getName());
    switch (p.op()) {
      case IS_NULL:
        return Optional.of(new Predicate("IS_NULL", column));
      case IS_NOT_NULL:
        return Optional.of(new Predicate("IS_NOT_NULL", column));
      case IN: {
        Predicate any = null;
        for (Object v : p.values()) {
          Literal l = literal(field.getDataType(), v);
          if (l == null) {
            return Optional.empty();
          }
          Predicate eq = new Predicate("=", column, l);
          any = any == null ? eq : new Predicate("OR", any, eq);
        }
        return Optional.ofNullable(any);
      }
      default: {
        Literal l = literal(field.getDataType(), p.values().get(0));
        if (l == null) {
          return Optional.empty();
        }
        String op = switch (p.op()) {
          case EQ -> "=";
          case LT -> "<";
          case LE -> "<=";
          case GT -> ">";
          default -> ">=";
        };
        return Optional.of(new Predicate(op, List.<Expression>of(column, l)));
      }
    }
  }

  /** The constant as a literal of exactly the column's type, or null when that is not exact. */
  private static Literal literal(DataType type, Object v) {
    try {
      if (type instanceof LongType && v instanceof Long l) {
        return Literal.ofLong(l);
      } else if (type instanceof IntegerType && v instanceof Long l) {
        return Literal.ofInt(Math.toIntExact(l));
      } else if (type instanceof ShortType && v instanceof Long l && l == (short) (long) l) {
        return Literal.ofShort((short) (long) l);
      } else if (type instanceof ByteType && v instanceof Long l && l == (byte) (long) l) {
        return Literal.ofByte((byte) (long) l);
      } else if (type instanceof StringType && v instanceof String s) {
        return Literal.ofString(s);
      } else if (type instanceof BooleanType && v instanceof Boolean b) {
        return Literal.ofBoolean(b);
      } else if (type instanceof DateType && v instanceof LocalDate d) {
        return Literal.ofDate((int) d.toEpochDay());
      } else if (type instanceof TimestampType && v instanceof Instant i && i.getNano() % 1000 == 0) {
        return Literal.ofTimestamp(ChronoUnit.MICROS.between(Instant.EPOCH, i));
      } else if (type instanceof TimestampNTZType && v instanceof LocalDateTime t && t.getNano() % 1000 == 0) {
        return Literal.ofTimestampNtz(ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant(ZoneOffset.UTC)));
      } else if (type instanceof DecimalType d && (v instanceof Long || v instanceof BigDecimal)) {
        BigDecimal value = v instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) v;
        BigDecimal scaled = value.setScale(d.getScale());
        if (scaled.compareTo(value) != 0 || scaled.precision() > d.getPrecision()) {
          return null;
        }
        return Literal.ofDecimal(scaled, d.getPrecision(), d.getScale());
      }
    } catch (ArithmeticException e) {
      return null;
    }
    return null;
  }
}
