package io.lakehouse.table.iceberg;

import io.lakehouse.LakehouseSqlException;
import java.sql.SQLException;
import java.util.StringJoiner;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Iceberg types as DuckDB types. */
final class IcebergTypes {
  private IcebergTypes() {}

  static String duckdbType(Type t, String column) throws SQLException {
    switch (t.typeId()) {
      case BOOLEAN:
        return "BOOLEAN";
      case INTEGER:
        return "INTEGER";
      case LONG:
        return "BIGINT";
      case FLOAT:
        return "FLOAT";
      case DOUBLE:
        return "DOUBLE";
      case DECIMAL:
        Types.DecimalType d = (Types.DecimalType) t;
        return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
      case DATE:
        return "DATE";
      case TIME:
        return "TIME";
      case TIMESTAMP:
        return ((Types.TimestampType) t).shouldAdjustToUTC() ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
      case STRING:
        return "VARCHAR";
      case UUID:
        return "UUID";
      case FIXED:
      case BINARY:
        return "BLOB";
      case LIST:
        return duckdbType(t.asListType().elementType(), column) + "[]";
      case MAP:
        Types.MapType m = t.asMapType();
        return "MAP(" + duckdbType(m.keyType(), column) + ", " + duckdbType(m.valueType(), column) + ")";
      case STRUCT:
        StringJoiner j = new StringJoiner(", ", "STRUCT(", ")");
        for (Types.NestedField f : t.asStructType().fields()) {
          j.add("\"" + f.name().replace("\"", "\"\"") + "\" " + duckdbType(f.type(), column));
        }
        return j.toString();
      default:
        throw new LakehouseSqlException("Column '" + column + "' has Iceberg type " + t
            + ", which this driver cannot read yet", LakehouseSqlException.NOT_SUPPORTED);
    }
  }
}
