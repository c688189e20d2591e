package io.lakehouse.table;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** One pinned snapshot of a table: its schema and, on demand, the files to read. */
public interface TableSnapshot {
  /** The table's format. */
  TableFormat format();

  /** The Delta version or Iceberg snapshot id ({@code -1} for an Iceberg table without snapshots). */
  long version();

  /** When the snapshot was committed. */
  Instant committedAt();

  /** Columns in table order. */
  List<ScanColumn> columns();

  /** Plans all files to read, with partition values and deletes. */
  default ScanPlan plan() throws SQLException {
    return plan(List.of());
  }

  /**
   * Plans the files to read, skipping files that cannot match the predicates (all must hold). Predicates a format
   * cannot translate exactly are ignored.
   */
  ScanPlan plan(List<ColumnPredicate> predicates) throws SQLException;

  /**
   * Plans like {@link #plan(List)}; with {@code withStats}, each file also carries its exact
   * {@link ScanFile#columnStats() column statistics} and record count where the format's metadata has them (for
   * answering aggregates from metadata). Formats without statistics plan as usual.
   */
  default ScanPlan plan(List<ColumnPredicate> predicates, boolean withStats) throws SQLException {
    return plan(predicates);
  }
}
