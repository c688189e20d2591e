package io.lakehouse.table.iceberg;

import io.lakehouse.table.ColumnPredicate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Translates {@link ColumnPredicate}s into an Iceberg filter expression for partition and metrics pruning. Only
 * exact translations are made; anything else is left out, which only costs skipping.
 */
final class IcebergPredicates {
  private IcebergPredicates() {}

  static Expression translate(Schema schema, List<ColumnPredicate> predicates) {
    Expression result = Expressions.alwaysTrue();
    for (ColumnPredicate p : predicates) {
      Types.NestedField field = column(schema, p.column());
      if (field == null) {
        continue;
      }
      Expression e = translate(field, p);
      if (e != null) {
        result = Expressions.and(result, e);
      }
    }
    return result;
  }

  /**
   * The top-level column of that name (SQL matches names without case); none when two columns differ only in case
   * (the predicate is then not used for skipping).
   */
  private static Types.NestedField column(Schema schema, String name) {
    Types.NestedField found = null;
    for (Types.NestedField f : schema.columns()) {
      if (f.name().equalsIgnoreCase(name)) {
        if (found != null) {
          return null;
        }
        found = f;
      }
    }
    return found;
  }

  private static Expression translate(Types.NestedField field, ColumnPredicate p) {
    String name = field.name();
    switch (p.op()) {
      case IS_NULL:
        return Expressions.isNull(name);
      case IS_NOT_NULL:
        return Expressions.notNull(name);
      case IN: {
        Object[] values = new Object[p.values().size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = value(field.type(), p.values().get(i));
          if (values[i] == null) {
            return null;
          }
        }
        return Expressions.in(name, values);
      }
      default: {
        Object v = value(field.type(), p.values().get(0));
        if (v == null) {
          return null;
        }
        return switch (p.op()) {
          case EQ -> Expressions.equal(name, v);
          case LT -> Expressions.lessThan(name, v);
          case LE -> Expressions.lessThanOrEqual(name, v);
          case GT -> Expressions.greaterThan(name, v);
          default -> Expressions.greaterThanOrEqual(name, v);
        };
      }
    }
  }

  /** The constant in the Java form Iceberg expects for the column type, or null when not exact. */
  private static Object value(Type type, Object v) {
    try {
      switch (type.typeId()) {
        case INTEGER:
          return v instanceof Long l ? Math.toIntExact(l) : null;
        case LONG:
          return v instanceof Long ? v : null;
        case STRING:
          return v instanceof String ? v : null;
        case BOOLEAN:
          return v instanceof Boolean ? v : null;
        case DATE:
          return v instanceof LocalDate d ? (int) d.toEpochDay() : null;
        case TIMESTAMP:
          boolean utc = ((Types.TimestampType) type).shouldAdjustToUTC();
          // Sub-microsecond values are not translated: the engine rounds them, Iceberg would truncate.
          if (utc && v instanceof Instant i && i.getNano() % 1000 == 0) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, i);
          }
          if (!utc && v instanceof LocalDateTime t && t.getNano() % 1000 == 0) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant(ZoneOffset.UTC));
          }
          return null;
        case DECIMAL:
          Types.DecimalType d = (Types.DecimalType) type;
          BigDecimal value = v instanceof Long l ? BigDecimal.valueOf(l) : v instanceof BigDecimal b ? b : null;
          if (value == null) {
            return null;
          }
          BigDecimal scaled = value.setScale(d.scale());
          return scaled.compareTo(value) == 0 && scaled.precision() <= d.precision() ? scaled : null;
        default:
          return null;
      }
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
