package io.lakehouse.table.delta;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.types.StructField;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.table.ColumnPredicate;
import io.lakehouse.table.DeletedRows;
import io.lakehouse.table.Field;
import io.lakehouse.table.FieldType;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Delta version. Kernel's {@code internal} scan-file helpers are used here and in {@link DeltaDeletionVector}
 * and nowhere else: the Kernel version is pinned in the build, and these classes are the adapter to update when it
 * changes.
 */
final class DeltaSnapshot implements TableSnapshot {
  /** Reader features whose effect on the data this driver applies (or that do not change the data read). */
  private static final Set<String> READABLE_FEATURES = Set.of("columnMapping", "deletionVectors", "timestampNtz",
      "typeWidening", "typeWidening-preview", "v2Checkpoint", "vacuumProtocolCheck", "variantType",
      "variantType-preview");
  /** Hidden columns of tables with row tracking, as Spark's {@code _metadata.row_id / row_commit_version}. */
  static final String ROW_ID = "_row_id";
  static final String ROW_COMMIT_VERSION = "_row_commit_version";

  private static final TableFormat FORMAT = new DeltaFormat();

  private final String displayName;
  private final Snapshot snapshot;
  private final Engine engine;
  private final List<ScanColumn> columns;
  private final List<ScanColumn> metadataColumns;
  private final ScanPlan.FileMatching matching;
  private final Map<String, String> logicalByPhysical = new HashMap<>();
  private final Map<String, FieldType> partitionTypes = new HashMap<>();
  private final boolean rowTracking;
  private final PlanCache plans;
  /** Plans with statistics (answers from metadata), in the same JVM-wide LRU. */
  private final PlanCache plansWithStats = new PlanCache();

  DeltaSnapshot(String displayName, String location, Snapshot snapshot, Engine engine, PlanCache plans)
      throws SQLException {
    this.displayName = displayName;
    this.snapshot = snapshot;
    this.engine = engine;
    this.plans = plans;
    for (String feature : snapshot.getProtocol().getReaderFeatures()) {
      if (!READABLE_FEATURES.contains(feature)) {
        throw unsupported("the Delta reader feature '" + feature + "'");
      }
    }
    Map<String, String> config = snapshot.getMetadata().getConfiguration();
    String mode = config.getOrDefault(ColumnMapping.COLUMN_MAPPING_MODE_KEY, "none").toLowerCase(Locale.ROOT);
    DeltaFields fields = new DeltaFields(mode, displayName);
    this.matching = fields.byFieldId() ? ScanPlan.FileMatching.BY_FIELD_ID : ScanPlan.FileMatching.BY_NAME;
    Set<String> partitionColumns = Set.copyOf(lower(snapshot.getPartitionColumnNames()));
    List<ScanColumn> cols = new ArrayList<>();
    for (StructField f : snapshot.getSchema().fields()) {
      Field field = fields.field(f);
      logicalByPhysical.put(field.fileNames().get(0), f.getName());
      if (partitionColumns.contains(f.getName().toLowerCase(Locale.ROOT))) {
        // Partition values are not in the data files (the protocol): one constant per file.
        partitionTypes.put(f.getName(), field.type());
        cols.add(new ScanColumn(field, ScanColumn.Source.CONSTANT, false));
      } else {
        cols.add(ScanColumn.data(field));
      }
    }
    this.columns = List.copyOf(cols);
    this.rowTracking = snapshot.getProtocol().getWriterFeatures().contains("rowTracking")
        && "true".equalsIgnoreCase(config.get("delta.enableRowTracking"));
    this.metadataColumns = rowTracking ? rowTrackingColumns(config) : List.of();
  }

