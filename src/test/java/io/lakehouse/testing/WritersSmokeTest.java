package io.lakehouse.testing;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.utils.CloseableIterator;
import io.lakehouse.testing.DeltaTestWriter.Col;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.*;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.junit.jupiter.api.Assertions.*;

/** Checks the reference writers with the libraries' own readers, so driver tests can trust the fixtures. */
class WritersSmokeTest {

  // ----------------------------------------------------------------------------------------------------- Delta

  @Test
  void deltaPartitionedAppendsCheckpointAndTimeTravel(@TempDir Path dir) throws Exception {
    Path t = dir.resolve("sales");
    DeltaTestWriter w = DeltaTestWriter.create(t, List.of(
        new Col("id", "long", false), Col.of("region", "string"), Col.of("amount", "decimal(10,2)"),
        Col.of("day", "date"), Col.of("ts", "timestamp"), Col.of("ntz", "timestamp_ntz"), Col.of("ok", "boolean"),
        Col.of("raw", "binary"), Col.of("score", "double"), Col.of("f", "float"), Col.of("i", "int"),
        Col.of("s", "short"), Col.of("b", "byte")), List.of("region"));
    assertEquals(0, w.latestVersion());

    List<Object[]> batch1 = List.of(
        row(1L, "eu", "10.50", "2024-01-01", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00", true, 1.5),
        row(2L, "eu", "20.00", "2024-01-02", "2024-01-02T10:00:00.123456Z", "2024-01-02T10:00:00", false, 2.5),
        row(3L, "us", "30.25", "2024-01-03", "1969-12-31T23:59:59.5Z", "1900-01-01T00:00:00", null, null));
    List<Object[]> batch2 = List.of(
        row(4L, "us", "40.00", "2024-02-01", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00", true, 4.0),
        row(5L, null, null, null, null, null, null, null));
    assertEquals(1, w.append(batch1));
    assertEquals(2, w.append(batch2));
    w.checkpoint();
    assertEquals(2, w.latestVersion());
    assertTrue(Files.exists(t.resolve("_delta_log/00000000000000000002.checkpoint.parquet")));
    assertTrue(Files.exists(t.resolve("_delta_log/_last_checkpoint")));
    assertTrue(Files.isDirectory(t.resolve("region=eu")));
    assertTrue(Files.isDirectory(t.resolve("region=__HIVE_DEFAULT_PARTITION__")));

    // One file per partition per commit: v1 = eu + us, v2 adds us + null.
    assertEquals(0, scanFileCount(w, 0));
    assertEquals(2, scanFileCount(w, 1));
    assertEquals(4, scanFileCount(w, 2));

    // Values round-trip (read back through Kernel, incl. the checkpoint at v2), in table column order.
    assertRowsEqual(batch1, w.readRows(1));
    List<Object[]> all = new ArrayList<>(batch1);
    all.addAll(batch2);
    assertRowsEqual(all, w.readRows(2));

    // Commit time = log file mtime: pin it and travel by timestamp.
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (int v = 0; v <= 2; v++) w.setCommitTime(v, t0.plusSeconds(3600L * v));
    Snapshot latest = w.snapshot();
    long atT1 = TableManager.loadSnapshot(w.tablePath())
        .atTimestamp(t0.plusSeconds(3600 + 60).toEpochMilli(), latest).build(w.engine()).getVersion();
    assertEquals(1, atT1);
    assertEquals(t0.plusSeconds(7200).toEpochMilli(), w.snapshot().getTimestamp(w.engine()));
    // No in-commit timestamps (else the mtime trick would not apply).
    assertFalse(latest.getTableProperties().containsKey("delta.enableInCommitTimestamps"));
  }

  /** id, region, amount, day, ts, ntz, ok, score; the small numeric columns derive from id. */
  private static Object[] row(long id, String region, String amount, String day, String ts, String ntz,
                              Boolean ok, Double score) {
    return new Object[] {id, region, amount == null ? null : new BigDecimal(amount),
        day == null ? null : LocalDate.parse(day), ts == null ? null : Instant.parse(ts),
        ntz == null ? null : LocalDateTime.parse(ntz), ok, ok == null ? null : new byte[] {(byte) id, 0, -1},
        score, score == null ? null : (float) (id / 4.0), (int) id * 1000, (short) id, (byte) -id};
  }

  private static long scanFileCount(DeltaTestWriter w, long version) throws Exception {
    Snapshot s = TableManager.loadSnapshot(w.tablePath()).atVersion(version).build(w.engine());
    long n = 0;
    try (CloseableIterator<FilteredColumnarBatch> it = s.getScanBuilder().build().getScanFiles(w.engine())) {
      while (it.hasNext()) {
        try (CloseableIterator<Row> rows = it.next().getRows()) {
          while (rows.hasNext()) { rows.next(); n++; }
        }
      }
    }
    return n;
  }

  private static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
    Comparator<Object[]> byId = Comparator.comparingLong(r -> (Long) r[0]);
    List<Object[]> e = new ArrayList<>(expected), a = new ArrayList<>(actual);
    e.sort(byId);
    a.sort(byId);
    assertEquals(e.size(), a.size());
    for (int i = 0; i < e.size(); i++) assertArrayEquals(e.get(i), a.get(i), "row " + i); // deep (byte[])
  }

  // --------------------------------------------------------------------------------------------------- Iceberg

  @Test
  void icebergDeletesSchemaEvolutionTagsBranches(@TempDir Path dir) throws Exception {
    Path t = dir.resolve("orders");
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "category", Types.StringType.get()),
        optional(3, "amount", Types.DoubleType.get()),
        optional(4, "day", Types.DateType.get()),
        optional(5, "ts", Types.TimestampType.withZone()));
    IcebergTestWriter w = IcebergTestWriter.create(t, schema,
        PartitionSpec.builderFor(schema).identity("category").build());
    Table table = w.table();

