package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.azure.AzureIcebergWriter;
import io.lakehouse.testing.azure.AzureTestFileIO;
import io.lakehouse.testing.azure.AzuriteServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Iceberg v2 tables written by Iceberg core straight into a real Azure Blob API server (Azurite on 127.0.0.1) through
 * {@link AzureTestFileIO}, so that every metadata file, manifest list, manifest, data file, delete file and every
 * data-file path inside position-delete files holds an Azure location: one table spelled
 * {@code abfss://<container>@<account>.dfs.core.windows.net/...}, one {@code azure://<account>/<container>/...}. Each
 * has appends (identity-partitioned, incl. a partition value with a space and a null partition), a position delete,
 * equality deletes (one re-inserted key, one on a renamed column and a null partition), a column rename and a tag on
 * a pre-rename snapshot.
 *
 * <p>The driver reads them through a catalog with an azure storage profile (account key from a {@code ${file:}}
 * secret). For the latest snapshot, every older snapshot id and the tag, its rows and column names must equal what
 * Iceberg's own reader ({@link IcebergGenerics} over the same FileIO, on a table freshly loaded from storage) returns.
 */
class AzureIcebergTest {
  private static final String TAG = "audited";

  @TempDir
  static Path dir;
  private static AzuriteServer azurite;
  private static AzureTestFileIO io;
  private static Path catalog;
  /** spelling ("abfss" / "azure") -> what was written there. */
  private static final Map<String, Written> TABLES = new LinkedHashMap<>();

  /** One written table: catalog name, location, and its snapshot ids in commit order. */
  private record Written(String name, String location, String container, String blobPrefix, List<Long> snapshots,
                         long taggedSnapshot) { }

  @BeforeAll
  static void start() throws Exception {
    azurite = AzuriteServer.start();
    io = AzureTestFileIO.forServer(azurite);
    String account = azurite.account();
    azurite.createContainer("lake");
    azurite.createContainer("warehouse");
    TABLES.put("abfss", write("orders_abfss", AzureTestFileIO.abfss(account, "lake", "wh/sales/orders"),
        "lake", "wh/sales/orders/"));
    TABLES.put("azure", write("orders_azure", AzureTestFileIO.azure(account, "warehouse", "db/orders"),
        "warehouse", "db/orders/"));

    Path key = dir.resolve("account.key");
    Files.writeString(key, azurite.accountKey());
    StringBuilder yaml = new StringBuilder("storage:\n  az: { type: azure, account: " + account + ", endpoint: '"
        + azurite.endpoint() + "', allow_http: true, credentials: { type: account-key, key: '${file:" + key
        + "}' } }\n"
        + "cache: { directory: '" + dir.resolve("cache") + "' }\n"
        + "tables:\n");
    for (Written w : TABLES.values()) {
      yaml.append("  ").append(w.name()).append(": { format: iceberg, location: '").append(w.location())
          .append("', storage: az }\n");
    }
    catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, yaml.toString());
  }

  @AfterAll
  static void stop() {
    if (azurite != null) {
      azurite.close();
    }
  }

  private static Written write(String name, String location, String container, String blobPrefix) {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "region", Types.StringType.get()),
        Types.NestedField.optional(3, "qty", Types.IntegerType.get()),
        Types.NestedField.optional(4, "price", Types.DecimalType.of(9, 2)),
        Types.NestedField.optional(5, "day", Types.DateType.get()));
    IcebergTestWriter w = AzureIcebergWriter.create(io, location, schema,
        PartitionSpec.builderFor(schema).identity("region").build());
    String[] regions = {"eu", "us", "north america", null};
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 40; i++) {
      rows.add(new Object[] {i, regions[(int) (i % regions.length)], (int) (i % 5),
          BigDecimal.valueOf(i * 125 + 99, 2), LocalDate.of(2024, 1, 1).plusDays(i)});
    }
    List<Long> snapshots = new ArrayList<>();
    snapshots.add(w.append(rows.subList(0, 20)));
    snapshots.add(w.append(rows.subList(20, 40)));
    long positionDelete = w.deleteWhereEquals("qty", 3);                       // position deletes
    snapshots.add(positionDelete);
    w.tag(TAG, positionDelete);
    snapshots.add(w.equalityDelete(List.of("id"), List.of(new Object[] {1L}, new Object[] {2L},
        new Object[] {26L})));                                                 // equality deletes by id
    snapshots.add(w.append(new Object[] {2L, "north america", 9, new BigDecimal("1.50"),
        LocalDate.of(2025, 6, 1)}));                                           // re-inserted after its delete: stays
    w.renameColumn("qty", "quantity");
    snapshots.add(w.append(new Object[] {100L, "eu", 4, new BigDecimal("7.00"), LocalDate.of(2025, 7, 1)},
        new Object[] {101L, null, 0, null, null}));
    snapshots.add(w.equalityDelete(List.of("region", "quantity"), List.of(new Object[] {"eu", 4},
        new Object[] {null, 0})));                                             // on the renamed column, null partition
    return new Written(name, location, container, blobPrefix, List.copyOf(snapshots), positionDelete);
  }

  // ------------------------------------------------------------------------------------------------------ tests

  @ParameterizedTest
  @ValueSource(strings = {"abfss", "azure"})
  void metadataHoldsAzureLocationsInTheContainerTheDriverReads(String spelling) throws Exception {
    Written w = TABLES.get(spelling);
    Table table = AzureIcebergWriter.load(io, w.location());
    assertEquals(w.location(), table.location());
    assertEquals(w.snapshots().get(w.snapshots().size() - 1), table.currentSnapshot().snapshotId());
    assertEquals(w.taggedSnapshot(), table.refs().get(TAG).snapshotId());

    // Every file the latest snapshot references is spelled like the table and is a blob where the driver looks.
    Set<String> blobs = new HashSet<>();
    azurite.containerClient(w.container()).listBlobs().forEach(b -> blobs.add(b.getName()));
    List<String> referenced = new ArrayList<>();
    referenced.add(table.currentSnapshot().manifestListLocation());
    table.currentSnapshot().allManifests(table.io()).forEach(m -> referenced.add(m.path()));
    int positionDeletes = 0;
    int equalityDeletes = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        referenced.add(t.file().location());
        for (ContentFile<?> d : t.deletes()) {
          referenced.add(d.location());
          switch (d.content()) {
            case POSITION_DELETES -> positionDeletes++;
            case EQUALITY_DELETES -> equalityDeletes++;
            default -> { }
          }
        }
      }
    }
    assertTrue(positionDeletes > 0, "the latest snapshot still has position deletes to apply");
    assertTrue(equalityDeletes > 0, "the latest snapshot has equality deletes to apply");
    for (String loc : referenced) {
      assertTrue(loc.startsWith(w.location() + "/"), loc + " is not under " + w.location());
      AzureTestFileIO.Loc l = io.locate(loc);
      assertEquals(w.container(), l.container(), loc);
      assertTrue(blobs.contains(l.blob()), "no blob " + l.blob() + " in container " + w.container() + " for " + loc);
      assertTrue(l.blob().startsWith(w.blobPrefix()), l.blob());
    }
    assertTrue(referenced.stream().anyMatch(l -> l.contains("/data/region=north+america/")),
        "a partition directory with an escaped space: " + referenced);
    assertTrue(blobs.contains(w.blobPrefix() + "metadata/version-hint.text"), blobs.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abfss", "azure"})
  void latestSnapshotMatchesIcebergsReader(String spelling) throws Exception {
    Written w = TABLES.get(spelling);
    Table table = AzureIcebergWriter.load(io, w.location());
    Rows expected = iceberg(table, table.currentSnapshot().snapshotId());
    assertFalse(expected.rows().isEmpty());
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog)) {
      assertEquals(expected, driver(c, "SELECT * FROM " + w.name()), "latest snapshot of " + w.location());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"abfss", "azure"})
  void everyOlderSnapshotIdMatchesIcebergsReader(String spelling) throws Exception {
    Written w = TABLES.get(spelling);
    Table table = AzureIcebergWriter.load(io, w.location());
    List<Long> ids = new ArrayList<>();
    for (Snapshot s : table.snapshots()) {
      ids.add(s.snapshotId());
    }
    assertEquals(w.snapshots(), ids, "snapshots in storage are the ones written");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog)) {
      Rows previous = null;
      for (long id : ids.subList(0, ids.size() - 1)) {
        Rows expected = iceberg(table, id);
        assertEquals(expected, driver(c, "SELECT * FROM " + w.name() + " FOR VERSION AS OF " + id),
            "snapshot " + id + " of " + w.location());
        if (previous != null) {
          assertNotEquals(previous, expected, "each step changes the data (snapshot " + id + ")");
        }
        previous = expected;
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"abfss", "azure"})
  void tagMatchesIcebergsReader(String spelling) throws Exception {
    Written w = TABLES.get(spelling);
    Table table = AzureIcebergWriter.load(io, w.location());
    assertNotNull(table.refs().get(TAG));
    long tagged = table.refs().get(TAG).snapshotId();
    Rows expected = iceberg(table, tagged);
    // The tag is on a snapshot before the rename: its schema (and column names) are the old ones.
    assertTrue(expected.columns().contains("qty"), expected.columns().toString());
    assertNotEquals(iceberg(table, table.currentSnapshot().snapshotId()).columns(), expected.columns());
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog)) {
      assertEquals(expected, driver(c, "SELECT * FROM " + w.name() + " FOR VERSION AS OF '" + TAG + "'"),
          "tag " + TAG + " of " + w.location());
    }
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  /** Column names and rows (each "v1|v2|...", sorted) of one read. */
  private record Rows(List<String> columns, List<String> rows) { }

  /** What Iceberg's generic reader returns for {@code snapshotId} (its schema's columns, deletes applied). */
  private static Rows iceberg(Table table, long snapshotId) {
    List<String> columns = table.schemas().get(table.snapshot(snapshotId).schemaId()).columns().stream()
        .map(Types.NestedField::name).toList();
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      for (Record r : records) {
        // The projection is the snapshot's schema (plus Iceberg's internal _pos when position deletes apply).
        assertEquals(columns, r.struct().fields().stream().map(Types.NestedField::name)
            .filter(n -> !n.equals("_pos")).toList());
        List<String> values = new ArrayList<>();
        for (String n : columns) {
          values.add(text(r.getField(n)));
        }
        rows.add(String.join("|", values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(null);
    return new Rows(columns, rows);
  }

  private static Rows driver(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
          values.add(text(rs.getObject(i)));
        }
        rows.add(String.join("|", values));
      }
      rows.sort(null);
      return new Rows(columns, rows);
    }
  }

  /** One value as text, the same for Iceberg's and JDBC's Java representations. */
  private static String text(Object v) {
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    return Objects.toString(v);
  }
}
