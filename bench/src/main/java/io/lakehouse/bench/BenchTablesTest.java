package io.lakehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's hand-assembled tables read back by the reference readers (Delta Kernel, Iceberg generics): the
 * deletion vectors built by {@link DeleteTables} hide exactly the deleted rows, and the hard-linked files of
 * {@link ManyFileTables} are correct data files of their partitions.
 */
class BenchTablesTest {
  static BenchOptions small(Path dir) {
    return new BenchOptions(dir, 2000, 4, 3, 2, 3, List.of(120), 4, 1, "512m");
  }

  @Test
  void deletionVectorsHideExactlyTheDeletedRows(@TempDir Path dir) throws Exception {
    BenchOptions o = small(dir);
    Path table = dir.resolve(DeleteTables.DV_DELTA);
    DeleteTables.writeDelta(table, o);

    DeltaTestWriter delta = DeltaTestWriter.open(table);
    Set<Long> read = delta.readRows(delta.latestVersion()).stream().map(r -> (Long) r[0])
        .collect(Collectors.toCollection(TreeSet::new));
    List<Object[]> all = EventRows.ofDays(0, o.deleteDays(), o.rowsPerDay());
    Set<Long> expected = all.stream().filter(r -> !DeleteTables.DELETED_CATEGORY.equals(r[2]))
        .map(r -> (Long) r[0]).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(expected.size() < all.size(), "the generated days must hold some deleted rows");
    assertEquals(expected, read);
    long daysWithDeletes = all.stream().filter(r -> DeleteTables.DELETED_CATEGORY.equals(r[2])).map(r -> r[1])
        .distinct().count();
    assertEquals(daysWithDeletes, DeltaFiles.of(delta.snapshot(), delta.engine()).stream()
        .filter(DeltaFiles.LiveFile::hasDeletionVector).count());
    assertTrue(Files.size(DeleteTables.positionsFile(dir)) > 0);
  }

  @Test
  void hardLinkedFilesAreDataOfTheirPartitions(@TempDir Path dir) throws Exception {
    int files = 120;
    Path deltaDir = dir.resolve(ManyFileTables.deltaName(files));
    ManyFileTables.writeDelta(deltaDir, files);
    DeltaTestWriter delta = DeltaTestWriter.open(deltaDir);
    List<Object[]> rows = delta.readRows(delta.latestVersion());
    assertEquals(files * ManyFileTables.ROWS_PER_FILE, rows.size());
    assertEquals(files, rows.stream().map(r -> r[0]).distinct().count());

    Path icebergDir = dir.resolve(ManyFileTables.icebergName(files));
    ManyFileTables.writeIceberg(icebergDir, files);
    IcebergTestWriter iceberg = IcebergTestWriter.open(icebergDir);
    assertEquals((files + ManyFileTables.ICEBERG_FILES_PER_MANIFEST - 1) / ManyFileTables.ICEBERG_FILES_PER_MANIFEST,
        iceberg.table().currentSnapshot().allManifests(iceberg.table().io()).size());
    try (CloseableIterable<Record> all = IcebergGenerics.read(iceberg.table()).build();
        CloseableIterable<Record> one = IcebergGenerics.read(iceberg.table())
            .where(Expressions.equal("part", 77)).build()) {
      assertEquals(files * ManyFileTables.ROWS_PER_FILE, StreamSupport.stream(all.spliterator(), false).count());
      List<Record> part77 = StreamSupport.stream(one.spliterator(), false).toList();
      assertEquals(ManyFileTables.ROWS_PER_FILE, part77.size());
      assertTrue(part77.stream().allMatch(r -> Integer.valueOf(77).equals(r.getField("part"))));
    }
  }
}
