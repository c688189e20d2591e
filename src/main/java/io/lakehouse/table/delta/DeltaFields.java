package io.lakehouse.table.delta;

import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.types.VariantType;
import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.table.Field;
import io.lakehouse.table.FieldType.Kind;
import io.lakehouse.table.FieldType.Primitive;
import io.lakehouse.table.FieldType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Delta schema fields as the reader's {@link Field}s, column mapping applied at every nesting level: a struct field
 * is found in data files by its physical name (mode 'name'; also the logical name when mapping is off) or its
 * field id (mode 'id'). List elements and map keys / values carry field ids only where Delta recorded them
 * ({@code delta.columnMapping.nested.ids}, written for Iceberg compatibility); else they are found by position.
 * Delta {@code timestamp} is an instant, {@code timestamp_ntz} a local date-time.
 */
final class DeltaFields {
  private final String mode;
  private final String table;

  /**
   * @param mode the column mapping mode: {@code none}, {@code name} or {@code id}
   */
  DeltaFields(String mode, String table) {
    this.mode = mode;
    this.table = table;
  }

  /** Whether data files are matched by Parquet field id (column mapping mode 'id'). */
  boolean byFieldId() {
    return mode.equals("id");
  }

  /** A top-level column. */
  Field field(StructField f) throws SQLException {
    return field(f, f.getName());
  }

  /** A struct field (top-level or nested) of the column named {@code column} (for messages). */
  private Field field(StructField f, String column) throws SQLException {
    String physical = mode.equals("none") ? f.getName() : ColumnMapping.getPhysicalName(f);
    Integer id = mode.equals("none") || !f.getMetadata().contains(ColumnMapping.COLUMN_MAPPING_ID_KEY) ? null
        : ColumnMapping.getColumnId(f);
    // Ids of list elements and map entries are recorded on the struct field that holds them, by physical path.
    NestedIds nested = new NestedIds(f.getMetadata());
    return new Field(f.getName(), id, List.of(physical), type(f.getDataType(), column, nested, physical),
        f.isNullable(), null);
  }

  /** Field ids Delta recorded for list elements and map entries under one top-level field, by physical path. */
  private record NestedIds(FieldMetadata metadata) {
    Integer get(String path) {
      if (!metadata.contains(ColumnMapping.COLUMN_MAPPING_NESTED_IDS_KEY)) {
        return null;
      }
      Object v = metadata.getMetadata(ColumnMapping.COLUMN_MAPPING_NESTED_IDS_KEY).get(path);
      return v instanceof Number n ? n.intValue() : null;
    }
  }

  private FieldType type(DataType t, String column, NestedIds nested, String path) throws SQLException {
    if (t instanceof BooleanType) {
      return Primitive.of(Kind.BOOLEAN);
    } else if (t instanceof ByteType) {
      return Primitive.of(Kind.TINYINT);
    } else if (t instanceof ShortType) {
      return Primitive.of(Kind.SMALLINT);
    } else if (t instanceof IntegerType) {
      return Primitive.of(Kind.INTEGER);
    } else if (t instanceof LongType) {
      return Primitive.of(Kind.BIGINT);
    } else if (t instanceof FloatType) {
      return Primitive.of(Kind.FLOAT);
    } else if (t instanceof DoubleType) {
      return Primitive.of(Kind.DOUBLE);
    } else if (t instanceof DecimalType d) {
      return Primitive.decimal(d.getPrecision(), d.getScale());
    } else if (t instanceof StringType) {
      return Primitive.of(Kind.STRING);
    } else if (t instanceof BinaryType) {
      return Primitive.of(Kind.BINARY);
    } else if (t instanceof DateType) {
      return Primitive.of(Kind.DATE);
    } else if (t instanceof TimestampType) {
      return Primitive.of(Kind.TIMESTAMP_TZ);
    } else if (t instanceof TimestampNTZType) {
      return Primitive.of(Kind.TIMESTAMP);
    } else if (t instanceof VariantType) {
      return Primitive.of(Kind.VARIANT);
    } else if (t instanceof ArrayType a) {
      String p = path + ".element";
      return new FieldType.ListOf(new Field("element", nested.get(p), List.of(),
          type(a.getElementType(), column, nested, p), a.containsNull(), null));
    } else if (t instanceof MapType m) {
      String k = path + ".key";
      String v = path + ".value";
      return new FieldType.MapOf(
          new Field("key", nested.get(k), List.of(), type(m.getKeyType(), column, nested, k), false, null),
          new Field("value", nested.get(v), List.of(), type(m.getValueType(), column, nested, v),
              m.isValueContainsNull(), null));
    } else if (t instanceof StructType s) {
      List<Field> fields = new ArrayList<>();
      for (StructField f : s.fields()) {
        fields.add(field(f, column));
      }
      return new FieldType.Struct(fields);
    }
    throw new LakehouseSqlException("Column '" + column + "' of table '" + table + "' has Delta type " + t
        + ", which this driver cannot read yet", SqlState.NOT_SUPPORTED);
  }
}
