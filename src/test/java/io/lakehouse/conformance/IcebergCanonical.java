package io.lakehouse.conformance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Iceberg generic values (what {@code IcebergGenerics} and the generic Parquet reader return: Record, List, Map,
 * LocalDate, LocalTime, LocalDateTime, OffsetDateTime, ByteBuffer, byte[], UUID, BigDecimal, boxed primitives,
 * CharSequence) in {@link CanonicalValues}' text form, driven by the Iceberg type so that each value renders the way
 * the driver's JDBC value of the same column renders.
 */
public final class IcebergCanonical {
  private IcebergCanonical() {}

  /** One row: each top-level field of {@code struct} rendered ({@code null} for SQL NULL). */
  public static List<String> row(Types.StructType struct, StructLike record) {
    List<String> out = new ArrayList<>();
    List<Types.NestedField> fields = struct.fields();
    for (int i = 0; i < fields.size(); i++) {
      out.add(value(fields.get(i).type(), record.get(i, Object.class)));
    }
    return out;
  }

  /** A top-level value: SQL NULL is Java {@code null}. */
  public static String value(Type type, Object v) {
    return v == null || type.typeId() == Type.TypeID.UNKNOWN ? null : nested(type, v);
  }

  /** A value inside a struct, list or map: NULL is {@code "null"}. */
  static String nested(Type type, Object v) {
    if (v == null || type.typeId() == Type.TypeID.UNKNOWN) {
      return "null";
    }
    switch (type.typeId()) {
      case STRUCT: {
        Types.StructType st = type.asStructType();
        StructLike s = (StructLike) v;
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < st.fields().size(); i++) {
          Types.NestedField f = st.fields().get(i);
          j.add(f.name() + ": " + nested(f.type(), s.get(i, Object.class)));
        }
        return j.toString();
      }
      case LIST: {
        Type element = type.asListType().elementType();
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (Object o : (Collection<?>) v) {
          j.add(nested(element, o));
        }
        return j.toString();
      }
      case MAP: {
        Types.MapType mt = type.asMapType();
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          sorted.put(nested(mt.keyType(), e.getKey()), nested(mt.valueType(), e.getValue()));
        }
        StringJoiner j = new StringJoiner(", ", "{", "}");
        sorted.forEach((k, val) -> j.add(k + "=" + val));
        return j.toString();
      }
      case DECIMAL:
        return ((BigDecimal) v).setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY)
            .toPlainString();
      case STRING:
        return v.toString(); // CharSequence (Utf8 and the like) as text
      case BINARY:
      case FIXED:
        if (v instanceof ByteBuffer b) {
          return leaf(b.duplicate());
        }
        return leaf(v);
      default:
        return leaf(v);
    }
  }

  private static String leaf(Object v) {
    try {
      return CanonicalValues.render(v);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
