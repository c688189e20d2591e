package io.lakehouse.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Position and equality deletes (with sequence-number rules: a key re-inserted after its equality delete stays),
 * renames and added columns: at every snapshot the driver returns exactly what Iceberg's own reader
 * ({@link IcebergGenerics}) returns.
 */
class IcebergDeletesTest {
  @TempDir
  Path dir;

  @Test
  void everySnapshotMatchesIcebergsReader() throws Exception {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "cat", Types.StringType.get()),
        Types.NestedField.optional(3, "qty", Types.IntegerType.get()));
    IcebergTestWriter w = IcebergTestWriter.create(dir.resolve("t"), schema,
        PartitionSpec.builderFor(schema).identity("cat").build());
    List<Long> snapshots = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 40; i++) {
      rows.add(new Object[] {i, i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : null, (int) (i % 5)});
    }
    snapshots.add(w.append(rows.subList(0, 20)));
    snapshots.add(w.append(rows.subList(20, 40)));
    snapshots.add(w.deleteWhereEquals("qty", 3));
    snapshots.add(w.equalityDelete(List.of("id"), List.of(new Object[] {1L}, new Object[] {2L},
        new Object[] {25L})));
    snapshots.add(w.append(new Object[] {2L, "b", 99}));      // re-inserted after its equality delete: stays
    w.renameColumn("qty", "quantity");
    w.addColumn("note", Types.StringType.get());
    snapshots.add(w.append(new Object[] {100L, "a", 7, "new"}));
    snapshots.add(w.equalityDelete(List.of("cat", "quantity"), List.of(new Object[] {"a", 4},
        new Object[] {null, 0})));

    Table table = w.table();
    Path catalog = dir.resolve("c.yaml");
    java.nio.file.Files.writeString(catalog, "tables:\n  t: { format: iceberg, location: " + dir.resolve("t")
        + " }\n");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog); Statement s = c.createStatement()) {
      List<String> previous = null;
      for (long id : snapshots) {
        List<String> expected = new ArrayList<>();
        List<String> names = table.schemas().get(table.snapshot(id).schemaId()).columns().stream()
            .map(Types.NestedField::name).toList();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).useSnapshot(id).build()) {
          for (Record r : records) {
            List<String> values = new ArrayList<>();
            for (String n : names) {
              values.add(Objects.toString(r.getField(n)));
            }
            expected.add(String.join("|", values));
          }
        }
        List<String> actual = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM t FOR VERSION AS OF " + id)) {
          int n = rs.getMetaData().getColumnCount();
          assertEquals(names.size(), n, "columns at snapshot " + id);
          while (rs.next()) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
              values.add(Objects.toString(rs.getObject(i)));
            }
            actual.add(String.join("|", values));
          }
        }
        expected.sort(null);
        actual.sort(null);
        assertEquals(expected, actual, "snapshot " + id);
        if (previous != null) {
          assertNotEquals(previous, actual, "each step changes the data");
        }
        previous = actual;
      }
      // A rename after the last commit: the latest snapshot is read with the table's current schema.
      w.renameColumn("note", "remark");
      Table renamed = w.table();
      try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          labels.add(rs.getMetaData().getColumnLabel(i));
        }
        assertEquals(renamed.schema().columns().stream().map(Types.NestedField::name).toList(), labels);
      }
    }
  }
}
