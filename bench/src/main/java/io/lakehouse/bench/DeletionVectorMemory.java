package io.lakehouse.bench;

import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableFormats;
import io.lakehouse.table.TimeTravel;
import io.lakehouse.testing.DeletionVectorWriter;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * Heap held by a cached plan of a Delta table with large deletion vectors (issue 11, "Memory"), and one query over
 * it. Writes (once) {@code dv_memory}: {@code files} data files of 2^21 rows, every other row deleted by a deletion
 * vector in a {@code deletion_vector_*.bin} file. Prints the heap retained by the plan (used heap after a full GC
 * with the plan referenced, minus before), then the query's answer and time.
 *
 * <pre>
 * mvn -o -q -P '!spark-fixtures' -DskipTests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.lakehouse.bench.DeletionVectorMemory -Dexec.args="target/bench-data 8"
 * </pre>
 */
public final class DeletionVectorMemory {
  private static final int ROWS_PER_FILE = 1 << 21;

  private DeletionVectorMemory() {}

  public static void main(String[] args) throws Exception {
    Path lake = Path.of(args.length > 0 ? args[0] : "target/bench-data").resolve("dv_memory_lake");
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path table = lake.resolve("dv_memory");
    if (!Files.exists(table.resolve("_delta_log"))) {
      write(table, files);
    }
    LakehouseTable t = TableFormats.named("delta").open("dv_memory", table.toString(), LocalObjectStore.INSTANCE);
    long before = usedAfterGc();
    long start = System.nanoTime();
    ScanPlan plan = t.snapshot(TimeTravel.LATEST).plan(List.of());
    long planMs = (System.nanoTime() - start) / 1_000_000;
    long after = usedAfterGc();
    long deleted = plan.files().stream().mapToLong(f -> f.deletedRows() == null ? 0 : f.deletedRows().cardinality())
        .sum();
    System.out.printf("plan: %d files, %,d deleted rows, planned in %d ms, heap retained by the plan %,d KB%n",
        plan.files().size(), deleted, planMs, (after - before) / 1024);
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + lake + "?result_cache=false");
        Statement s = c.createStatement()) {
      for (int run = 0; run < 3; run++) {
        long q = System.nanoTime();
        try (ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM dv_memory")) {
          rs.next();
          System.out.printf("query %d: count %,d sum %d in %d ms, heap used after GC %,d KB%n", run, rs.getLong(1),
              rs.getLong(2), (System.nanoTime() - q) / 1_000_000, usedAfterGc() / 1024);
        }
      }
    }
    System.out.println("plan still referenced: " + plan.files().size());
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void write(Path table, int files) {
    DeltaTestWriter w = DeltaTestWriter.create(table, List.of(Col.of("id", "long")), List.of(),
        Map.of("delta.enableDeletionVectors", "true"));
    for (int f = 0; f < files; f++) {
      List<Object[]> rows = new ArrayList<>(ROWS_PER_FILE);
      for (long i = 0; i < ROWS_PER_FILE; i++) {
        rows.add(new Object[] {(long) f * ROWS_PER_FILE + i});
      }
      w.append(rows);
    }
    DeletionVectorWriter.delete(w, location -> {
      RoaringBitmap every = new RoaringBitmap();
      for (int p = 0; p < ROWS_PER_FILE; p += 2) {
        every.add(p);
      }
      return every;
    }, false);
  }
}
