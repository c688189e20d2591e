package io.lakehouse.testing;

import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.*;

/**
 * Writes real Iceberg v2 tables with the reference library (Iceberg 1.12.0 core + iceberg-data/iceberg-parquet
 * generic writers) in the HadoopTables layout ({@code metadata/vN.metadata.json} + {@code version-hint.text}); the
 * catalog part is {@link LocalHadoopLayoutTables} (java.nio instead of Hadoop's FileSystem, see there why).
 *
 * <p>Rows are {@code Object[]} in the CURRENT schema's column order. Java values: Integer/Long/Float/Double/Boolean,
 * String, BigDecimal (rescaled, never rounded), byte[] (binary and fixed), LocalDate, LocalTime, UUID,
 * LocalDateTime (timestamp) and Instant or OffsetDateTime (timestamptz); Byte/Short are widened to int.
 *
 * <p>Every mutating method is one snapshot/commit; table locations are plain absolute paths (no scheme), so data and
 * delete files are referenced as {@code /abs/dir/data/...} in manifests and position-delete files.
 */
public final class IcebergTestWriter {

  private final Table table;
  private int fileCounter;

  private IcebergTestWriter(Table table) { this.table = table; }

  /** Creates a format-version 2 table at {@code tableDir} (metadata/v1.metadata.json, no snapshot yet). */
  public static IcebergTestWriter create(Path tableDir, Schema schema, PartitionSpec spec) {
    Map<String, String> props = Map.of(TableProperties.FORMAT_VERSION, "2");
    return new IcebergTestWriter(LocalHadoopLayoutTables.create(tableDir, schema, spec, props));
  }

  public static IcebergTestWriter create(Path tableDir, Schema schema) {
    return create(tableDir, schema, PartitionSpec.unpartitioned());
  }

  /** Any Iceberg {@link Table} (its FileIO and location decide where files go, e.g. object storage). */
  public static IcebergTestWriter forTable(Table table) {
    return new IcebergTestWriter(table);
  }

  public static IcebergTestWriter open(Path tableDir) {
    return new IcebergTestWriter(LocalHadoopLayoutTables.load(tableDir));
  }

  public Table table() { return table; }

  /** Appends rows as one snapshot on main (one data file per partition); returns the snapshot id. */
  public long append(List<Object[]> rows) {
    AppendFiles append = table.newAppend();
    writeDataFiles(rows).forEach(append::appendFile);
    append.commit();
    return table.currentSnapshot().snapshotId();
  }

  /** Varargs form; also sidesteps {@code List.of(new Object[]{...})} inferring {@code List<Object>}. */
  public long append(Object[]... rows) { return append(Arrays.asList(rows)); }

  /**
   * Like {@link #append}, but each data file is written where {@code placer} says instead of the location
   * provider's default (which the placer receives): hostile file names, files outside the table location.
   */
  public long appendPlaced(List<Object[]> rows, java.util.function.UnaryOperator<String> placer) {
    AppendFiles append = table.newAppend();
    writeDataFiles(rows, placer).forEach(append::appendFile);
    append.commit();
    return table.currentSnapshot().snapshotId();
  }

  /** Same as {@link #append} but commits to {@code branch} (which must exist); returns the branch's new head. */
  public long appendToBranch(String branch, List<Object[]> rows) {
    AppendFiles append = table.newAppend().toBranch(branch);
    writeDataFiles(rows).forEach(append::appendFile);
    append.commit();
    return table.snapshot(branch).snapshotId();
  }

