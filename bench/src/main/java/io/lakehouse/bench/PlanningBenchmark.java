package io.lakehouse.bench;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.table.ColumnPredicate;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableFormat;
import io.lakehouse.table.TableFormats;
import io.lakehouse.table.TimeTravel;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Planning figures of issue 11: how long the table layer takes to load a snapshot and plan a scan, cold (a table
 * opened afresh: nothing cached) and warm (the same table again: the freshness check plus cached snapshot and
 * plan), at 1,000, 10,000 and 100,000 files, plus a 249-commit Delta table (a checkpoint and 49 JSON commits after
 * it). Tables are metadata only (add actions / manifest entries with statistics, no data files), written once with
 * Delta Kernel and Iceberg core under the data directory. Run with a bounded heap to check the memory goal:
 *
 * <pre>
 * MAVEN_OPTS=-Xmx512m mvn -o -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.lakehouse.bench.PlanningBenchmark -Dexec.args="target/bench-planning"
 * </pre>
 *
 * Options: {@code -Dsizes=1000,10000,100000}, {@code -Dformats=delta,iceberg}, {@code -Dreps=5}.
 */
public final class PlanningBenchmark {
  private static final int FILES_PER_COMMIT = 1_000;
  private static final LocalDate DAY0 = LocalDate.of(2020, 1, 1);

