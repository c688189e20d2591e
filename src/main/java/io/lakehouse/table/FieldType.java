package io.lakehouse.table;

import java.util.List;

/**
 * The type of a column or nested field as the table format defines it, independent of any engine: the engine
 * decides how to read and represent it.
 */
public sealed interface FieldType {
  /** Primitive kinds. Timestamps: {@code TIMESTAMP} is a local date-time, {@code TIMESTAMP_TZ} an instant. */
  enum Kind {
    BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL, STRING, BINARY, FIXED, UUID, DATE, TIME,
    TIMESTAMP, TIMESTAMP_TZ, TIMESTAMP_NS, TIMESTAMP_NS_TZ,
    /** Semi-structured value (Delta / Spark VARIANT): read as JSON text. */
    VARIANT,
    /** Iceberg v3 {@code unknown}: always NULL. */
    UNKNOWN
  }

  /**
   * A primitive type.
   *
   * @param precision DECIMAL precision, FIXED length; 0 otherwise
   * @param scale DECIMAL scale; 0 otherwise
   */
  record Primitive(Kind kind, int precision, int scale) implements FieldType {
    public static Primitive of(Kind kind) {
      return new Primitive(kind, 0, 0);
    }

    public static Primitive decimal(int precision, int scale) {
      return new Primitive(Kind.DECIMAL, precision, scale);
    }
  }

  /** A struct of named fields. */
  record Struct(List<Field> fields) implements FieldType {
    public Struct {
      fields = List.copyOf(fields);
    }
  }

  /** A list; its element is a field so that it can carry a Parquet field id. */
  record ListOf(Field element) implements FieldType {}

  /** A map; key and value are fields so that they can carry Parquet field ids. */
  record MapOf(Field key, Field value) implements FieldType {}
}
