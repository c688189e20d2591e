package io.lakehouse.table;

import java.util.List;

/**
 * The files that make up one table snapshot, pruned, with everything the engine needs to read them correctly.
 *
 * @param columns columns in table order
 * @param metadataColumns hidden columns a query may ask for by name (row lineage); not part of {@code SELECT *}
 * @param files data files
 * @param planningNanos time spent planning, for EXPLAIN and benchmarks
 * @param matching how columns are found in the data files
 */
public record ScanPlan(List<ScanColumn> columns, List<ScanColumn> metadataColumns, List<ScanFile> files,
    long planningNanos, FileMatching matching) {

  /** How the engine finds a column (and nested field) in a data file. */
  public enum FileMatching {
    /** By name: {@link Field#fileNames()}. */
    BY_NAME,
    /** By Parquet field id; a file without field ids cannot be read correctly (no rule says what it holds). */
    BY_FIELD_ID,
    /** By Parquet field id; in files without field ids, by {@link Field#fileNames()} (Iceberg name mapping). */
    BY_FIELD_ID_ELSE_NAME
  }
}
