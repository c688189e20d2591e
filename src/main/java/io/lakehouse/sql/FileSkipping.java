package io.lakehouse.sql;

import io.lakehouse.table.ColumnPredicate;
import io.lakehouse.table.FieldType;
import io.lakehouse.table.ScanColumn;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Turns the WHERE conjuncts of a table reference's SELECT into {@link ColumnPredicate}s the formats can use to
 * skip files: {@code col op constant}, {@code constant op col}, {@code col IN (...)}, {@code col BETWEEN a AND b},
 * {@code col IS [NOT] NULL}, an OR of equalities on one column, with literals ({@code DATE '...'},
 * {@code TIMESTAMP '...'}, {@code TIMESTAMP WITH TIME ZONE '...'}, casts of constants), parameters and strings
 * cast to the column's type as DuckDB casts them. Inner equi-joins between columns of the same type carry a
 * column's predicates to the columns it equals ({@link JoinEqualities}). Anything else is simply not used for
 * skipping; DuckDB evaluates the full WHERE clause either way, so a constant is translated only when its value is
 * exactly the one DuckDB compares.
 */
final class FileSkipping {
  private FileSkipping() {}

  static List<ColumnPredicate> predicates(TableReference ref, List<ScanColumn> columns, List<Object> params,
      ZoneId zone) {
    return predicates(ref, columns, other -> null, params, zone);
  }

  /**
   * @param columnsOf the pinned columns of another reference of the same query (for join equalities), or null
   *     when they are not known
   */
  static List<ColumnPredicate> predicates(TableReference ref, List<ScanColumn> columns,
      Function<TableReference, List<ScanColumn>> columnsOf, List<Object> params, ZoneId zone) {
    List<ColumnPredicate> out = new ArrayList<>();
    Scope scope = new Scope(ref.qualifier, ref.soleRelation);
    for (SqlNode conjunct : ref.conjuncts) {
      translate(conjunct, scope, columns, params, zone, out);
    }
    JoinEqualities.carry(ref, columns, columnsOf, (conjunct, other, otherColumn, own) -> {
      List<ColumnPredicate> carried = new ArrayList<>();
      translate(conjunct, new Scope(other.qualifier, false), List.of(otherColumn), params, zone, carried);
      for (ColumnPredicate p : carried) {
        out.add(new ColumnPredicate(own.name(), p.op(), p.values()));
      }
    });
    if (ref.restriction != null && ref.restriction.rowFilter() != null) {
      // The catalog's row filter is about this table alone: its unqualified names are its columns.
      List<SqlNode> filter = new ArrayList<>();
      QueryBinder.splitAnd(ref.restriction.rowFilter(), filter);
      Scope own = new Scope(ref.qualifier, true);
      for (SqlNode conjunct : filter) {
        translate(conjunct, own, columns, params, zone, out);
      }
    }
    return out;
  }

  /** How a reference's columns are named in a conjunct: by its qualifier, or unqualified when it is alone. */
  private record Scope(String qualifier, boolean soleRelation) {}

