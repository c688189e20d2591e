package io.lakehouse.tck;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.tck.TckTables.Order;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DatabaseMetaData over a discovered directory catalog whose sub-folders become schemas:
 * {@code lake/sales} (Delta, schema main), {@code lake/crm/customers} (Iceberg, schema crm) and
 * {@code lake/crm/eu/leads} (Delta, schema crm.eu). Row counts and columns come from what the writers wrote.
 */
class MetadataTckTest {
  @TempDir
  static Path dir;
  static Path lake;
  static Connection c;
  static DatabaseMetaData md;

  static List<Order> sales;
  static final Schema CUSTOMERS = new Schema(
      required(1, "id", Types.LongType.get()),
      optional(2, "name", Types.StringType.get()),
      optional(3, "city", Types.StringType.get()),
      optional(4, "signup", Types.DateType.get()));
  static List<Object[]> customers;
  static final List<Col> LEADS = List.of(new Col("lead_id", "int", false), Col.of("score", "decimal(5,1)"));
  static List<Object[]> leads;

  /** qualified table name -> rows written. */
  static final Map<String, Integer> WRITTEN = new LinkedHashMap<>();

  @BeforeAll
  static void writeLake() throws Exception {
    lake = dir.resolve("lake");
    sales = TckTables.orders(1, 7);
    TckTables.writeOrders(lake.resolve("sales"), sales);

    customers = new ArrayList<>();
    for (long id = 1; id <= 5; id++) {
      customers.add(new Object[] {id, "customer " + id, id % 2 == 0 ? "Lyon" : "Oslo",
          LocalDate.of(2023, (int) id, 10)});
    }
    IcebergTestWriter.create(lake.resolve("crm").resolve("customers"), CUSTOMERS).append(customers);

    leads = List.of(new Object[] {1, new java.math.BigDecimal("9.5")}, new Object[] {2, null},
        new Object[] {3, new java.math.BigDecimal("-1.0")});
    DeltaTestWriter.create(lake.resolve("crm").resolve("eu").resolve("leads"), LEADS).append(leads);

    // Not tables: a plain folder with a file, and hidden / underscore folders.
    Files.createDirectories(lake.resolve("docs"));
    Files.writeString(lake.resolve("docs").resolve("readme.txt"), "not a table");
    Files.createDirectories(lake.resolve("_staging"));

    WRITTEN.put("crm.customers", customers.size());
    WRITTEN.put("crm.eu.leads", leads.size());
    WRITTEN.put("main.sales", sales.size());

    c = TckTables.connect(lake);
    md = c.getMetaData();
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static List<List<String>> rows(ResultSet rs, String... columns) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (String col : columns) {
          row.add(rs.getString(col));
        }
        out.add(row);
      }
    }
    return out;
  }

  @Test
  void schemasAreTheSubFolders() throws SQLException {
    try (ResultSet rs = md.getSchemas()) {
      ResultSetMetaData rsmd = rs.getMetaData();
      assertEquals("TABLE_SCHEM", rsmd.getColumnLabel(1));
      assertEquals("TABLE_CATALOG", rsmd.getColumnLabel(2));
      List<String> schemas = new ArrayList<>();
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
        // A directory catalog is named after its directory.
        assertEquals(lake.getFileName().toString(), rs.getString("TABLE_CATALOG"));
      }
      assertEquals(List.of("crm", "crm.eu", "information_schema", "main"), schemas, "ordered by TABLE_SCHEM");
    }
    assertEquals(List.of(List.of("crm"), List.of("crm.eu")), rows(md.getSchemas(null, "crm%"), "TABLE_SCHEM"));
    assertEquals(List.of(List.of("main")), rows(md.getSchemas(null, "main"), "TABLE_SCHEM"));
    assertEquals(List.of(), rows(md.getSchemas("other_catalog", null), "TABLE_SCHEM"));
  }

  @Test
  void tablesOfEverySchema() throws SQLException {
    List<List<String>> all = rows(md.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
    assertEquals(List.of(
        List.of("crm", "customers", "TABLE"),
        List.of("crm.eu", "leads", "TABLE"),
        List.of("main", "sales", "TABLE")), all, "ordered by TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME");
    assertEquals(all, rows(md.getTables(null, null, null, null), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));

    assertEquals(List.of(List.of("customers")), rows(md.getTables(null, "crm", "%", null), "TABLE_NAME"));
    assertEquals(List.of(List.of("main", "sales")),
        rows(md.getTables(null, null, "sal%", new String[] {"TABLE"}), "TABLE_SCHEM", "TABLE_NAME"));
    assertEquals(List.of(), rows(md.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME"));
    assertEquals(List.of(), rows(md.getTables(null, "nope", "%", null), "TABLE_NAME"));
    try (ResultSet rs = md.getTables(null, "main", "sales", null)) {
      assertTrue(rs.next());
      assertEquals(lake.getFileName().toString(), rs.getString("TABLE_CAT"));
      assertFalse(rs.next());
    }
    assertTrue(rows(md.getTableTypes(), "TABLE_TYPE").contains(List.of("TABLE")));
  }

  @Test
  void columnsInWrittenOrderWithOrdinalPositionAndTypeName() throws SQLException {
    List<List<String>> cols = rows(md.getColumns(null, "crm", "customers", "%"),
        "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION", "TYPE_NAME", "IS_NULLABLE");
    List<List<String>> expected = new ArrayList<>();
    String[] typeNames = {"BIGINT", "VARCHAR", "VARCHAR", "DATE"};
    for (int i = 0; i < CUSTOMERS.columns().size(); i++) {
      Types.NestedField f = CUSTOMERS.columns().get(i);
      expected.add(List.of("crm", "customers", f.name(), String.valueOf(i + 1), typeNames[i],
          f.isOptional() ? "YES" : "NO"));
    }
    assertEquals(expected, cols);

    List<List<String>> salesCols = rows(md.getColumns(null, "main", "sales", null),
        "COLUMN_NAME", "ORDINAL_POSITION");
    assertEquals(TckTables.ORDER_COLUMNS.size(), salesCols.size());
    for (int i = 0; i < salesCols.size(); i++) {
      assertEquals(List.of(TckTables.ORDER_COLUMNS.get(i).name(), String.valueOf(i + 1)), salesCols.get(i));
    }

    assertEquals(List.of(List.of("lead_id", "1", "INTEGER", "NO"), List.of("score", "2", "DECIMAL(5,1)", "YES")),
        rows(md.getColumns(null, "crm.eu", "leads", null), "COLUMN_NAME", "ORDINAL_POSITION", "TYPE_NAME",
            "IS_NULLABLE"));
  }

  @Test
  void columnPatternsAcrossTables() throws SQLException {
    assertEquals(List.of(List.of("crm", "customers", "id"), List.of("main", "sales", "id")),
        rows(md.getColumns(null, null, "%", "id"), "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME"),
        "ordered by TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION");
    assertEquals(List.of(List.of("lead_id")), rows(md.getColumns(null, "crm.eu", "leads", "lead\\_%"), "COLUMN_NAME"));
    assertEquals(List.of(), rows(md.getColumns(null, null, "no_such_table", null), "COLUMN_NAME"));
  }

  /** Column names and order from getColumns are those of SELECT * on the same table. */
  @Test
  void getColumnsMatchesSelectStar() throws SQLException {
    for (String table : WRITTEN.keySet()) {
      int dot = table.lastIndexOf('.');
      List<String> fromMetadata = new ArrayList<>();
      for (List<String> r : rows(md.getColumns(null, table.substring(0, dot), table.substring(dot + 1), null),
          "COLUMN_NAME")) {
        fromMetadata.add(r.get(0));
      }
      List<String> fromQuery = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          fromQuery.add(rs.getMetaData().getColumnLabel(i));
        }
      }
      assertEquals(fromQuery, fromMetadata, table);
    }
  }

  /** Every (schema, table) getTables returns can be queried, unquoted and quoted as returned. */
  @Test
  void tableNamesFromMetadataWorkInSelect() throws SQLException {
    List<List<String>> tables = rows(md.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME");
    assertEquals(WRITTEN.size(), tables.size());
    String quote = md.getIdentifierQuoteString();
    assertEquals("\"", quote);
    for (List<String> t : tables) {
      String qualified = t.get(0) + "." + t.get(1);
      long written = WRITTEN.get(qualified);
      assertEquals(written, TckTables.count(c, qualified), qualified);
      String quoted = quote + t.get(0) + quote + "." + quote + t.get(1) + quote;
      assertEquals(written, TckTables.count(c, quoted), quoted);
    }
    assertEquals(sales.size(), TckTables.count(c, "sales"), "default schema main");
    assertEquals(customers.size(), TckTables.count(c, "CRM.Customers"), "unquoted names are case-insensitive");
  }

  @Test
  void queriesAcrossSchemas() throws SQLException {
    long expected = sales.stream().filter(o -> customers.stream().anyMatch(r -> r[0].equals(o.id()))).count();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT count(*) FROM main.sales s JOIN crm.customers c ON s.id = c.id")) {
      assertTrue(rs.next());
      assertEquals(expected, rs.getLong(1));
    }
  }

  /** A catalog file: dotted table names give the schema, plain names land in main. */
  @Test
  void catalogFileSchemasFromDottedNames(@TempDir Path other) throws SQLException {
    Map<String, Map.Entry<String, Path>> t = TckTables.tables();
    t.put("finance.ledger", Map.entry("delta", lake.resolve("sales")));
    t.put("people", Map.entry("iceberg", lake.resolve("crm").resolve("customers")));
    try (Connection cc = TckTables.connect(TckTables.catalog(other, t))) {
      DatabaseMetaData m = cc.getMetaData();
      assertEquals(List.of(List.of("finance"), List.of("information_schema"), List.of("main")),
          rows(m.getSchemas(), "TABLE_SCHEM"));
      assertEquals(List.of(List.of("finance", "ledger"), List.of("main", "people")),
          rows(m.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME"));
      assertEquals(sales.size(), TckTables.count(cc, "finance.ledger"));
      assertEquals(customers.size(), TckTables.count(cc, "people"));
      assertEquals(customers.size(), TckTables.count(cc, "main.people"));
      assertEquals(CUSTOMERS.columns().size(), rows(m.getColumns(null, "main", "people", null), "COLUMN_NAME").size());
    }
  }

  @Test
  void connectionLevelMetadata() throws SQLException {
    assertEquals(TckTables.url(lake), md.getURL());
    assertTrue(md.isReadOnly());
    assertEquals(c, md.getConnection());
    assertEquals(List.of(List.of(lake.getFileName().toString())), rows(md.getCatalogs(), "TABLE_CAT"));
    assertEquals(List.of(), rows(md.getPrimaryKeys(null, "main", "sales"), "COLUMN_NAME"));
    assertFalse(md.supportsTransactions() && !md.supportsTransactionIsolationLevel(
        c.getTransactionIsolation()), "the connection's isolation level is a supported one");
  }
}
