package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.table.DeletedRows;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableFormats;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExplainText}: the driver's lines of EXPLAIN for one table reference, from a real pinned snapshot (Delta
 * Kernel, Iceberg core) and a hand-built plan: the snapshot read, file count, bytes, files with deletes, planning
 * time, then up to 20 files with partition values and deletes, or none when a grant restricts the table.
 */
class ExplainTextTest {
  @TempDir
  static Path dir;
  private static LakehouseTable sales;
  private static LakehouseTable customers;
  private static IcebergTestWriter iceberg;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter delta = DeltaTestWriter.create(dir.resolve("sales"), List.of(Col.of("id", "long")));
    delta.append(new Object[] {1L});
    delta.setCommitTime(0, Instant.parse("2024-01-01T00:00:00Z"));
    delta.setCommitTime(1, Instant.parse("2024-01-02T03:04:05Z"));
    iceberg = IcebergTestWriter.create(dir.resolve("customers"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get())));
    iceberg.append(new Object[] {1L});
    iceberg.tag("audit", iceberg.currentSnapshotId());
    sales = TableFormats.named("delta").open("sales", dir.resolve("sales").toString(), LocalObjectStore.INSTANCE);
    customers = TableFormats.named("iceberg").open("crm.customers", dir.resolve("customers").toString(),
        LocalObjectStore.INSTANCE);
  }

  private static TableReference ref(String name, LakehouseTable table, ReadRestriction restriction) {
    return new TableReference(name, table, null, null, new ScanNode(name, SqlParserPos.ZERO), 1, 15, restriction);
  }

  private static ScanFile file(String location, long size, Map<String, String> constants, long[] deleted,
      boolean positionDeletes) {
    return new ScanFile(location, size, 10, constants, deleted == null ? null : DeletedRows.of(deleted),
        positionDeletes ? List.of(new ScanFile.PositionDeleteFile(location + ".deletes", location)) : List.of(), List.of());
  }

  private static ScanPlan plan(List<ScanFile> files, long planningNanos) {
    return new ScanPlan(List.of(), List.of(), files, planningNanos, ScanPlan.FileMatching.BY_NAME);
  }

  private static List<String> explain(TableReference ref, TimeTravel at, ScanPlan plan) throws SQLException {
    List<String> out = new ArrayList<>(List.of("before"));
    ExplainText.table(ref, at, ref.table.snapshot(at), plan, out);
    return out;
  }

  @Test
  void theSnapshotAndEveryFileWithItsPartitionAndDeletes() throws SQLException {
    Map<String, String> partition = new LinkedHashMap<>();
    partition.put("region", "eu");
    partition.put("day", null);
    ScanPlan plan = plan(List.of(file("/data/a.parquet", 100, Map.of(), null, false),
        file("/data/region=eu/b.parquet", 200, partition, new long[0], false),
        file("/data/c.parquet", 300, Map.of(), new long[] {4}, false),
        file("/data/d.parquet", 400, Map.of(), null, true)), 12_999_999);
    assertEquals(List.of("before",
        "Table sales (delta, version 1): version 1 committed 2024-01-02T03:04:05Z; 4 files, 1000 bytes, 2 with "
            + "deletes; planned in 12 ms",
        "  /data/a.parquet (100 bytes)",
        "  /data/region=eu/b.parquet (200 bytes, partition {region=eu, day=null})",
        "  /data/c.parquet (300 bytes, with deletes)",
        "  /data/d.parquet (400 bytes, with deletes)"),
        explain(ref("sales", sales, null), new TimeTravel.AtVersion(1), plan));
  }

  @Test
  void twentyFilesAreListedThenACount() throws SQLException {
    List<ScanFile> files = new ArrayList<>();
    for (int i = 1; i <= 23; i++) {
      files.add(file("/data/f" + i + ".parquet", i, Map.of(), null, false));
    }
    List<String> lines = explain(ref("sales", sales, null), TimeTravel.LATEST, plan(files, 0));
    assertEquals("Table sales (delta, latest): version 1 committed 2024-01-02T03:04:05Z; 23 files, 276 bytes, 0 with "
        + "deletes; planned in 0 ms", lines.get(1));
    assertEquals(List.of("  /data/f20.parquet (20 bytes)", "  ... 3 more files"), lines.subList(21, 23));
    assertEquals(23, lines.size());
    assertEquals(22, explain(ref("sales", sales, null), TimeTravel.LATEST, plan(files.subList(0, 20), 0)).size(),
        "exactly 20: no count line");
    assertEquals("  ... 1 more files", explain(ref("sales", sales, null), TimeTravel.LATEST,
        plan(files.subList(0, 21), 0)).get(22));
  }

  @Test
  void aRestrictedTableShowsNoFiles() throws SQLException {
    ScanPlan plan = plan(List.of(file("/data/region=secret/a.parquet", 100, Map.of("region", "secret"), null,
        false)), 1_000_000);
    assertEquals(List.of("before",
        "Table sales (delta, latest): version 1 committed 2024-01-02T03:04:05Z; 1 files, 100 bytes, 0 with deletes; "
            + "planned in 1 ms",
        "  (files not listed: the principal's grant restricts this table)"),
        explain(ref("sales", sales, new ReadRestriction(List.of("id"), null)), TimeTravel.LATEST, plan));
  }

  @Test
  void icebergSnapshotsByRef() throws SQLException {
    long id = iceberg.currentSnapshotId();
    Instant committed = Instant.ofEpochMilli(iceberg.table().snapshot(id).timestampMillis());
    assertEquals(List.of("before", "Table crm.customers (iceberg, ref 'audit'): snapshot " + id + " committed "
        + committed + "; 0 files, 0 bytes, 0 with deletes; planned in 0 ms"),
        explain(ref("crm.customers", customers, null), new TimeTravel.AtRef("audit"), plan(List.of(), 999_999)));
  }
}
