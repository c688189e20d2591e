package io.lakehouse.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PartitionUtil;

/**
 * The expected side of the Iceberg conformance tests: a table's rows at a snapshot as Iceberg's own Java reader
 * reads them.
 *
 * <p>That is {@link IcebergGenerics}, except for tables with {@code schema.name-mapping.default}: Iceberg 1.12's
 * generic reader ({@code GenericReader}) never passes the table's name mapping to the Parquet reader, so files without
 * field ids would be read with position-based fallback ids there, while Iceberg's engine readers (Spark, Flink) apply
 * the mapping as the spec requires. For those tables this class runs the same pieces GenericReader runs (the planned
 * {@link FileScanTask}s, {@link GenericDeleteFilter}, identity-partition constants from {@link PartitionUtil},
 * {@link GenericParquetReaders}) and adds {@code withNameMapping}, as Spark's reader does.
 */
public final class IcebergReference {
  private IcebergReference() {}

  /** Rows and the schema they follow (the snapshot's schema, or the projection). */
  public record Rows(Schema schema, List<Record> records) {}

  /**
   * @param snapshot a snapshot id, or null for the current snapshot (read with the table's current schema)
   * @param projection columns to read (may include metadata columns such as {@code _row_id}), or null for all
   */
  public static Rows read(Table table, Long snapshot, Schema projection) {
    String mappingJson = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    if (mappingJson != null) {
      return readWithMapping(table, snapshot, projection, NameMappingParser.fromJson(mappingJson));
    }
    IcebergGenerics.ScanBuilder b = IcebergGenerics.read(table);
    if (snapshot != null) {
      b = b.useSnapshot(snapshot);
    }
    if (projection != null) {
      b = b.project(projection);
    }
    Schema schema = schemaOf(table, snapshot, projection);
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> records = b.build()) {
      for (Record r : records) {
        out.add(r.copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rows(schema, out);
  }

  private static Schema schemaOf(Table table, Long snapshot, Schema projection) {
    TableScan scan = table.newScan();
    if (snapshot != null) {
      scan = scan.useSnapshot(snapshot);
    }
    if (projection != null) {
      scan = scan.project(projection);
    }
    return scan.schema();
  }

  private static Rows readWithMapping(Table table, Long snapshot, Schema projection, NameMapping mapping) {
    TableScan scan = table.newScan();
    if (snapshot != null) {
      scan = scan.useSnapshot(snapshot);
    }
    if (projection != null) {
      scan = scan.project(projection);
    }
    Schema expected = scan.schema();
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        if (task.file().format() != FileFormat.PARQUET) {
          throw new IllegalStateException("only Parquet here: " + task.file().location());
        }
        GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), task, table.schema(), expected);
        Schema read = deletes.requiredSchema();
        Map<Integer, ?> constants = PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
        CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(task.file().location()))
            .project(read)
            .withNameMapping(mapping)
            .split(task.start(), task.length())
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(read, fileSchema, constants))
            .build();
        try (CloseableIterable<Record> live = deletes.filter(records)) {
          for (Record r : live) {
            GenericRecord row = GenericRecord.create(expected);
            for (Types.NestedField f : expected.columns()) {
              row.setField(f.name(), r.getField(f.name()));
            }
            out.add(row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rows(expected, out);
  }
}
