package io.lakehouse.table;

import java.util.List;

/**
 * A column or nested field: what SQL calls it and how data files store it.
 *
 * @param name the logical name SQL uses
 * @param id the Parquet field id files carry (Iceberg, Delta column mapping 'id'), or null
 * @param fileNames names under which files without field ids store it, in order of preference: Delta's physical
 *     name (column mapping) or the name itself; Iceberg's {@code schema.name-mapping.default} names; empty when
 *     such files cannot hold it (list elements and map entries are found by position)
 * @param type the field's type
 * @param nullable whether the schema allows nulls
 * @param initialDefault the value of the field in files written before it existed (Iceberg v3 initial-default), as
 *     text the engine casts to the type; null when such rows read NULL
 */
public record Field(String name, Integer id, List<String> fileNames, FieldType type, boolean nullable,
    String initialDefault) {
  public Field {
    fileNames = List.copyOf(fileNames);
  }

  /** A field found in files by its name only (no field id, no default). */
  public static Field named(String name, String fileName, FieldType type, boolean nullable) {
    return new Field(name, null, List.of(fileName), type, nullable, null);
  }
}
