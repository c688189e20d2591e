package io.lakehouse.table.iceberg;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.table.Field;
import io.lakehouse.table.FieldType.Kind;
import io.lakehouse.table.FieldType.Primitive;
import io.lakehouse.table.FieldType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.mapping.MappedField;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Iceberg schema fields as the reader's {@link Field}s: every field, list element and map entry is found in data
 * files by its field id; files without field ids (imported or migrated Parquet) by the table's name mapping
 * ({@code schema.name-mapping.default}), as the spec's column projection says. Fields added after a file was
 * written read their {@code initial-default} there.
 */
final class IcebergFields {
  private final NameMapping mapping;
  private final String table;

  /**
   * @param mapping the table's name mapping, or null when it has none
   */
  IcebergFields(NameMapping mapping, String table) {
    this.mapping = mapping;
    this.table = table;
  }

  Field field(Types.NestedField f) throws SQLException {
    return field(f, f.name());
  }

  private Field field(Types.NestedField f, String column) throws SQLException {
    String initial = null;
    if (f.initialDefault() != null) {
      if (!f.type().isPrimitiveType()) {
        throw unsupported(column, "a non-null initial default on a nested field");
      }
      initial = IcebergValues.text(f.type(), f.initialDefault());
    }
    return new Field(f.name(), f.fieldId(), names(f.fieldId()), type(f.type(), column), f.isOptional(), initial);
  }

  /** The names files without field ids use for this field id, per the name mapping. */
  private List<String> names(int id) {
    if (mapping == null) {
      return List.of();
    }
    MappedField m = mapping.find(id);
    return m == null ? List.of() : List.copyOf(m.names());
  }

  private FieldType type(Type t, String column) throws SQLException {
    switch (t.typeId()) {
      case BOOLEAN:
        return Primitive.of(Kind.BOOLEAN);
      case INTEGER:
        return Primitive.of(Kind.INTEGER);
      case LONG:
        return Primitive.of(Kind.BIGINT);
      case FLOAT:
        return Primitive.of(Kind.FLOAT);
      case DOUBLE:
        return Primitive.of(Kind.DOUBLE);
      case DECIMAL:
        Types.DecimalType d = (Types.DecimalType) t;
        return Primitive.decimal(d.precision(), d.scale());
      case DATE:
        return Primitive.of(Kind.DATE);
      case TIME:
        return Primitive.of(Kind.TIME);
      case TIMESTAMP:
        return Primitive.of(((Types.TimestampType) t).shouldAdjustToUTC() ? Kind.TIMESTAMP_TZ : Kind.TIMESTAMP);
      case TIMESTAMP_NANO:
        return Primitive.of(((Types.TimestampNanoType) t).shouldAdjustToUTC() ? Kind.TIMESTAMP_NS_TZ
            : Kind.TIMESTAMP_NS);
      case STRING:
        return Primitive.of(Kind.STRING);
      case UUID:
        return Primitive.of(Kind.UUID);
      case FIXED:
        return new Primitive(Kind.FIXED, ((Types.FixedType) t).length(), 0);
      case BINARY:
        return Primitive.of(Kind.BINARY);
      case UNKNOWN:
        return Primitive.of(Kind.UNKNOWN);
      case LIST:
        Types.ListType l = t.asListType();
        return new FieldType.ListOf(field(l.fields().get(0), column));
      case MAP:
        Types.MapType m = t.asMapType();
        return new FieldType.MapOf(field(m.fields().get(0), column), field(m.fields().get(1), column));
      case STRUCT:
        List<Field> fields = new ArrayList<>();
        for (Types.NestedField f : t.asStructType().fields()) {
          fields.add(field(f, column));
        }
        return new FieldType.Struct(fields);
      default:
        // VARIANT (may be shredded into typed columns), GEOMETRY, GEOGRAPHY
        throw unsupported(column, "Iceberg type " + t);
    }
  }

  private SQLException unsupported(String column, String what) {
    return new LakehouseSqlException("Column '" + column + "' of table '" + table + "' uses " + what
        + ", which this driver cannot read yet", SqlState.NOT_SUPPORTED);
  }
}
