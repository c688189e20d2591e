package io.lakehouse.table;

import java.util.List;
import java.util.Map;

/**
 * One data file to read, with what must be removed from it.
 *
 * @param location the file's location as the table metadata names it
 * @param sizeBytes file size
 * @param recordCount rows in the file before deletes, or -1 when unknown
 * @param constants per-file values of columns that use them ({@link ScanColumn#usesConstants()}), by column name:
 *     partition values, row-lineage bases; as text in SQL literal form (dates {@code 2024-01-31}, timestamps
 *     {@code 2024-01-31 10:00:00.123456}, with an offset for instants, binary as lowercase hex), null for SQL NULL;
 *     a missing key means the file has no constant for that column
 * @param deletedRows rows deleted by a deletion vector (Delta, Iceberg v3), or null: a descriptor whose positions
 *     are decoded only when the engine reads the file ({@link DeletedRows}), so a cached plan holds no positions
 * @param positionDeletes Iceberg position-delete files that apply to this file
 * @param equalityDeletes Iceberg equality-delete files that apply to this file
 * @param columnStats exact per-column statistics by column name ({@link ColumnStats}); empty unless the plan was
 *     made {@link TableSnapshot#plan(List, boolean) with statistics}, and a missing column means unknown
 */
public record ScanFile(String location, long sizeBytes, long recordCount, Map<String, String> constants,
    DeletedRows deletedRows, List<PositionDeleteFile> positionDeletes, List<EqualityDeleteFile> equalityDeletes,
    Map<String, ColumnStats> columnStats) {

  /** A file without column statistics. */
  public ScanFile(String location, long sizeBytes, long recordCount, Map<String, String> constants,
      DeletedRows deletedRows, List<PositionDeleteFile> positionDeletes, List<EqualityDeleteFile> equalityDeletes) {
    this(location, sizeBytes, recordCount, constants, deletedRows, positionDeletes, equalityDeletes, Map.of());
  }

  /** Whether a deletion vector removes at least one row of this file (its cardinality; nothing is decoded). */
  public boolean hasDeletionVector() {
    return deletedRows != null && deletedRows.cardinality() > 0;
  }

  public boolean hasDeletes() {
    return hasDeletionVector() || !positionDeletes.isEmpty() || !equalityDeletes.isEmpty();
  }

  /** An Iceberg position-delete file ({@code file_path}, {@code pos}); rows apply where file_path = dataPath. */
  public record PositionDeleteFile(String location, String dataPath) {}

  /** An Iceberg equality-delete file; a data row is deleted when its key columns equal a delete row's. */
  public record EqualityDeleteFile(String location, List<ScanColumn> keyColumns) {}
}
