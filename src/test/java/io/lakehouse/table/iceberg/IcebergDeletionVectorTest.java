package io.lakehouse.table.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableFormats;
import io.lakehouse.table.TimeTravel;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg v3 deletion vectors in plans: a (cached) plan carries the DV's entry ({@link IcebergDeletionVector}), whose
 * Puffin blob is read and decoded by Iceberg core only when the positions are asked for, every time; the driver's
 * answer is Iceberg's own reader's.
 */
class IcebergDeletionVectorTest {
  @TempDir
  static Path dir;
  private static Table table;

  @BeforeAll
  static void write() throws IOException {
    IcebergTestWriter w = IcebergTestWriter.create(dir.resolve("lake/dv"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get())));
    table = w.table();
    table.updateProperties().set(TableProperties.FORMAT_VERSION, "3").commit();
    List<Object[]> rows = new ArrayList<>();
    for (long id = 0; id < 10; id++) {
      rows.add(new Object[] {id});
    }
    w.append(rows);
    DataFile data;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      data = tasks.iterator().next().file();
    }
    OutputFile puffin = table.io().newOutputFile(table.locationProvider().newDataLocation("dv-" + UUID.randomUUID()
        + ".puffin"));
    BaseDVFileWriter dvs = new BaseDVFileWriter(() -> puffin, path -> null);
    for (long p : new long[] {2, 5, 9}) {
      dvs.delete(data.location(), p, table.spec(), data.partition());
    }
    dvs.close();
    RowDelta delta = table.newRowDelta();
    dvs.result().deleteFiles().forEach(delta::addDeletes);
    delta.commit();
  }

  private static List<Long> decode(ScanFile f) throws SQLException {
    List<Long> out = new ArrayList<>();
    f.deletedRows().forEach(out::add);
    return out;
  }

  @Test
  void aCachedPlanCarriesTheVectorsEntryDecodedOnEachRead() throws SQLException {
    LakehouseTable t = TableFormats.named("iceberg").open("dv", dir.resolve("lake/dv").toString(),
        LocalObjectStore.INSTANCE);
    ScanPlan plan = t.snapshot(TimeTravel.LATEST).plan(List.of());
    assertSame(plan, t.snapshot(TimeTravel.LATEST).plan(List.of()), "the plan is cached");
    ScanFile f = plan.files().get(0);
    IcebergDeletionVector dv = assertInstanceOf(IcebergDeletionVector.class, f.deletedRows());
    assertEquals(0, dv.decodes(), "planning reads no blob");
    assertEquals(3, dv.cardinality());
    assertTrue(f.hasDeletes());
    assertEquals(List.of(2L, 5L, 9L), decode(f));
    assertEquals(List.of(2L, 5L, 9L), decode(f));
    assertEquals(2, dv.decodes(), "each read decodes anew: the plan keeps no positions");
  }

  @Test
  void theDriverAnswersAsIcebergsReader() throws Exception {
    List<Long> expected = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(r -> expected.add((Long) r.getField("id")));
    }
    expected.sort(null);
    assertEquals(7, expected.size());
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT list(id ORDER BY id) FROM dv")) {
      rs.next();
      assertEquals(expected.toString(), rs.getString(1));
    }
  }
}
