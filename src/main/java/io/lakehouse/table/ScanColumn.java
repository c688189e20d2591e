package io.lakehouse.table;

/**
 * A column of a table snapshot as the reader must read it.
 *
 * @param field the column: name, type, and how data files store it
 * @param source where its values come from (data files, per-file constants, or both)
 * @param addsRowPosition for a per-file constant: the row's position in its data file is added to it (a row id
 *     from a file's first row id)
 */
public record ScanColumn(Field field, Source source, boolean addsRowPosition) {
  /** Where a column's values come from. Per-file constants are {@link ScanFile#constants()}. */
  public enum Source {
    /** The data files. */
    DATA,
    /** A per-file constant only (Delta partition columns): NULL where a file has none. */
    CONSTANT,
    /** The file's constant when it has one, else the data (Iceberg identity partitions: the spec's projection). */
    CONSTANT_OR_DATA,
    /** The data where not NULL, else the file's constant (row lineage: materialized values win). */
    DATA_OR_CONSTANT
  }

  /** A column read from the data files. */
  public static ScanColumn data(Field field) {
    return new ScanColumn(field, Source.DATA, false);
  }

  public String name() {
    return field.name();
  }

  public FieldType type() {
    return field.type();
  }

  public boolean nullable() {
    return field.nullable();
  }

  /** Whether the data files hold this column (at least some of them may). */
  public boolean readsData() {
    return source != Source.CONSTANT;
  }

  /** Whether some files give this column as a per-file constant (partition values, row lineage bases). */
  public boolean usesConstants() {
    return source != Source.DATA;
  }
}
