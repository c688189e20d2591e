package io.lakehouse.bench;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Tables with many files for planning figures: {@code files<n>_delta} and {@code files<n>_iceberg}, columns
 * {@code part INT} (the partition column, one file per value 0 .. n-1), {@code id BIGINT}, {@code amount
 * DECIMAL(12,2)}. Every data file is a hard link to one small Parquet file written by the reference writer: the
 * files hold no partition column (Delta never stores it; Iceberg readers take identity-partition values from the
 * manifest), so each link is a correct data file of its partition, and the table is real (queries answer) while
 * the disk holds one file's bytes. The metadata is written by the reference libraries: Delta Kernel add actions
 * (commits of 10,000 files, then a classic checkpoint); Iceberg manifests of 100 files each (~1,000 manifests for
 * 100,000 files), committed with one fast append.
 */
final class ManyFileTables {
  static final int ROWS_PER_FILE = 100;
  static final int DELTA_FILES_PER_COMMIT = 10_000;
  static final int ICEBERG_FILES_PER_MANIFEST = 100;
  static final int LINKS_PER_COPY = 50_000;

  private ManyFileTables() {}

  static String deltaName(int files) {
    return "files" + files / 1000 + "k_delta";
  }

  static String icebergName(int files) {
    return "files" + files / 1000 + "k_iceberg";
  }

  static void ensureAll(BenchOptions o) throws Exception {
    for (int n : o.manyFiles()) {
      Map<String, String> p = Map.of("files", Integer.toString(n), "rowsPerFile", Integer.toString(ROWS_PER_FILE));
      TableMarker.ensure(o.dataDir(), deltaName(n), p, dir -> writeDelta(dir, n));
      TableMarker.ensure(o.dataDir(), icebergName(n), p, dir -> writeIceberg(dir, n));
    }
  }

  /** The rows of every file (no partition column): ids 0 .. 99. */
  static List<Object[]> templateRows(boolean withPart) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < ROWS_PER_FILE; i++) {
      BigDecimal amount = BigDecimal.valueOf(i * 101L % 10_000, 2);
      rows.add(withPart ? new Object[] {0, (long) i, amount} : new Object[] {(long) i, amount});
    }
    return rows;
  }

  static void writeDelta(Path dir, int files) throws Exception {
    DeltaTestWriter w = DeltaTestWriter.create(dir, List.of(DeltaTestWriter.Col.of("part", "int"),
        new DeltaTestWriter.Col("id", "bigint", false), DeltaTestWriter.Col.of("amount", "decimal(12,2)")),
        List.of("part"));
    w.append(templateRows(true)); // part=0: the one real file, with Kernel's statistics
    Engine engine = w.engine();
    Snapshot first = w.snapshot();
    DeltaFiles.LiveFile template = DeltaFiles.of(first, engine).get(0);
    AddFile add = new AddFile(template.add());
    Optional<DataFileStatistics> stats = add.getStats(first.getSchema());
    String name = template.path().getFileName().toString();
    for (int from = 1; from < files; from += DELTA_FILES_PER_COMMIT) {
      int to = Math.min(files, from + DELTA_FILES_PER_COMMIT);
      Transaction txn = w.snapshot().buildUpdateTableTransaction("lakehouse-bench", Operation.WRITE).build(engine);
      Row state = txn.getTransactionState(engine);
      List<Row> actions = new ArrayList<>();
      for (int part = from; part < to; part++) {
        Map<String, Literal> values = Map.of("part", Literal.ofInt(part));
        DataWriteContext ctx = Transaction.getWriteContext(engine, state, values);
        Path link = dir.resolve("part=" + part).resolve(name);
        linkOrCopy(link, template.path(), part);
        DataFileStatus status = new DataFileStatus("file:" + link, add.getSize(), add.getModificationTime(), stats);
        Transaction.generateAppendActions(engine, state, iter(List.of(status)), ctx)
            .forEachRemaining(actions::add);
      }
      txn.commit(engine, CloseableIterable.inMemoryIterable(iter(actions)));
    }
    w.checkpoint();
  }

  static void writeIceberg(Path dir, int files) throws IOException {
    Schema schema = new Schema(
        Types.NestedField.optional(1, "part", Types.IntegerType.get()),
        Types.NestedField.required(2, "id", Types.LongType.get()),
        Types.NestedField.optional(3, "amount", Types.DecimalType.of(12, 2)));
    PartitionSpec spec = PartitionSpec.builderFor(schema).identity("part").build();
    Table table = IcebergTestWriter.create(dir, schema, spec).table();
    // The one real file: the table's columns without the partition column, field ids kept.
    Schema fileSchema = table.schema().select("id", "amount");
    Path templatePath = dir.resolve("data").resolve("template.parquet");
    Files.createDirectories(templatePath.getParent());
    DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(templatePath.toString()))
        .schema(fileSchema)
        .withSpec(PartitionSpec.unpartitioned())
        .createWriterFunc(GenericParquetWriter::create)
        .overwrite()
        .build();
    try (writer) {
      for (Object[] r : templateRows(false)) {
        GenericRecord rec = GenericRecord.create(fileSchema);
        rec.set(0, r[0]);
        rec.set(1, r[1]);
        writer.write(rec);
      }
    }
    DataFile t = writer.toDataFile();
    Metrics metrics = new Metrics(t.recordCount(), t.columnSizes(), t.valueCounts(), t.nullValueCounts(),
        t.nanValueCounts(), t.lowerBounds(), t.upperBounds());
    AppendFiles append = table.newFastAppend();
    String metadata = table.location() + "/metadata/";
    for (int from = 0; from < files; from += ICEBERG_FILES_PER_MANIFEST) {
      ManifestWriter<DataFile> m = ManifestFiles.write(2, spec,
          table.io().newOutputFile(metadata + "bench-manifest-" + from + ".avro"), null);
      try (m) {
        for (int part = from; part < Math.min(files, from + ICEBERG_FILES_PER_MANIFEST); part++) {
          Path link = dir.resolve("data").resolve("part=" + part).resolve("f.parquet");
          linkOrCopy(link, templatePath, part);
          m.add(DataFiles.builder(spec).withPath(link.toString()).withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(t.fileSizeInBytes()).withMetrics(metrics)
              .withPartitionPath("part=" + part).build());
        }
      }
      ManifestFile manifest = m.toManifestFile();
      append.appendManifest(manifest);
    }
    append.commit();
  }

  /**
   * Hard-links {@code link} to the template, or beyond the first {@link #LINKS_PER_COPY} files to a copy of it
   * beside it (one copy per 50,000 links: ext4 allows 65,000 links per file).
   */
  private static void linkOrCopy(Path link, Path template, int index) throws IOException {
    Files.createDirectories(link.getParent());
    Path source = template.resolveSibling(template.getFileName() + ".copy" + index / LINKS_PER_COPY);
    if (index < LINKS_PER_COPY) {
      source = template;
    } else if (!Files.exists(source)) {
      Files.copy(template, source);
    }
    Files.createLink(link, source);
  }

  static <T> CloseableIterator<T> iter(List<T> list) {
    Iterator<T> it = list.iterator();
    return new CloseableIterator<>() {
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public T next() { return it.next(); }
      @Override public void close() { }
    };
  }
}