    long s1 = w.append(List.of(
        ice(1, "a", 1.0), ice(2, "a", 2.0), ice(3, "a", 3.0), ice(4, "b", 4.0), ice(5, "b", 5.0), ice(6, "c", 6.0)));
    assertEquals(3, dataFiles(table).size()); // one per partition
    assertEquals(ids(1, 2, 3, 4, 5, 6), readIds(table, null));

    long s2 = w.deleteWhereEquals("id", 2L);
    assertEquals(ids(1, 3, 4, 5, 6), readIds(table, null));

    long s3 = w.equalityDelete(List.of("id"), List.of(new Object[] {5L}, new Object[] {99L}));
    assertEquals(ids(1, 3, 4, 6), readIds(table, null));
    assertEquals("1", table.snapshot(s2).summary().get("added-position-delete-files")); // only partition a matched
    assertEquals("3", table.snapshot(s3).summary().get("added-equality-delete-files")); // one per live partition
    // Planning attaches both kinds of delete files (eq deletes pruned by column bounds: partition a's ids 1..3
    // cannot contain 5 or 99, so only b and c get the equality delete file).
    Map<FileContent, Integer> planned = new EnumMap<>(FileContent.class);
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        for (DeleteFile d : task.deletes()) planned.merge(d.content(), 1, Integer::sum);
      }
    }
    assertEquals(Map.of(FileContent.POSITION_DELETES, 1, FileContent.EQUALITY_DELETES, 2), planned);

    // Equality deletes only hit older data: re-inserting id 5 afterwards is visible.
    w.append(List.<Object[]>of(ice(5, "b", 50.0)));
    assertEquals(ids(1, 3, 4, 5, 6), readIds(table, null));

    w.renameColumn("amount", "price");
    w.addColumn("note", Types.StringType.get());
    w.tag("first", s1);
    w.branch("dev", s3);
    long dev = w.appendToBranch("dev", List.<Object[]>of(
        new Object[] {7L, "d", 7.0, LocalDate.of(2024, 1, 7), Instant.parse("2024-01-07T00:00:00Z"), "on dev"}));
    long main = w.append(List.<Object[]>of(new Object[] {8L, "a", 8.0, null, null, "on main"}));

    assertEquals(ids(1, 3, 4, 5, 6, 8), readIds(table, null));
    assertEquals(ids(1, 2, 3, 4, 5, 6), readIds(table, table.refs().get("first").snapshotId()));
    assertEquals(ids(1, 3, 4, 6, 7), readIds(table, table.refs().get("dev").snapshotId()));
    assertEquals(dev, table.refs().get("dev").snapshotId());
    assertEquals(main, w.currentSnapshotId());
    assertEquals(ids(1, 3, 4, 5, 6), readIds(table, s2) /* before the equality delete */);

    // Renamed column read by field id; old rows have null in the added column.
    Map<Long, Record> byId = new HashMap<>();
    try (CloseableIterable<Record> rs = IcebergGenerics.read(table).build()) {
      for (Record r : rs) byId.put((Long) r.getField("id"), r.copy());
    }
    assertEquals(3.0, byId.get(3L).getField("price"));
    assertNull(byId.get(3L).getField("note"));
    assertEquals("on main", byId.get(8L).getField("note"));
    assertEquals(LocalDate.of(2024, 1, 3), byId.get(3L).getField("day"));
    assertEquals(OffsetDateTime.parse("2024-01-03T12:00:00Z"), byId.get(3L).getField("ts"));

    // HadoopTables layout the driver reads.
    assertTrue(Files.exists(t.resolve("metadata/version-hint.text")));
    String hint = Files.readString(t.resolve("metadata/version-hint.text")).trim();
    assertTrue(Files.exists(t.resolve("metadata/v" + hint + ".metadata.json")));
    assertEquals(2, ((org.apache.iceberg.HasTableOperations) table).operations().current().formatVersion());
  }

  /** id, category, amount, day, ts (day/ts derived from id). */
  private static Object[] ice(long id, String category, double amount) {
    return new Object[] {id, category, amount, LocalDate.of(2024, 1, (int) id),
        Instant.parse(String.format("2024-01-%02dT12:00:00Z", id))};
  }

  private static List<org.apache.iceberg.DataFile> dataFiles(Table table) throws Exception {
    List<org.apache.iceberg.DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    }
    return files;
  }

  private static SortedSet<Long> readIds(Table table, Long snapshotId) throws Exception {
    IcebergGenerics.ScanBuilder b = IcebergGenerics.read(table);
    if (snapshotId != null) b = b.useSnapshot(snapshotId);
    SortedSet<Long> ids = new TreeSet<>();
    try (CloseableIterable<Record> rs = b.build()) {
      for (Record r : rs) assertTrue(ids.add((Long) r.getField("id")), "duplicate id");
    }
    return ids;
  }

  private static SortedSet<Long> ids(long... ids) {
    SortedSet<Long> s = new TreeSet<>();
    for (long id : ids) s.add(id);
    return s;
  }
}
