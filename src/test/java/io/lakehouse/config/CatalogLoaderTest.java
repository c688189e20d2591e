package io.lakehouse.config;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalog files (YAML, JSON) and directory discovery, over tables written by Delta Kernel and Iceberg core. */
class CatalogLoaderTest {
  @TempDir
  static Path dir;
  private static Path delta;
  private static Path iceberg;
  private static long deltaRows;

  @BeforeAll
  static void tables() {
    delta = dir.resolve("lake/sales");
    DeltaTestWriter d = DeltaTestWriter.create(delta, List.of(Col.of("id", "long"), Col.of("region", "string")));
    List<Object[]> rows = List.of(new Object[] {1L, "eu"}, new Object[] {2L, "us"}, new Object[] {3L, "eu"});
    d.append(rows);
    deltaRows = rows.size();
    iceberg = dir.resolve("lake/crm/customers");
    IcebergTestWriter i = IcebergTestWriter.create(iceberg, new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get())));
    i.append(new Object[] {1L, "Ada"}, new Object[] {2L, "Grace"});
  }

  private static SQLException loadError(String fileName, String content) throws Exception {
    Path f = dir.resolve(fileName);
    Files.writeString(f, content);
    return assertThrows(SQLException.class, () -> CatalogLoader.load(f.toString()));
  }

  @Test
  void yamlAndJsonCatalogs() throws Exception {
    Path yaml = dir.resolve("catalog.yaml");
    Files.writeString(yaml, "tables:\n  sales: { format: delta, location: " + delta + " }\n"
        + "  crm.customers: { format: iceberg, location: lake/crm/customers }\n");
    CatalogConfig c = CatalogLoader.load(yaml.toString());
    assertEquals(2, c.tables().size());
    assertTrue(c.find(List.of("SALES"), List.of(false)).isPresent(), "unquoted names are case-insensitive");
    assertFalse(c.find(List.of("SALES"), List.of(true)).isPresent(), "quoted names are exact");
    assertTrue(c.find(List.of("crm", "customers"), List.of(false, false)).isPresent());
    assertEquals(iceberg.toAbsolutePath().toString(), c.find(List.of("crm", "customers"), List.of(false, false))
        .get().location(), "relative locations resolve against the catalog file");

    Path json = dir.resolve("catalog.json");
    Files.writeString(json, "{\"tables\": {\"sales\": {\"format\": \"delta\", \"location\": \"file://" + delta
        + "\"}}}");
    assertEquals(1, CatalogLoader.load(json.toString()).tables().size());
  }

  @Test
  void metadataFileLocation() throws Exception {
    Path metadata;
    try (var files = Files.list(iceberg.resolve("metadata"))) {
      metadata = files.filter(p -> p.toString().endsWith(".metadata.json")).sorted().findFirst().orElseThrow();
    }
    Path yaml = dir.resolve("pinned.yaml");
    Files.writeString(yaml, "tables:\n  c: { format: iceberg, location: " + metadata + " }\n");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + yaml);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM c")) {
      assertTrue(rs.next());
    }
  }

  @Test
  void errorsNameTheKeyPath() throws Exception {
    SQLException e = loadError("e1.yaml", "tables:\n  sales: { format: delta, location: " + delta
        + ", formatt: x }\n");
    assertMessageContains(e, "tables.sales.formatt");
    assertState(SqlState.CONNECTION_FAILED, e);

    e = loadError("e2.yaml", "tables:\n  sales: { format: parquet, location: " + delta + " }\n");
    assertMessageContains(e, "tables.sales.format", "parquet");

    e = loadError("e3.yaml", "tables:\n  sales: { format: iceberg, location: " + delta + " }\n");
    assertMessageContains(e, "tables.sales.location", "delta");

    e = loadError("e4.yaml", "tables:\n  sales: { format: delta, location: " + dir.resolve("missing") + " }\n");
    assertMessageContains(e, "tables.sales.location", "does not exist");

    e = loadError("e5.yaml", "tables:\n  sales: { format: delta }\n");
    assertMessageContains(e, "tables.sales.location: missing");

    e = loadError("e6.yaml", "tables: [a, b\n");
    assertMessageContains(e, "not valid YAML", "line");

    e = loadError("e7.yaml", "tablez: {}\n");
    assertMessageContains(e, "tablez");

    e = loadError("e8.yaml", "tables:\n  sales: { format: delta, location: hdfs://nn/sales }\n");
    assertState(SqlState.NOT_SUPPORTED, e);

    e = loadError("e9.yaml", "tables:\n  sales: { format: delta, location: gs://bucket/sales }\n");
    assertMessageContains(e, "gcs storage profile");

    e = loadError("e10.yaml", "tables:\n  sales: { format: delta, location: s3://b/sales, storage: nope }\n");
    assertMessageContains(e, "tables.sales.storage");

    e = loadError("e11.yaml", "storage:\n  p: { type: s3, endpoint: 'http://127.0.0.1:9' }\ntables: {}\n");
    assertMessageContains(e, "storage.p.endpoint", "allow_http");

    e = loadError("e12.yaml", "storage:\n  p: { type: s3, credentials: { type: static, access_key_id: AKIAX } }"
        + "\ntables: {}\n");
    assertMessageContains(e, "storage.p.credentials.secret_access_key: missing");

    e = loadError("e13.yaml", "storage:\n  p: { type: s3, credentials: { type: static, access_key_id: a, "
        + "secret_access_key: '${env:LAKEHOUSE_TEST_SURELY_UNSET}' } }\ntables: {}\n");
    assertMessageContains(e, "LAKEHOUSE_TEST_SURELY_UNSET");

    // An S3 location without a profile uses the AWS default credential chain; it is read lazily.
    Path s3 = dir.resolve("s3.yaml");
    Files.writeString(s3, "tables:\n  sales: { format: delta, location: 's3://bucket/sales/' }\n");
    assertEquals("s3://bucket/sales", CatalogLoader.load(s3.toString()).tables().iterator().next().location());

    assertThrows(SQLException.class, () -> CatalogLoader.load(dir.resolve("nope.yaml").toString()));
    assertThrows(SQLException.class, () -> CatalogLoader.load(""));
  }

  @Test
  void directoryDiscoveryMakesSubFoldersSchemas() throws Exception {
    CatalogConfig c = CatalogLoader.load(dir.resolve("lake").toString());
    assertEquals(List.of("crm", CatalogConfig.DEFAULT_SCHEMA), List.copyOf(c.schemas()));
    try (Connection conn = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
        Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM sales), (SELECT count(*) FROM main.sales), "
            + "(SELECT count(*) FROM crm.customers)")) {
      assertTrue(rs.next());
      assertEquals(deltaRows, rs.getLong(1));
      assertEquals(deltaRows, rs.getLong(2));
      assertEquals(2, rs.getLong(3));
    }
  }

  /**
   * Spark's and Hive's warehouse layout ({@code <db>.db/<table>}), several folders deep, and a table found by its
   * metadata file: discovered, queried by name and through iceberg_scan on the table root and on a metadata file.
   */
  @Test
  void warehouseFoldersSeveralLevelsDeep() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Path deep = warehouse.resolve("region/eu/shop.db/orders");
    IcebergTestWriter i = IcebergTestWriter.create(deep, new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get())));
    i.append(new Object[] {1L}, new Object[] {2L});
    i.append(new Object[] {3L});
    Files.createDirectories(warehouse.resolve("other.folder/t"));
    CatalogConfig c = CatalogLoader.load(warehouse.toString());
    assertEquals(List.of("region.eu.shop"), List.copyOf(c.schemas()));
    String firstMetadata;
    try (var files = Files.list(deep.resolve("metadata"))) {
      firstMetadata = files.map(Path::toString).filter(n -> n.endsWith(".metadata.json")).sorted()
          .filter(n -> !n.endsWith("v1.metadata.json")).findFirst().orElseThrow();
    }
    try (Connection conn = DriverManager.getConnection("jdbc:lakehouse:" + warehouse);
        Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM region.eu.shop.orders), "
            + "(SELECT count(*) FROM iceberg_scan('" + deep + "')), "
            + "(SELECT count(*) FROM iceberg_scan('" + firstMetadata + "'))")) {
      assertTrue(rs.next());
      assertEquals(3, rs.getLong(1));
      assertEquals(3, rs.getLong(2));
      assertEquals(2, rs.getLong(3), "the metadata file of the first append pins that version");
    }
  }

  @Test
  void urlForms() throws Exception {
    Properties p = LakehouseUrl.parse("jdbc:lakehouse:?catalog=" + dir.resolve("lake") + "&threads=2", null);
    assertEquals(dir.resolve("lake").toString(), p.getProperty("catalog"));
    assertEquals("2", p.getProperty("threads"));
    assertState(SqlState.CONNECTION_FAILED, () -> LakehouseUrl.parse("jdbc:lakehouse:/x?colour=red", null));
    Properties info = new Properties();
    info.setProperty("threads", "3");
    assertThrows(SQLException.class, () -> LakehouseUrl.parse("jdbc:lakehouse:/x?threads=2", info),
        "the same property with two values is an error");
    Properties bad = new Properties();
    bad.setProperty("threads", "lots");
    SQLException e = assertThrows(SQLException.class, () -> ConnectionProperties.THREADS.get(bad));
    assertMessageContains(e, "threads");
    Properties secret = new Properties();
    secret.setProperty("password", "hunter2");
    assertFalse(ConnectionProperties.propertyInfo(secret)[2].toString().contains("hunter2"));
    for (var info2 : ConnectionProperties.propertyInfo(secret)) {
      assertFalse(String.valueOf(info2.value).contains("hunter2"));
    }
  }
}
