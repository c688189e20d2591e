package io.lakehouse.table.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableFormats;
import io.lakehouse.table.TimeTravel;
import io.lakehouse.testing.DeletionVectorWriter;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.SqlAssert;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Delta deletion vectors in plans: a (cached) plan carries each file's vector as a descriptor
 * ({@link DeltaDeletionVector}) whose positions are decoded by Kernel only when asked for, every time, and streamed
 * from Kernel's bitmap; a vector of over a million positions, stored in a {@code deletion_vector_*.bin} file, gives
 * the answer of plain DuckDB over the data files minus the deleted rows, and of Kernel's own reader.
 */
class DeltaDeletionVectorTest {
  /** Rows of the large table (one data file). */
  private static final int LARGE_ROWS = 1 << 21;
  /** Deleted positions of the large table: 1,198,372 of 2,097,152. */
  private static final LongPredicate LARGE_DELETED = p -> p % 2 == 0 || p % 7 == 3;
  private static final String LARGE_DELETED_SQL = "file_row_number % 2 = 0 OR file_row_number % 7 = 3";

  @TempDir
  static Path dir;
  private static DeltaTestWriter small;
  private static DeltaTestWriter large;
  private static long largeDeleted;
  private static DeltaTestWriter escape;
  private static DeltaTestWriter absolute;

  @BeforeAll
  static void write() {
    small = DeltaTestWriter.create(dir.resolve("lake/small"), List.of(Col.of("id", "long")), List.of(),
        Map.of("delta.enableDeletionVectors", "true"));
    small.append(rows(0, 10));
    small.append(rows(10, 10));
    // Inline vectors: positions 1 and 3 of the first file, 0 and 9 of the second.
    List<String> files = new ArrayList<>();
    DeletionVectorWriter.delete(small, location -> {
      files.add(location);
      return files.size() == 1 ? RoaringBitmap.bitmapOf(1, 3) : RoaringBitmap.bitmapOf(0, 9);
    }, true);
    // Vectors at absolute paths: outside the catalog's locations, and inside the table.
    escape = DeltaTestWriter.create(dir.resolve("lake/escape"), List.of(Col.of("id", "long")), List.of(),
        Map.of("delta.enableDeletionVectors", "true"));
    escape.append(rows(0, 10));
    DeletionVectorWriter.deleteToAbsolutePath(escape, location -> RoaringBitmap.bitmapOf(4),
        dir.resolve("outside/dv.bin"));
    absolute = DeltaTestWriter.create(dir.resolve("lake/absolute"), List.of(Col.of("id", "long")), List.of(),
        Map.of("delta.enableDeletionVectors", "true"));
    absolute.append(rows(0, 10));
    DeletionVectorWriter.deleteToAbsolutePath(absolute, location -> RoaringBitmap.bitmapOf(4, 6),
        dir.resolve("lake/absolute/dv/dv.bin"));
    large = DeltaTestWriter.create(dir.resolve("lake/large"), List.of(Col.of("id", "long")), List.of(),
        Map.of("delta.enableDeletionVectors", "true"));
    large.append(rows(0, LARGE_ROWS));
    largeDeleted = DeletionVectorWriter.delete(large, location -> {
      RoaringBitmap deleted = new RoaringBitmap();
      for (int p = 0; p < LARGE_ROWS; p++) {
        if (LARGE_DELETED.test(p)) {
          deleted.add(p);
        }
      }
      return deleted;
    }, false);
  }

  private static List<Object[]> rows(long first, int count) {
    List<Object[]> out = new ArrayList<>(count);
    for (long i = first; i < first + count; i++) {
      out.add(new Object[] {i});
    }
    return out;
  }

  private static ScanPlan plan(DeltaTestWriter w) throws SQLException {
    LakehouseTable table = TableFormats.named("delta").open("t", w.tableDir().toString(), LocalObjectStore.INSTANCE);
    return table.snapshot(TimeTravel.LATEST).plan(List.of());
  }

  private static List<Long> decode(ScanFile f) throws SQLException {
    List<Long> out = new ArrayList<>();
    f.deletedRows().forEach(out::add);
    return out;
  }