  /**
   * Row ids and commit versions (the protocol's row tracking): a file's materialized column where the row has a
   * value (rows that were updated keep their id), else the file's base row id plus the row's position, and the
   * file's default commit version.
   */
  private static List<ScanColumn> rowTrackingColumns(Map<String, String> config) {
    List<ScanColumn> out = new ArrayList<>();
    FieldType bigint = FieldType.Primitive.of(FieldType.Kind.BIGINT);
    String rowIdColumn = config.get("delta.rowTracking.materializedRowIdColumnName");
    String versionColumn = config.get("delta.rowTracking.materializedRowCommitVersionColumnName");
    out.add(new ScanColumn(new Field(ROW_ID, null, rowIdColumn == null ? List.of() : List.of(rowIdColumn), bigint,
        false, null), ScanColumn.Source.DATA_OR_CONSTANT, true));
    out.add(new ScanColumn(new Field(ROW_COMMIT_VERSION, null, versionColumn == null ? List.of()
        : List.of(versionColumn), bigint, false, null), ScanColumn.Source.DATA_OR_CONSTANT, false));
    return List.copyOf(out);
  }

  /** Kernel's snapshot (to resolve timestamps against). */
  Snapshot kernelSnapshot() {
    return snapshot;
  }

  @Override
  public TableFormat format() {
    return FORMAT;
  }

  @Override
  public long version() {
    return snapshot.getVersion();
  }

  @Override
  public Instant committedAt() {
    return Instant.ofEpochMilli(snapshot.getTimestamp(engine));
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
    String tablePath = snapshot.getPath();
    ScanBuilder builder = snapshot.getScanBuilder();
    Optional<Predicate> filter = DeltaPredicates.translate(snapshot.getSchema(), predicates);
    if (filter.isPresent()) {
      builder = builder.withFilter(filter.get());
    }
    Scan scan;
    try {
      scan = builder.build();
    } catch (RuntimeException e) {
      // Skipping is an optimisation: a predicate Kernel refuses must not fail the query.
      scan = snapshot.getScanBuilder().build();
    }
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine, withStats)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(row);
            Map<String, String> constants = new HashMap<>();
            InternalScanFileUtils.getPartitionValues(row).forEach((physical, value) -> {
              String column = logicalByPhysical.getOrDefault(physical, physical);
              constants.put(column, DeltaPartitionValues.text(partitionTypes.get(column), value));
            });
            if (rowTracking) {
              InternalScanFileUtils.getBaseRowId(row).ifPresent(id -> constants.put(ROW_ID, id.toString()));
              InternalScanFileUtils.getDefaultRowCommitVersion(row).ifPresent(v -> constants.put(ROW_COMMIT_VERSION,
                  v.toString()));
            }
            // Only the descriptor: the positions are decoded when the engine reads the file (plans are cached).
            DeletionVectorDescriptor dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(row);
            DeletedRows deleted = dv == null ? null : new DeltaDeletionVector(engine, tablePath, displayName, dv);
            DeltaStats.Parsed stats = withStats ? DeltaStats.parse(statsJson(row), columns) : DeltaStats.Parsed.NONE;
            files.add(new ScanFile(status.getPath(), status.getSize(), stats.numRecords(), constants, deleted,
                List.of(), List.of(), stats.columns()));
          }
        }
      }
    } catch (IOException e) {
      throw StorageErrors.find(e, displayName);
    } catch (RuntimeException e) {
      SQLException storage = StorageErrors.find(e, displayName);
      if (storage != null) {
        throw storage;
      }
      if (filter.isPresent()) {
        // Skipping is an optimisation: statistics Kernel cannot read with a filter must not fail the query.
        return planFiles(List.of(), withStats);
      }
      throw new LakehouseSqlException("Cannot plan a scan of table '" + displayName + "' at version "
          + version() + ": " + e.getMessage(), SqlState.STORAGE_FAILURE, e);
    }
    return new ScanPlan(columns, metadataColumns, files, System.nanoTime() - start, matching);
  }

  /** The add action's stats JSON of a scan file read with stats, or null. */
  private static String statsJson(Row scanFile) {
    Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    int ordinal = add == null ? -1 : add.getSchema().indexOf("stats");
    return ordinal < 0 || add.isNullAt(ordinal) ? null : add.getString(ordinal);
  }

  private SQLException unsupported(String what) {
    return new LakehouseSqlException("Table '" + displayName + "' uses " + what + ", which this driver cannot "
        + "read correctly yet", SqlState.NOT_SUPPORTED);
  }

  private static List<String> lower(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }
}