  private PlanningBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "target/bench-planning").toAbsolutePath();
    List<Integer> sizes = Arrays.stream(System.getProperty("sizes", "1000,10000,100000").split(","))
        .map(Integer::parseInt).toList();
    List<String> formats = List.of(System.getProperty("formats", "delta,iceberg").split(","));
    int reps = Integer.getInteger("reps", 5);
    Files.createDirectories(root);
    System.out.printf("max heap %d MB, %d cores%n", Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    System.out.println("table                      files  first cold ms  cold ms (min)   filtered cold ms  "
        + "warm us  planned  heap MB");
    for (String format : formats) {
      for (int n : sizes) {
        Path dir = root.resolve(format + "_" + n);
        if (!Files.exists(dir.resolve(".done"))) {
          long t = System.nanoTime();
          if (format.equals("delta")) {
            writeDelta(dir, n, FILES_PER_COMMIT, 10);
          } else {
            writeIceberg(dir, n);
          }
          Files.writeString(dir.resolve(".done"), "");
          System.out.printf("  (wrote %s in %d s)%n", dir.getFileName(), (System.nanoTime() - t) / 1_000_000_000L);
        }
        measure(format + "_" + n, format, dir, n, reps);
      }
    }
    if (formats.contains("delta")) {
      Path dir = root.resolve("delta_commits_249");
      if (!Files.exists(dir.resolve(".done"))) {
        writeDelta(dir, 249 * 4, 4, 200);
        Files.writeString(dir.resolve(".done"), "");
      }
      measure("delta 249 commits, cp@200", "delta", dir, 249 * 4, reps);
    }
  }

  /** Cold: a new table object (no snapshot, no plan cached); warm: the same object asked again. */
  private static void measure(String name, String formatName, Path dir, int files, int reps) throws Exception {
    TableFormat format = TableFormats.named(formatName);
    // id of a file in the middle: statistics skip every other file.
    List<ColumnPredicate> filter = List.of(new ColumnPredicate("id", ColumnPredicate.Op.EQ,
        List.of((long) (files / 2) * 1000 + 5)));
    long first = 0;
    long[] cold = new long[reps];
    long[] filtered = new long[reps];
    int planned = 0;
    int matched = 0;
    LakehouseTable warmTable = null;
    for (int r = 0; r < reps; r++) {
      long t = System.nanoTime();
      LakehouseTable table = format.open(name, dir.toString(), LocalObjectStore.INSTANCE);
      ScanPlan all = table.snapshot(TimeTravel.LATEST).plan();
      long ms = (System.nanoTime() - t) / 1_000_000;
      planned = all.files().size();
      all = null;
      if (r == 0) {
        first = ms;
      }
      cold[r] = ms;
      t = System.nanoTime();
      LakehouseTable fresh = format.open(name, dir.toString(), LocalObjectStore.INSTANCE);
      matched = fresh.snapshot(TimeTravel.LATEST).plan(filter).files().size();
      filtered[r] = (System.nanoTime() - t) / 1_000_000;
      warmTable = fresh;
    }
    long[] warm = new long[50];
    for (int i = 0; i < warm.length; i++) {
      long t = System.nanoTime();
      warmTable.snapshot(TimeTravel.LATEST).plan(filter);
      warm[i] = (System.nanoTime() - t) / 1_000;
    }
    System.gc();
    long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
    System.out.printf("%-26s %6d  %13d  %7d (%5d)  %8d (%5d)  %7d  %7d  %7d  (filtered: %d file(s))%n", name,
        files, first, median(cold), min(cold), median(filtered), min(filtered), median(warm), planned, heap,
        matched);
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static long min(long[] v) {
    return Arrays.stream(v).min().orElse(0);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * A Delta table of {@code files} add actions (id BIGINT with disjoint min/max per file, d DATE partition with
   * 1,000 values), {@code perCommit} per commit, a classic checkpoint every {@code checkpointEvery} commits.
   */
  static void writeDelta(Path dir, int files, int perCommit, int checkpointEvery) throws IOException {
    DeltaTestWriter w = DeltaTestWriter.create(dir, List.of(DeltaTestWriter.Col.of("id", "long"),
        DeltaTestWriter.Col.of("d", "date")), List.of("d"));
    Engine engine = w.engine();
    int commits = 0;
    for (int start = 0; start < files; start += perCommit) {
      Snapshot snap = w.snapshot();
      Transaction txn = snap.buildUpdateTableTransaction("lakehouse-bench", Operation.WRITE).build(engine);
      Row state = txn.getTransactionState(engine);
      List<Row> actions = new ArrayList<>();
      Map<Integer, List<DataFileStatus>> byDay = new HashMap<>();
      for (int i = start; i < Math.min(files, start + perCommit); i++) {
        int day = i % 1000;
        DataFileStatistics stats = new DataFileStatistics(1000, Map.of(new Column("id"), Literal.ofLong(i * 1000L)),
            Map.of(new Column("id"), Literal.ofLong(i * 1000L + 999)), Map.of(new Column("id"), 0L),
            Optional.of(true));
        byDay.computeIfAbsent(day, k -> new ArrayList<>()).add(new DataFileStatus(w.tablePath() + "/d="
            + DAY0.plusDays(day) + "/part-" + i + ".parquet", 8_000 + i % 100, 1_700_000_000_000L,
            Optional.of(stats)));
      }
      for (Map.Entry<Integer, List<DataFileStatus>> e : byDay.entrySet()) {
        Map<String, Literal> partition = Map.of("d", Literal.ofDate((int) DAY0.plusDays(e.getKey())
            .toEpochDay()));
        DataWriteContext ctx = Transaction.getWriteContext(engine, state, partition);
        Transaction.generateAppendActions(engine, state, iterator(e.getValue()), ctx)
            .forEachRemaining(actions::add);
      }
      txn.commit(engine, CloseableIterable.inMemoryIterable(iterator(actions)));
      if (++commits % checkpointEvery == 0) {
        w.checkpoint();
      }
    }
  }

  /**
   * An Iceberg table of {@code files} data-file entries (same columns, identity partition on d) in manifests of 100
   * entries each (1,000 manifests at 100,000 files), written with Iceberg's own manifest writer and appended 100
   * manifests per commit.
   */
  static void writeIceberg(Path dir, int files) throws IOException {
    Schema schema = new Schema(Types.NestedField.optional(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "d", Types.DateType.get()));
    PartitionSpec spec = PartitionSpec.builderFor(schema).identity("d").build();
    IcebergTestWriter w = IcebergTestWriter.create(dir, schema, spec);
    Table table = w.table();
    int perManifest = 100;
    for (int start = 0; start < files; start += 100 * perManifest) {
      AppendFiles append = table.newFastAppend();
      for (int m = start; m < Math.min(files, start + 100 * perManifest); m += perManifest) {
        OutputFile out = table.io().newOutputFile(dir + "/metadata/bench-m" + m + ".avro");
        ManifestWriter<DataFile> writer = ManifestFiles.write(2, spec, out, null);
        try (writer) {
          for (int i = m; i < Math.min(files, m + perManifest); i++) {
            writer.add(dataFile(dir, spec, i));
          }
        }
        append.appendManifest(writer.toManifestFile());
      }
      append.commit();
    }
  }

  private static DataFile dataFile(Path dir, PartitionSpec spec, int i) {
    LocalDate day = DAY0.plusDays(i % 1000);
    ByteBuffer lo = Conversions.toByteBuffer(Types.LongType.get(), i * 1000L);
    ByteBuffer hi = Conversions.toByteBuffer(Types.LongType.get(), i * 1000L + 999);
    return DataFiles.builder(spec).withPath(dir + "/data/d=" + day + "/part-" + i + ".parquet")
        .withFormat(FileFormat.PARQUET).withFileSizeInBytes(8_000 + i % 100).withRecordCount(1000)
        .withPartitionPath("d=" + day)
        .withMetrics(new Metrics(1000L, null, Map.of(1, 1000L), Map.of(1, 0L), null, Map.of(1, lo),
            Map.of(1, hi)))
        .build();
  }

  private static <T> CloseableIterator<T> iterator(List<T> list) {
    Iterator<T> it = list.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }

  static String jvm() {
    return ManagementFactory.getRuntimeMXBean().getVmVersion();
  }
}
