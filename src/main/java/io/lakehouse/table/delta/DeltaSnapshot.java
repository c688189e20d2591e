package io.lakehouse.table.delta;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.deletionvectors.DeletionVectorUtils;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Delta version. Kernel's {@code internal} scan-file helpers are used here and nowhere else: the Kernel
 * version is pinned in the build, and this class is the adapter to update when it changes.
 */
final class DeltaSnapshot implements TableSnapshot {
  /** Reader features whose effect on the data this driver applies (or that do not change the data read). */
  private static final Set<String> READABLE_FEATURES = Set.of("columnMapping", "deletionVectors", "timestampNtz",
      "typeWidening", "typeWidening-preview", "v2Checkpoint", "vacuumProtocolCheck");

  private final String displayName;
  private final Snapshot snapshot;
  private final Engine engine;
  private final List<ScanColumn> columns;
  private final Map<String, String> logicalByPhysical = new HashMap<>();
  private final PlanCache plans = new PlanCache();

  DeltaSnapshot(String displayName, String location, Snapshot snapshot, Engine engine) throws SQLException {
    this.displayName = displayName;
    this.snapshot = snapshot;
    this.engine = engine;
    for (String feature : snapshot.getProtocol().getReaderFeatures()) {
      if (!READABLE_FEATURES.contains(feature)) {
        throw unsupported("the Delta reader feature '" + feature + "'");
      }
    }
    Map<String, String> config = snapshot.getMetadata().getConfiguration();
    String mode = config.getOrDefault(ColumnMapping.COLUMN_MAPPING_MODE_KEY, "none").toLowerCase(Locale.ROOT);
    Set<String> partitionColumns = Set.copyOf(lower(snapshot.getPartitionColumnNames()));
    List<ScanColumn> cols = new ArrayList<>();
    for (StructField f : snapshot.getSchema().fields()) {
      String physical = ColumnMapping.getPhysicalName(f);
      logicalByPhysical.put(physical, f.getName());
      Object key = switch (mode) {
        case "id" -> ColumnMapping.getColumnId(f);
        case "name" -> physical;
        default -> f.getName();
      };
      if (!mode.equals("none") && hasNestedStruct(f.getDataType())) {
        // Nested fields carry physical names of their own; reading them by logical name would return NULLs.
        throw unsupported("column mapping on nested struct fields (column '" + f.getName() + "')");
      }
      cols.add(new ScanColumn(f.getName(), DeltaTypes.duckdbType(f.getDataType(), f.getName()), key,
          partitionColumns.contains(f.getName().toLowerCase(Locale.ROOT)), f.isNullable()));
    }
    this.columns = List.copyOf(cols);
  }

  @Override
  public String format() {
    return "delta";
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
    return plans.get(predicates, this::planFiles);
  }

  private ScanPlan planFiles(List<ColumnPredicate> predicates) throws SQLException {
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
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine, false)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(row);
            Map<String, String> partitionValues = new HashMap<>();
            InternalScanFileUtils.getPartitionValues(row).forEach((physical, value) -> partitionValues.put(
                logicalByPhysical.getOrDefault(physical, physical), value));
            DeletionVectorDescriptor dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(row);
            long[] deleted = null;
            if (dv != null) {
              deleted = DeletionVectorUtils.loadNewDvAndBitmap(engine, tablePath, dv)._2.toArray();
            }
            files.add(new ScanFile(status.getPath(), status.getSize(), -1, partitionValues, deleted, List.of(),
                List.of()));
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
      throw new LakehouseSqlException("Cannot plan a scan of table '" + displayName + "' at version "
          + version() + ": " + e.getMessage(), LakehouseSqlException.STORAGE_FAILURE, e);
    }
    return new ScanPlan(columns, files, System.nanoTime() - start);
  }

  private SQLException unsupported(String what) {
    return new LakehouseSqlException("Table '" + displayName + "' uses " + what + ", which this driver cannot "
        + "read correctly yet", LakehouseSqlException.NOT_SUPPORTED);
  }

  private static boolean hasNestedStruct(DataType t) {
    if (t instanceof StructType) {
      return true;
    } else if (t instanceof ArrayType a) {
      return hasNestedStruct(a.getElementType());
    } else if (t instanceof MapType m) {
      return hasNestedStruct(m.getKeyType()) || hasNestedStruct(m.getValueType());
    }
    return false;
  }

  private static List<String> lower(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }
}