  private static void translate(SqlNode node, Scope ref, List<ScanColumn> columns, List<Object> params,
      ZoneId zone, List<ColumnPredicate> out) {
    if (!(node instanceof SqlBasicCall call)) {
      return;
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        SqlNode left = call.operand(0);
        SqlNode right = call.operand(1);
        ScanColumn col = column(left, ref, columns);
        Object value = constant(right, params, zone);
        if (col == null) {
          col = column(right, ref, columns);
          value = constant(left, params, zone);
          kind = kind.reverse();
        }
        if (col != null && value != null) {
          out.add(new ColumnPredicate(col.name(), op(kind), List.of(adapt(value, col, zone))));
        }
      }
      case IN -> {
        ScanColumn col = column(call.operand(0), ref, columns);
        if (col != null && call.operand(1) instanceof SqlNodeList list) {
          List<Object> values = new ArrayList<>();
          for (SqlNode n : list) {
            Object v = constant(n, params, zone);
            if (v == null) {
              return;
            }
            values.add(adapt(v, col, zone));
          }
          out.add(new ColumnPredicate(col.name(), ColumnPredicate.Op.IN, values));
        }
      }
      case BETWEEN -> {
        ScanColumn col = column(call.operand(0), ref, columns);
        Object low = constant(call.operand(1), params, zone);
        Object high = constant(call.operand(2), params, zone);
        // Only plain BETWEEN: SYMMETRIC may swap the bounds, NOT BETWEEN is the complement.
        SqlBetweenOperator between = (SqlBetweenOperator) call.getOperator();
        if (col != null && low != null && high != null && !between.isNegated()
            && between.flag == SqlBetweenOperator.Flag.ASYMMETRIC) {
          out.add(new ColumnPredicate(col.name(), ColumnPredicate.Op.GE, List.of(adapt(low, col, zone))));
          out.add(new ColumnPredicate(col.name(), ColumnPredicate.Op.LE, List.of(adapt(high, col, zone))));
        }
      }
      case IS_NULL, IS_NOT_NULL -> {
        ScanColumn col = column(call.operand(0), ref, columns);
        if (col != null) {
          out.add(new ColumnPredicate(col.name(), kind == SqlKind.IS_NULL ? ColumnPredicate.Op.IS_NULL
              : ColumnPredicate.Op.IS_NOT_NULL, List.of()));
        }
      }
      case OR -> {
        // a = 1 OR a = 2 OR a IN (3, 4) is a = ANY of them: an IN the formats can skip with (row filters of
        // several roles combine this way). Any other disjunct makes the whole OR unusable for skipping.
        List<SqlNode> disjuncts = new ArrayList<>();
        splitOr(call, disjuncts);
        String column = null;
        List<Object> values = new ArrayList<>();
        for (SqlNode d : disjuncts) {
          List<ColumnPredicate> one = new ArrayList<>();
          translate(d, ref, columns, params, zone, one);
          if (one.size() != 1) {
            return;
          }
          ColumnPredicate p = one.get(0);
          if ((p.op() != ColumnPredicate.Op.EQ && p.op() != ColumnPredicate.Op.IN)
              || (column != null && !column.equals(p.column()))) {
            return;
          }
          column = p.column();
          values.addAll(p.values());
        }
        out.add(new ColumnPredicate(column, ColumnPredicate.Op.IN, values));
      }
      default -> { }
    }
  }

  private static void splitOr(SqlNode node, List<SqlNode> out) {
    if (node.getKind() == SqlKind.OR) {
      for (SqlNode operand : ((SqlCall) node).getOperandList()) {
        splitOr(operand, out);
      }
    } else {
      out.add(node);
    }
  }

  private static ColumnPredicate.Op op(SqlKind kind) {
    return switch (kind) {
      case EQUALS -> ColumnPredicate.Op.EQ;
      case LESS_THAN -> ColumnPredicate.Op.LT;
      case LESS_THAN_OR_EQUAL -> ColumnPredicate.Op.LE;
      case GREATER_THAN -> ColumnPredicate.Op.GT;
      default -> ColumnPredicate.Op.GE;
    };
  }

  /** The column an identifier names, when it surely is a column of this reference. */
  private static ScanColumn column(SqlNode node, Scope ref, List<ScanColumn> columns) {
    if (!(node instanceof SqlIdentifier id) || node instanceof ScanNode) {
      return null;
    }
    String name;
    if (id.names.size() == 2 && id.names.get(0).equalsIgnoreCase(ref.qualifier)) {
      name = id.names.get(1);
    } else if (id.names.size() == 1 && ref.soleRelation) {
      name = id.names.get(0);
    } else {
      return null;
    }
    for (ScanColumn c : columns) {
      if (c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    return null;
  }

  /**
   * A literal, parameter or cast of one, normalised: integers as Long, exact decimals as BigDecimal, text as String
   * (cast later to the column's type, as DuckDB casts it), typed dates and times as LocalDate, LocalDateTime
   * (without time zone) and Instant (with time zone); null when it is not such a constant or not exact.
   */
  private static Object constant(SqlNode node, List<Object> params, ZoneId zone) {
    if (node instanceof SqlDynamicParam p) {
      return normalize(params.get(p.getIndex()), zone);
    }
    if (node instanceof SqlNumericLiteral n) {
      if (!n.isExact()) {
        // 1e3 is a DOUBLE to the engine, which compares it with BIGINT / DECIMAL columns as doubles: not exact.
        return null;
      }
      BigDecimal d = n.getValueAs(BigDecimal.class);
      return normalize(d, zone);
    }
    if (node instanceof SqlCharStringLiteral s) {
      return s.getValueAs(String.class);
    }
    if (node instanceof SqlUnknownLiteral u) {
      // Babel leaves DATE '...' and friends unresolved; DuckDB parses the text.
      return typedText(u.tag.toUpperCase(Locale.ROOT), u.getValue(), zone);
    }
    if (node instanceof SqlLiteral l) {
      if (l.getTypeName() == SqlTypeName.BOOLEAN) {
        return l.getValueAs(Boolean.class);
      }
      if (l.getTypeName() == SqlTypeName.DATE) {
        return LocalDate.parse(l.getValueAs(DateString.class).toString());
      }
      if (l.getTypeName() == SqlTypeName.TIMESTAMP) {
        return LocalDateTime.parse(l.getValueAs(TimestampString.class).toString().replace(' ', 'T'));
      }
    }
    if (node instanceof SqlBasicCall call && call.getKind() == SqlKind.CAST && call.operandCount() == 2
        && call.operand(1) instanceof SqlDataTypeSpec type) {
      Object value = constant(call.operand(0), params, zone);
      return value == null ? null : cast(value, type, zone);
    }
    return null;
  }

  /** The value of a typed literal such as {@code DATE '2023-03-15'}, when its text is in a strict form. */
  private static Object typedText(String tag, String text, ZoneId zone) {
    return switch (tag) {
      case "DATE" -> DuckDbCasts.date(text);
      case "TIMESTAMP" -> DuckDbCasts.timestamp(text);
      case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE" -> DuckDbCasts.timestampTz(text, zone);
      default -> null;
    };
  }

  /** {@code CAST(value AS type)} as DuckDB computes it, when that is exact and replicated here; else null. */
  private static Object cast(Object value, SqlDataTypeSpec spec, ZoneId zone) {
    SqlTypeNameSpec name = spec.getTypeNameSpec();
    String type;
    int precision = -1;
    int scale = -1;
    if (name instanceof SqlBasicTypeNameSpec basic) {
      type = basic.getTypeName().getSimple().toUpperCase(Locale.ROOT);
      precision = basic.getPrecision();
      scale = basic.getScale();
    } else if (name instanceof SqlUserDefinedTypeNameSpec user && user.getTypeName().isSimple()) {
      type = user.getTypeName().getSimple().toUpperCase(Locale.ROOT);
    } else {
      return null;
    }
    if (spec.getCollectionsTypeName() != null) {
      return null;
    }
    switch (type) {
      case "DATE":
        return value instanceof LocalDate ? value : value instanceof String s ? DuckDbCasts.date(s) : null;
      case "TIMESTAMP":
        if (precision >= 0) {
          return null;
        }
        return asLocalDateTime(value);
      case "TIMESTAMP_TZ", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE":
        if (precision >= 0) {
          return null;
        }
        return asInstant(value, zone);
      case "BIGINT", "INT8", "LONG":
        return asInteger(value, Long.MIN_VALUE, Long.MAX_VALUE);
      case "INTEGER", "INT", "INT4":
        return asInteger(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case "SMALLINT", "INT2":
        return asInteger(value, Short.MIN_VALUE, Short.MAX_VALUE);
      case "TINYINT", "INT1":
        return asInteger(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case "DECIMAL", "NUMERIC":
        if (precision <= 0 || scale < 0) {
          return null;
        }
        BigDecimal d = value instanceof Long l ? BigDecimal.valueOf(l) : value instanceof BigDecimal b ? b
            : value instanceof String s ? DuckDbCasts.decimal(s) : null;
        if (d == null || d.stripTrailingZeros().scale() > scale) {
          return null;
        }
        BigDecimal exact = d.setScale(scale);
        return exact.precision() > precision ? null : normalize(exact, zone);
      case "BOOLEAN":
        return value instanceof Boolean ? value : null;
      default:
        return null;
    }
  }

  private static Object asLocalDateTime(Object value) {
    if (value instanceof LocalDateTime) {
      return value;
    }
    if (value instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    return value instanceof String s ? DuckDbCasts.timestamp(s) : null;
  }

  private static Object asInstant(Object value, ZoneId zone) {
    if (value instanceof Instant) {
      return value;
    }
    if (value instanceof String s) {
      return DuckDbCasts.timestampTz(s, zone);
    }
    Object local = asLocalDateTime(value);
    return local instanceof LocalDateTime t ? DuckDbCasts.inZone(t, zone) : null;
  }

  private static Long asInteger(Object value, long min, long max) {
    Long l = value instanceof Long v ? v : value instanceof String s ? DuckDbCasts.integer(s) : null;
    return l != null && l >= min && l <= max ? l : null;
  }

  private static Object normalize(Object v, ZoneId zone) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException notAnInteger) {
        return d;
      }
    }
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof Long || v instanceof String || v instanceof Boolean || v instanceof LocalDate
        || v instanceof LocalDateTime) {
      return v;
    }
    return null;
  }

  /**
   * The constant as a value of the column's type, as DuckDB compares them: text is cast to a date, timestamp,
   * integer or decimal column (strict forms only, {@link DuckDbCasts}); a date against a timestamp column is its
   * midnight; a local date-time against a TIMESTAMP WITH TIME ZONE column is that clock time in the session zone.
   * A value that does not fit is handed over unchanged, and the formats translate only values of the column's
   * type.
   */
  private static Object adapt(Object value, ScanColumn col, ZoneId zone) {
    if (!(col.type() instanceof FieldType.Primitive p)) {
      return value;
    }
    Object adapted = switch (p.kind()) {
      case DATE -> value instanceof String s ? DuckDbCasts.date(s) : value;
      case TIMESTAMP -> value instanceof String || value instanceof LocalDate ? asLocalDateTime(value) : value;
      case TIMESTAMP_TZ -> value instanceof String || value instanceof LocalDate || value instanceof LocalDateTime
          ? asInstant(value, zone) : value;
      case TINYINT, SMALLINT, INTEGER, BIGINT -> value instanceof String s ? DuckDbCasts.integer(s) : value;
      case DECIMAL -> value instanceof String s ? DuckDbCasts.decimal(s) : value;
      default -> value;
    };
    // Text that is not in a strict form stays text: no format translates it for a column of another type.
    return adapted == null ? value : adapted;
  }
}
