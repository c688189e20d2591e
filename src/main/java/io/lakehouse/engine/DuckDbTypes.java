package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.table.Field;
import io.lakehouse.table.FieldType;
import java.sql.SQLException;
import java.util.StringJoiner;

/** Table-format types as the DuckDB types the engine returns them as (the one mapping, for queries and metadata). */
public final class DuckDbTypes {
  private DuckDbTypes() {}

  /**
   * The DuckDB type of a column or nested field, with its logical field names.
   *
   * @throws SQLException 0A000 for a type DuckDB cannot hold exactly
   */
  public static String of(FieldType type) throws SQLException {
    if (type instanceof FieldType.Primitive p) {
      return primitive(p);
    } else if (type instanceof FieldType.ListOf l) {
      return of(l.element().type()) + "[]";
    } else if (type instanceof FieldType.MapOf m) {
      return "MAP(" + of(m.key().type()) + ", " + of(m.value().type()) + ")";
    }
    StringJoiner j = new StringJoiner(", ", "STRUCT(", ")");
    for (Field f : ((FieldType.Struct) type).fields()) {
      j.add(ScanRenderer.quote(f.name()) + " " + of(f.type()));
    }
    return j.toString();
  }

  private static String primitive(FieldType.Primitive p) throws SQLException {
    return switch (p.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case TINYINT -> "TINYINT";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case FLOAT -> "FLOAT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL -> {
        if (p.precision() > 38) {
          throw unsupported("DECIMAL(" + p.precision() + "," + p.scale() + ") (DuckDB holds at most 38 digits)");
        }
        yield "DECIMAL(" + p.precision() + "," + p.scale() + ")";
      }
      case STRING -> "VARCHAR";
      case BINARY, FIXED -> "BLOB";
      case UUID -> "UUID";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMP -> "TIMESTAMP";
      case TIMESTAMP_TZ -> "TIMESTAMP WITH TIME ZONE";
      case TIMESTAMP_NS -> "TIMESTAMP_NS";
      case TIMESTAMP_NS_TZ -> throw unsupported("nanosecond timestamps with time zone (DuckDB's TIMESTAMP WITH TIME "
          + "ZONE holds microseconds)");
      case VARIANT -> "JSON";
      case UNKNOWN -> "\"NULL\"";
    };
  }

  private static SQLException unsupported(String what) {
    return new LakehouseSqlException("The type " + what + " cannot be read exactly by this driver yet",
        SqlState.NOT_SUPPORTED);
  }
}
