package io.lakehouse.jdbc;

import java.sql.Types;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DuckDB type names as JDBC types: the one mapping used by result metadata and DatabaseMetaData. */
final class JdbcTypes {
  private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\((\\d+),\\s*(\\d+)\\)");

  private JdbcTypes() {}

  static int jdbcType(String duckdbType) {
    String t = duckdbType.toUpperCase(Locale.ROOT).trim();
    if (t.endsWith("]") || t.equals("ARRAY")) {  // DuckDB names lists T[]; getTypeInfo lists them as ARRAY
      return Types.ARRAY;
    }
    if (t.startsWith("STRUCT")) {
      return Types.STRUCT;
    }
    if (t.startsWith("MAP")) {
      return Types.JAVA_OBJECT;
    }
    if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
      return Types.DECIMAL;
    }
    return switch (t) {
      case "BOOLEAN" -> Types.BOOLEAN;
      case "TINYINT" -> Types.TINYINT;
      case "SMALLINT" -> Types.SMALLINT;
      case "INTEGER" -> Types.INTEGER;
      case "BIGINT" -> Types.BIGINT;
      case "HUGEINT", "UHUGEINT", "UBIGINT" -> Types.NUMERIC;
      case "UTINYINT" -> Types.SMALLINT;
      case "USMALLINT" -> Types.INTEGER;
      case "UINTEGER" -> Types.BIGINT;
      case "FLOAT", "REAL" -> Types.REAL;
      case "DOUBLE" -> Types.DOUBLE;
      case "VARCHAR", "UUID", "JSON" -> Types.VARCHAR;
      case "BLOB", "BYTEA", "VARBINARY" -> Types.VARBINARY;
      case "DATE" -> Types.DATE;
      case "TIME" -> Types.TIME;
      case "TIME WITH TIME ZONE" -> Types.TIME_WITH_TIMEZONE;
      case "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S" -> Types.TIMESTAMP;
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> Types.TIMESTAMP_WITH_TIMEZONE;
      case "INTERVAL" -> Types.OTHER;
      case "\"NULL\"", "NULL" -> Types.NULL;
      default -> Types.OTHER;
    };
  }

  static String javaClass(String duckdbType) {
    return switch (jdbcType(duckdbType)) {
      case Types.BOOLEAN -> Boolean.class.getName();
      case Types.TINYINT -> Byte.class.getName();
      case Types.SMALLINT -> Short.class.getName();
      case Types.INTEGER -> Integer.class.getName();
      case Types.BIGINT -> Long.class.getName();
      case Types.REAL -> Float.class.getName();
      case Types.DOUBLE -> Double.class.getName();
      case Types.DECIMAL, Types.NUMERIC -> java.math.BigDecimal.class.getName();
      case Types.VARCHAR -> String.class.getName();
      case Types.VARBINARY -> byte[].class.getName();
      case Types.DATE -> java.sql.Date.class.getName();
      case Types.TIME -> java.time.LocalTime.class.getName();
      case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
      case Types.TIMESTAMP_WITH_TIMEZONE -> java.time.OffsetDateTime.class.getName();
      case Types.ARRAY -> java.sql.Array.class.getName();
      case Types.STRUCT -> java.sql.Struct.class.getName();
      case Types.JAVA_OBJECT -> java.util.Map.class.getName();
      default -> Object.class.getName();
    };
  }

  static boolean isSigned(int jdbcType) {
    return switch (jdbcType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.DOUBLE, Types.DECIMAL,
          Types.NUMERIC -> true;
      default -> false;
    };
  }

  /** Column size as DatabaseMetaData.getColumns means it: digits for numbers, characters for text and times. */
  static int precision(String duckdbType) {
    Matcher m = DECIMAL.matcher(duckdbType.toUpperCase(Locale.ROOT));
    if (m.matches()) {
      return Integer.parseInt(m.group(1));
    }
    String t = duckdbType.toUpperCase(Locale.ROOT).trim();
    if (t.equals("UUID")) {
      return 36;
    }
    return switch (jdbcType(duckdbType)) {
      // Text and binary have no declared length: the largest size JDBC can state, as getTypeInfo says.
      case Types.VARCHAR, Types.VARBINARY -> Integer.MAX_VALUE;
      case Types.BOOLEAN -> 1;
      case Types.TINYINT -> 3;
      case Types.SMALLINT -> 5;
      case Types.INTEGER -> 10;
      case Types.BIGINT -> 19;
      case Types.REAL -> 7;
      case Types.DOUBLE -> 15;
      case Types.NUMERIC -> 38;
      case Types.DATE -> 10;
      case Types.TIME -> 15;
      case Types.TIMESTAMP -> 26;
      case Types.TIMESTAMP_WITH_TIMEZONE -> 32;
      default -> 0;
    };
  }

  static int scale(String duckdbType) {
    Matcher m = DECIMAL.matcher(duckdbType.toUpperCase(Locale.ROOT));
    if (m.matches()) {
      return Integer.parseInt(m.group(2));
    }
    return switch (jdbcType(duckdbType)) {
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.TIME -> 6;
      default -> 0;
    };
  }

  static int displaySize(String duckdbType) {
    int p = precision(duckdbType);
    return p == Integer.MAX_VALUE ? p : p > 0 ? p + 2 : 64;
  }
}