  /**
   * Deletes the live rows of main whose top-level {@code column} equals {@code value} with POSITION delete files (one per
   * partition that has matches; paths sorted, as the spec requires). Positions are found by reading each data file
   * whole with the generic Parquet reader. Returns the new snapshot id (a snapshot is committed even with no match).
   */
  public long deleteWhereEquals(String column, Object value) {
    Types.NestedField field = table.schema().findField(column);
    if (field == null) throw new IllegalArgumentException("no column " + column);
    Object wanted = toIceberg(field.type(), value);
    int pos = table.schema().columns().indexOf(field);

    // partition (spec id + path) -> sorted (file, position) pairs to delete
    Map<String, DataFile> partitionFile = new LinkedHashMap<>();
    Map<String, TreeMap<String, List<Long>>> deletes = new LinkedHashMap<>();
    for (DataFile file : liveDataFiles()) {
      List<Long> hits = new ArrayList<>();
      long rowPos = 0;
      try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(file.location()))
          .project(table.schema())
          .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema))
          .build()) {
        for (Record r : records) {
          if (valueEquals(r.get(pos), wanted)) hits.add(rowPos);
          rowPos++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (hits.isEmpty()) continue;
      String key = partitionKey(file);
      partitionFile.putIfAbsent(key, file);
      deletes.computeIfAbsent(key, k -> new TreeMap<>()).put(file.location(), hits);
    }

    RowDelta delta = table.newRowDelta();
    for (Map.Entry<String, TreeMap<String, List<Long>>> e : deletes.entrySet()) {
      DataFile sample = partitionFile.get(e.getKey());
      PositionDeleteWriter<Record> w;
      try {
        // Not forTable(table): it sets the table schema as row schema, and 1.12 no longer writes position
        // deletes with row data ("does not support row data").
        w = Parquet.writeDeletes(newFile(sample.specId(), sample.partition(), "pos-deletes"))
            .setAll(table.properties())
            .metricsConfig(MetricsConfig.forPositionDelete())
            .withSpec(table.specs().get(sample.specId()))
            .withPartition(sample.partition())
            .overwrite()
            .buildPositionWriter();
        try (w) {
          PositionDelete<Record> d = PositionDelete.create();
          for (Map.Entry<String, List<Long>> f : e.getValue().entrySet()) {
            for (long p : f.getValue()) w.write(d.set(f.getKey(), p));
          }
        }
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      delta.addDeletes(w.toDeleteFile());
    }
    commitRowDelta(delta);
    return table.currentSnapshot().snapshotId();
  }

  /**
   * Deletes rows whose {@code keyColumns} equal one of {@code keys} with EQUALITY delete files. An equality delete
   * only applies within its own partition, so one file holding ALL keys is written per partition that currently
   * has live data (one file for unpartitioned tables). Returns the new snapshot id.
   */
  public long equalityDelete(List<String> keyColumns, List<Object[]> keys) {
    Schema deleteSchema = table.schema().select(keyColumns);
    List<Integer> ids = deleteSchema.columns().stream().map(Types.NestedField::fieldId).toList();
    List<Record> records = new ArrayList<>();
    for (Object[] key : keys) {
      GenericRecord r = GenericRecord.create(deleteSchema);
      for (int i = 0; i < key.length; i++) r.set(i, toIceberg(deleteSchema.columns().get(i).type(), key[i]));
      records.add(r);
    }

    Map<String, DataFile> partitions = new LinkedHashMap<>();
    for (DataFile f : liveDataFiles()) partitions.putIfAbsent(partitionKey(f), f);
    List<Map.Entry<Integer, StructLike>> targets = new ArrayList<>();
    if (table.spec().isUnpartitioned()) {
      targets.add(new AbstractMap.SimpleEntry<>(table.spec().specId(), null));
    } else if (partitions.isEmpty()) {
      throw new IllegalStateException("partitioned table without live data: no partition to scope the delete to");
    } else {
      partitions.values().forEach(f -> targets.add(new AbstractMap.SimpleEntry<>(f.specId(), f.partition())));
    }

    RowDelta delta = table.newRowDelta();
    for (Map.Entry<Integer, StructLike> t : targets) {
      EqualityDeleteWriter<Record> w;
      try {
        w = Parquet.writeDeletes(newFile(t.getKey(), t.getValue(), "eq-deletes"))
            .forTable(table)
            .withSpec(table.specs().get(t.getKey()))
            .withPartition(t.getValue())
            .rowSchema(deleteSchema)
            .createWriterFunc(GenericParquetWriter::create)
            .equalityFieldIds(ids)
            .overwrite()
            .buildEqualityWriter();
        try (w) {
          records.forEach(w::write);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      delta.addDeletes(w.toDeleteFile());
    }
    commitRowDelta(delta);
    return table.currentSnapshot().snapshotId();
  }

  public void renameColumn(String from, String to) { table.updateSchema().renameColumn(from, to).commit(); }

  /** Adds an optional column at the end (old files read it as null). */
  public void addColumn(String name, Type type) { table.updateSchema().addColumn(name, type).commit(); }

  public void tag(String name, long snapshotId) { table.manageSnapshots().createTag(name, snapshotId).commit(); }

  public void branch(String name, long snapshotId) {
    table.manageSnapshots().createBranch(name, snapshotId).commit();
  }

  public long currentSnapshotId() { return table.currentSnapshot().snapshotId(); }

  public SnapshotRef ref(String name) { return table.refs().get(name); }

  // ---------------------------------------------------------------------------------------------------------------

  private void commitRowDelta(RowDelta delta) {
    if (table.currentSnapshot() != null) delta.validateFromSnapshot(table.currentSnapshot().snapshotId());
    delta.commit();
  }

  private List<DataFile> liveDataFiles() {
    if (table.currentSnapshot() == null) return List.of();
    // Tasks can split big files: dedupe by location (test files are small, but be exact anyway).
    Map<String, DataFile> files = new LinkedHashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) files.putIfAbsent(t.file().location(), t.file());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(files.values());
  }

  private String partitionKey(DataFile f) {
    return f.specId() + "/" + table.specs().get(f.specId()).partitionToPath(f.partition());
  }

  private List<DataFile> writeDataFiles(List<Object[]> rows) {
    return writeDataFiles(rows, l -> l);
  }

  private List<DataFile> writeDataFiles(List<Object[]> rows, java.util.function.UnaryOperator<String> placer) {
    Schema schema = table.schema();
    PartitionSpec spec = table.spec();
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct()); // LocalDate->int etc. for transforms
    PartitionKey pk = new PartitionKey(spec, schema);
    Map<PartitionKey, List<Record>> groups = new LinkedHashMap<>();
    for (Object[] row : rows) {
      if (row.length != schema.columns().size()) {
        throw new IllegalArgumentException("row has " + row.length + " values, schema has " + schema.columns().size());
      }
      GenericRecord r = GenericRecord.create(schema);
      for (int i = 0; i < row.length; i++) r.set(i, toIceberg(schema.columns().get(i).type(), row[i]));
      pk.partition(wrapper.wrap(r));
      groups.computeIfAbsent(pk.copy(), k -> new ArrayList<>()).add(r);
    }

    List<DataFile> files = new ArrayList<>();
    for (Map.Entry<PartitionKey, List<Record>> g : groups.entrySet()) {
      StructLike partition = spec.isUnpartitioned() ? null : g.getKey();
      try {
        DataWriter<Record> w = Parquet.writeData(
                table.io().newOutputFile(placer.apply(newFile(spec.specId(), partition, "data").location())))
            .forTable(table)
            .withPartition(partition)
            .createWriterFunc(GenericParquetWriter::create)
            .overwrite()
            .build();
        try (w) {
          g.getValue().forEach(w::write);
        }
        files.add(w.toDataFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  /** A new file under data/ (in the partition's folder for partitioned specs), named so listings sort by creation. */
  private OutputFile newFile(int specId, StructLike partition, String kind) {
    String name = String.format("%05d-%s-%s.parquet", fileCounter++, kind, UUID.randomUUID());
    PartitionSpec spec = table.specs().get(specId);
    String location = spec.isUnpartitioned() || partition == null
        ? table.locationProvider().newDataLocation(name)
        : table.locationProvider().newDataLocation(spec, partition, name);
    return table.io().newOutputFile(location);
  }

  /** Java test value -> Iceberg generic representation. */
  static Object toIceberg(Type type, Object v) {
    if (v == null) return null;
    switch (type.typeId()) {
      case INTEGER: return ((Number) v).intValue();
      case LONG: return ((Number) v).longValue();
      case FLOAT: return ((Number) v).floatValue();
      case DOUBLE: return ((Number) v).doubleValue();
      case DECIMAL:
        return ((BigDecimal) v).setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
      case BINARY: return v instanceof byte[] b ? ByteBuffer.wrap(b) : v;
      case FIXED: return v instanceof ByteBuffer bb ? bb.array() : v;
      case TIMESTAMP:
        if (((Types.TimestampType) type).shouldAdjustToUTC()) {
          return v instanceof Instant i ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC) : v;
        }
        return v instanceof Instant i ? LocalDateTime.ofInstant(i, ZoneOffset.UTC) : v;
      default: return v; // boolean, string, date, time, uuid: already the generic representation
    }
  }

  private static boolean valueEquals(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y) == 0;
    if (a instanceof CharSequence x && b instanceof CharSequence y) return x.toString().contentEquals(y);
    if (a instanceof byte[] x && b instanceof byte[] y) return Arrays.equals(x, y);
    return Objects.equals(a, b);
  }
}
