package io.lakehouse.table.iceberg;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.table.ColumnPredicate;
import io.lakehouse.table.PlanCache;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableSnapshot;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * One Iceberg snapshot. Columns are read by field id, so renamed, reordered and added columns come out right in
 * every data file. Iceberg's own planner decides which delete files apply to which data file (sequence numbers,
 * partition scope); the engine only applies them.
 */
final class IcebergSnapshot implements TableSnapshot {
  private final String displayName;
  private final Table table;
  private final TableScan scan;
  private final Snapshot snapshot;
  private final List<ScanColumn> columns;
  private final PlanCache plans = new PlanCache();

  IcebergSnapshot(String displayName, Table table, TableScan scan, Snapshot snapshot) throws SQLException {
    this.displayName = displayName;
    this.table = table;
    this.scan = scan;
    this.snapshot = snapshot;
    this.columns = columnsOf(scan.schema());
  }

  private List<ScanColumn> columnsOf(Schema schema) throws SQLException {
    List<ScanColumn> cols = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      cols.add(column(f));
    }
    return List.copyOf(cols);
  }

  private static ScanColumn column(Types.NestedField f) throws SQLException {
    return new ScanColumn(f.name(), IcebergTypes.duckdbType(f.type(), f.name()), f.fieldId(), false,
        f.isOptional());
  }

  @Override
  public String format() {
    return "iceberg";
  }

  @Override
  public long version() {
    return snapshot == null ? -1 : snapshot.snapshotId();
  }

  @Override
  public Instant committedAt() {
    return snapshot == null ? Instant.EPOCH : Instant.ofEpochMilli(snapshot.timestampMillis());
  }

  @Override
  public List<ScanColumn> columns() {
    return columns;
  }

  @Override
  public ScanPlan plan(List<ColumnPredicate> predicates) throws SQLException {
    return plans.get(predicates, this::planFiles);
  }

  private ScanPlan planFiles(List<ColumnPredicate> predicates) throws SQLException {
    long start = System.nanoTime();
    List<ScanFile> files = new ArrayList<>();
    if (snapshot == null) {
      return new ScanPlan(columns, files, System.nanoTime() - start);
    }
    TableScan filtered = predicates.isEmpty() ? scan
        : scan.filter(IcebergPredicates.translate(scan.schema(), predicates));
    try (CloseableIterable<FileScanTask> tasks = filtered.planFiles()) {
      for (FileScanTask task : tasks) {
        if (task.file().format() != FileFormat.PARQUET) {
          throw unsupported(task.file().format() + " data files");
        }
        List<ScanFile.PositionDeleteFile> positionDeletes = new ArrayList<>();
        List<ScanFile.EqualityDeleteFile> equalityDeletes = new ArrayList<>();
        for (DeleteFile delete : task.deletes()) {
          if (delete.format() != FileFormat.PARQUET) {
            throw unsupported(delete.format() == FileFormat.PUFFIN ? "deletion vectors (Iceberg v3)"
                : delete.format() + " delete files");
          }
          if (delete.content() == FileContent.POSITION_DELETES) {
            positionDeletes.add(new ScanFile.PositionDeleteFile(delete.location(), task.file().location()));
          } else {
            equalityDeletes.add(new ScanFile.EqualityDeleteFile(delete.location(), keyColumns(delete)));
          }
        }
        files.add(new ScanFile(task.file().location(), task.file().fileSizeInBytes(), task.file().recordCount(),
            Map.of(), null, List.copyOf(positionDeletes), List.copyOf(equalityDeletes)));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof LakehouseSqlException.Unchecked u) {
        throw u.getCause();
      }
      SQLException storage = StorageErrors.find(e, displayName);
      if (storage != null) {
        throw storage;
      }
      throw new LakehouseSqlException("Cannot plan a scan of table '" + displayName + "' at snapshot "
          + version() + ": " + e.getMessage(), LakehouseSqlException.STORAGE_FAILURE, e);
    }
    return new ScanPlan(columns, files, System.nanoTime() - start);
  }

  private List<ScanColumn> keyColumns(DeleteFile delete) {
    List<ScanColumn> keys = new ArrayList<>();
    for (int id : delete.equalityFieldIds()) {
      Types.NestedField f = findField(id);
      if (f == null) {
        throw new LakehouseSqlException.Unchecked(unsupported("an equality delete on a column (field id " + id
            + ") that no schema of the table has"));
      }
      try {
        keys.add(column(f));
      } catch (SQLException e) {
        throw new LakehouseSqlException.Unchecked(e);
      }
    }
    return keys;
  }

  private Types.NestedField findField(int id) {
    Types.NestedField f = scan.schema().findField(id);
    if (f != null) {
      return f;
    }
    for (Schema s : table.schemas().values()) {
      f = s.findField(id);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  private SQLException unsupported(String what) {
    return new LakehouseSqlException("Table '" + displayName + "' uses " + what + ", which this driver cannot "
        + "read correctly yet", LakehouseSqlException.NOT_SUPPORTED);
  }
}