  @Test
  void aCachedPlanCarriesDescriptorsWhosePositionsAreDecodedOnEachRead() throws SQLException {
    assertTrue(DeltaDeletionVector.streamsFromBitmap(), "Kernel's bitmap is streamed, not expanded (Kernel changed?)");
    LakehouseTable table = TableFormats.named("delta").open("t", small.tableDir().toString(),
        LocalObjectStore.INSTANCE);
    ScanPlan plan = table.snapshot(TimeTravel.LATEST).plan(List.of());
    assertSame(plan, table.snapshot(TimeTravel.LATEST).plan(List.of()), "the plan is cached");
    assertEquals(2, plan.files().size());
    List<List<Long>> decoded = new ArrayList<>();
    for (ScanFile f : plan.files()) {
      DeltaDeletionVector dv = assertInstanceOf(DeltaDeletionVector.class, f.deletedRows());
      assertEquals(0, dv.decodes(), "planning decodes nothing");
      assertEquals(2, dv.cardinality(), "the cardinality comes from the log");
      assertTrue(f.hasDeletes());
      decoded.add(decode(f));
      assertEquals(decoded.get(decoded.size() - 1), decode(f), "decoded again, the same");
      assertEquals(2, dv.decodes(), "each read decodes anew: the plan keeps no positions");
    }
    // Which file came first in the delete commit is the writer's scan order, maybe not the plan's.
    assertEquals(List.of(List.of(0L, 9L), List.of(1L, 3L)), decoded.stream().sorted((a, b) -> Long.compare(a.get(0),
        b.get(0))).toList());
  }

  @Test
  void aLargeVectorInAFileIsStreamedFromKernelsBitmap() throws SQLException {
    ScanPlan plan = plan(large);
    assertEquals(1, plan.files().size());
    ScanFile f = plan.files().get(0);
    DeltaDeletionVector dv = assertInstanceOf(DeltaDeletionVector.class, f.deletedRows());
    assertEquals(0, dv.decodes());
    assertEquals(largeDeleted, dv.cardinality());
    assertTrue(largeDeleted > 1_000_000, "over a million deleted positions: " + largeDeleted);
    long[] count = {0};
    long[] previous = {-1};
    f.deletedRows().forEach(p -> {
      assertTrue(p > previous[0] && LARGE_DELETED.test(p), "position " + p);
      previous[0] = p;
      count[0]++;
    });
    assertEquals(largeDeleted, count[0], "every deleted position once");
  }

  @Test
  void aLargeVectorGivesDuckDbsAndKernelsAnswer() throws SQLException {
    String files = large.tableDir().resolve("*.parquet").toString().replace("'", "''");
    String expected;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), sum(id), min(id), max(id) FROM read_parquet('" + files
            + "', file_row_number = true) WHERE NOT (" + LARGE_DELETED_SQL + ")")) {
      rs.next();
      expected = rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getLong(3) + "|" + rs.getLong(4);
    }
    List<Object[]> kernel = large.readRows(large.latestVersion());
    long kernelSum = kernel.stream().mapToLong(r -> (Long) r[0]).sum();
    assertEquals(LARGE_ROWS - largeDeleted, kernel.size(), "Kernel's reader applies the vector");
    assertTrue(expected.startsWith(kernel.size() + "|" + kernelSum + "|"), expected + " vs Kernel's reader");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
        Statement s = c.createStatement()) {
      for (int run = 0; run < 2; run++) { // the second from the cached plan
        try (ResultSet rs = s.executeQuery("SELECT count(*), sum(id), min(id), max(id) FROM large")) {
          rs.next();
          assertEquals(expected, rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getLong(3) + "|" + rs.getLong(4));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT list(id ORDER BY id) FROM small")) {
        rs.next();
        assertEquals(small.readRows(small.latestVersion()).stream().map(r -> (Long) r[0]).sorted().toList()
            .toString(), rs.getString(1));
      }
    }
  }

  @Test
  void aVectorOutsideTheCatalogsLocationsIsNotRead() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
        Statement s = c.createStatement()) {
      SQLException e = SqlAssert.assertState(SqlState.ACCESS_DENIED, () -> {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM escape")) {
          rs.next();
        }
      });
      SqlAssert.assertMessageContains(e, "outside the catalog's locations");
      try (ResultSet rs = s.executeQuery("SELECT list(id ORDER BY id) FROM absolute")) {
        rs.next();
        assertEquals(absolute.readRows(absolute.latestVersion()).stream().map(r -> (Long) r[0]).sorted().toList()
            .toString(), rs.getString(1));
        assertEquals("[0, 1, 2, 3, 5, 7, 8, 9]", rs.getString(1), "Kernel's reader applied the vector too");
      }
    }
  }
}
