package io.lakehouse.table.delta;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
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
import io.lakehouse.LakehouseSqlException;
import java.sql.SQLException;
import java.util.StringJoiner;

/** Delta types as DuckDB types. Delta {@code timestamp} is an instant; {@code timestamp_ntz} a local date-time. */
final class DeltaTypes {
  private DeltaTypes() {}

  static String duckdbType(DataType t, String column) throws SQLException {
    if (t instanceof BooleanType) {
      return "BOOLEAN";
    } else if (t instanceof ByteType) {
      return "TINYINT";
    } else if (t instanceof ShortType) {
      return "SMALLINT";
    } else if (t instanceof IntegerType) {
      return "INTEGER";
    } else if (t instanceof LongType) {
      return "BIGINT";
    } else if (t instanceof FloatType) {
      return "FLOAT";
    } else if (t instanceof DoubleType) {
      return "DOUBLE";
    } else if (t instanceof DecimalType d) {
      return "DECIMAL(" + d.getPrecision() + "," + d.getScale() + ")";
    } else if (t instanceof StringType) {
      return "VARCHAR";
    } else if (t instanceof BinaryType) {
      return "BLOB";
    } else if (t instanceof DateType) {
      return "DATE";
    } else if (t instanceof TimestampType) {
      return "TIMESTAMP WITH TIME ZONE";
    } else if (t instanceof TimestampNTZType) {
      return "TIMESTAMP";
    } else if (t instanceof ArrayType a) {
      return duckdbType(a.getElementType(), column) + "[]";
    } else if (t instanceof MapType m) {
      return "MAP(" + duckdbType(m.getKeyType(), column) + ", " + duckdbType(m.getValueType(), column) + ")";
    } else if (t instanceof StructType s) {
      StringJoiner j = new StringJoiner(", ", "STRUCT(", ")");
      for (StructField f : s.fields()) {
        j.add(quote(f.getName()) + " " + duckdbType(f.getDataType(), column));
      }
      return j.toString();
    }
    throw new LakehouseSqlException("Column '" + column + "' has Delta type " + t
        + ", which this driver cannot read yet", LakehouseSqlException.NOT_SUPPORTED);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
