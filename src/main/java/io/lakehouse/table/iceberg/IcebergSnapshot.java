package io.lakehouse.table.iceberg;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.table.ColumnPredicate;
import io.lakehouse.table.DeletedRows;
import io.lakehouse.table.PlanCache;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableFormat;
import io.lakehouse.table.TableSnapshot;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Types;

/**
 * One Iceberg snapshot, read as the spec's column projection says, for files any writer made: columns by field id
 * (renamed, reordered, added columns come out right in every data file), files without field ids by the table's
 * name mapping, columns a file predates as their initial default, identity-partition columns from the file's
 * partition tuple (writers may leave them out of the data files). Iceberg's own planner decides which delete files
 * apply to which data file (sequence numbers, partition scope); deletion vectors (v3) are planned as descriptors
 * ({@link IcebergDeletionVector}) and decoded when the engine reads the file.
 */
final class IcebergSnapshot implements TableSnapshot {
  /** Row lineage (v3), as the spec and Spark name these hidden columns. */
  static final String ROW_ID = MetadataColumns.ROW_ID.name();
  static final String LAST_UPDATED_SEQUENCE_NUMBER = MetadataColumns.LAST_UPDATED_SEQUENCE_NUMBER.name();

  private static final TableFormat FORMAT = new IcebergFormat();

  private final String displayName;
  private final Table table;
  private final TableScan scan;
  private final Snapshot snapshot;
  private final List<ScanColumn> columns;
  private final List<ScanColumn> metadataColumns;
  private final ScanPlan.FileMatching matching;
  private final IcebergFields fields;
  private final PlanCache plans;
  /** Plans with statistics (answers from metadata), in the same JVM-wide LRU. */
  private final PlanCache plansWithStats = new PlanCache();

  IcebergSnapshot(String displayName, Table table, TableScan scan, Snapshot snapshot, PlanCache plans)
      throws SQLException {
    this.plans = plans;
    this.displayName = displayName;
    this.table = table;
    this.scan = scan;
    this.snapshot = snapshot;
    String mappingJson = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    NameMapping mapping;
    try {
      mapping = mappingJson == null ? null : NameMappingParser.fromJson(mappingJson);
    } catch (RuntimeException e) {
      throw unsupported("an unreadable " + TableProperties.DEFAULT_NAME_MAPPING + " (" + e.getMessage() + ")");
    }
    this.fields = new IcebergFields(mapping, displayName);
    this.matching = mapping == null ? ScanPlan.FileMatching.BY_FIELD_ID
        : ScanPlan.FileMatching.BY_FIELD_ID_ELSE_NAME;
    Set<Integer> identitySources = new HashSet<>();
    for (PartitionSpec spec : table.specs().values()) {
      for (PartitionField pf : spec.fields()) {
        if (pf.transform().isIdentity()) {
          identitySources.add(pf.sourceId());
        }
      }
    }
    List<ScanColumn> cols = new ArrayList<>();
    for (Types.NestedField f : scan.schema().columns()) {
      cols.add(new ScanColumn(fields.field(f), identitySources.contains(f.fieldId())
          ? ScanColumn.Source.CONSTANT_OR_DATA : ScanColumn.Source.DATA, false));
    }
    this.columns = List.copyOf(cols);
    this.metadataColumns = formatVersion(table) >= 3 ? List.of(
        new ScanColumn(fields.field(MetadataColumns.ROW_ID), ScanColumn.Source.DATA_OR_CONSTANT, true),
        new ScanColumn(fields.field(MetadataColumns.LAST_UPDATED_SEQUENCE_NUMBER),
            ScanColumn.Source.DATA_OR_CONSTANT, false)) : List.of();
  }

  private static int formatVersion(Table table) {
    return table instanceof HasTableOperations t ? t.operations().current().formatVersion() : 2;
  }

  @Override
  public TableFormat format() {
    return FORMAT;
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
    return plans.get(this, predicates, p -> planFiles(p, false));
  }

  @Override
  public ScanPlan plan(List<ColumnPredicate> predicates, boolean withStats) throws SQLException {
    return withStats ? plansWithStats.get(this, predicates, p -> planFiles(p, true)) : plan(predicates);
  }

  private ScanPlan planFiles(List<ColumnPredicate> predicates, boolean withStats) throws SQLException {
    long start = System.nanoTime();
    List<ScanFile> files = new ArrayList<>();
    if (snapshot == null) {
      return new ScanPlan(columns, metadataColumns, files, System.nanoTime() - start, matching);
    }
    TableScan base = withStats ? scan.includeColumnStats() : scan;
    TableScan filtered = predicates.isEmpty() ? base
        : base.filter(IcebergPredicates.translate(scan.schema(), predicates));
    try (CloseableIterable<FileScanTask> tasks = filtered.planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile data = task.file();
        if (data.format() != FileFormat.PARQUET) {
          throw unsupported(data.format() + " data files");
        }
        List<ScanFile.PositionDeleteFile> positionDeletes = new ArrayList<>();
        List<ScanFile.EqualityDeleteFile> equalityDeletes = new ArrayList<>();
        DeletedRows deletionVector = null;
        for (DeleteFile delete : task.deletes()) {
          if (delete.format() == FileFormat.PUFFIN && delete.content() == FileContent.POSITION_DELETES) {
            deletionVector = deletionVector(delete, data);
          } else if (delete.format() != FileFormat.PARQUET) {
            throw unsupported(delete.format() + " delete files");
          } else if (delete.content() == FileContent.POSITION_DELETES) {
            positionDeletes.add(new ScanFile.PositionDeleteFile(delete.location(), data.location()));
          } else {
            equalityDeletes.add(new ScanFile.EqualityDeleteFile(delete.location(), keyColumns(delete)));
          }
        }
        files.add(new ScanFile(data.location(), data.fileSizeInBytes(), data.recordCount(), constants(task),
            deletionVector, List.copyOf(positionDeletes), List.copyOf(equalityDeletes),
            withStats ? IcebergStats.of(data, scan.schema()) : Map.of()));
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
          + version() + ": " + e.getMessage(), SqlState.STORAGE_FAILURE, e);
    }
    return new ScanPlan(columns, metadataColumns, files, System.nanoTime() - start, matching);
  }

  /**
   * A file's constants: the values of identity-partition columns from its partition tuple (of the spec it was
   * written with), and its row-lineage bases (first row id, data sequence number).
   */
  private Map<String, String> constants(FileScanTask task) {
    Map<String, String> out = new HashMap<>();
    PartitionSpec spec = task.spec();
    StructLike partition = task.file().partition();
    List<Types.NestedField> partitionFields = spec.partitionType().fields();
    for (int pos = 0; pos < spec.fields().size(); pos++) {
      PartitionField pf = spec.fields().get(pos);
      Types.NestedField column = scan.schema().findField(pf.sourceId());
      if (pf.transform().isIdentity() && column != null && scan.schema().columns().contains(column)) {
        out.put(column.name(), IcebergValues.text(partitionFields.get(pos).type(), partition.get(pos,
            Object.class)));
      }
    }
    if (!metadataColumns.isEmpty()) {
      if (task.file().firstRowId() != null) {
        out.put(ROW_ID, task.file().firstRowId().toString());
      }
      if (task.file().dataSequenceNumber() != null) {
        out.put(LAST_UPDATED_SEQUENCE_NUMBER, task.file().dataSequenceNumber().toString());
      }
    }
    return out;
  }

  /**
   * A deletion vector (v3: a Puffin {@code deletion-vector-v1} blob) of a data file, as a descriptor: its positions
   * are decoded when the engine reads the file (plans are cached).
   */
  private DeletedRows deletionVector(DeleteFile dv, DataFile data) {
    if (dv.contentOffset() == null || dv.contentSizeInBytes() == null) {
      throw new LakehouseSqlException.Unchecked(unsupported("a deletion vector without a blob offset ("
          + dv.location() + ")"));
    }
    if (dv.referencedDataFile() != null && !dv.referencedDataFile().equals(data.location())) {
      throw new LakehouseSqlException.Unchecked(unsupported("a deletion vector of another data file ("
          + dv.location() + ")"));
    }
    return new IcebergDeletionVector(table.io(), dv, displayName);
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
        keys.add(ScanColumn.data(fields.field(f)));
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
        + "read correctly yet", SqlState.NOT_SUPPORTED);
  }
}
