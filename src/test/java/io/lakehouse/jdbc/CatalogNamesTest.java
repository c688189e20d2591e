package io.lakehouse.jdbc;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static io.lakehouse.testing.SqlAssert.assertSqlErrorAt;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lakehouse.SqlState;
import io.lakehouse.security.Principal;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How SQL and JDBC name things, on one long-lived connection per principal: the catalog's name (getCatalogs,
 * TABLE_CAT, {@code catalog.schema.table}), the current schema ({@code setSchema}, {@code USE}), information_schema,
 * and "did you mean" hints that never name a table the principal cannot read.
 */
class CatalogNamesTest {
  private static final Schema CUSTOMERS = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()),
      Types.NestedField.optional(3, "email", Types.StringType.get()));

  @TempDir
  static Path dir;
  private static Connection admin;
  private static Connection alice;
  private static Connection bob;
  private static final List<Connection> opened = new ArrayList<>();

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter.create(dir.resolve("orders"), List.of(Col.of("id", "long"), Col.of("region", "string")))
        .append(List.of(new Object[] {1L, "eu"}, new Object[] {2L, "us"}));
    IcebergTestWriter.create(dir.resolve("crm/customers"), CUSTOMERS).append(new Object[] {7L, "Ada", "a@x"});
    DeltaTestWriter.create(dir.resolve("crm/leads"), List.of(Col.of("lead", "string")))
        .append(new Object[] {"l1"});
    DeltaTestWriter.create(dir.resolve("globex/secret"), List.of(Col.of("s", "string"))).append(new Object[] {"x"});
    Files.writeString(dir.resolve("catalog.yaml"), """
        name: lake
        tables:
          orders: { format: delta, location: orders }
          crm.customers: { format: iceberg, location: crm/customers }
          crm.leads: { format: delta, location: crm/leads }
          globex.secret: { format: delta, location: globex/secret }
        organizations:
          acme: { tables: [orders, "crm.*"] }
          globex: { tables: ["globex.*"] }
        roles:
          everything: { grants: [ { select: "*" }, { select: "crm.*" } ] }
          reader: { grants: [ { select: orders }, { select: crm.customers, columns: [id, name] } ] }
          globex_reader: { grants: [ { select: "globex.*" } ] }
        """);
    admin = connect(new Principal("admin", "acme", List.of("everything")));
    alice = connect(new Principal("alice", "acme", List.of("reader")));
    bob = connect(new Principal("bob", "globex", List.of("globex_reader")));
  }

  private static Connection connect(Principal principal) throws SQLException {
    LakehouseDataSource ds = new LakehouseDataSource();
    ds.setCatalog(dir.resolve("catalog.yaml").toString());
    ds.setPrincipalResolver(() -> principal);
    Connection c = ds.getConnection();
    opened.add(c);
    return c;
  }

  @AfterAll
  static void close() throws SQLException {
    for (Connection c : opened) {
      c.close();
    }
  }

  private static List<List<String>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  private static List<List<String>> rows(ResultSet rs) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(rs.getString(i));
      }
      out.add(row);
    }
    return out;
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      assertFalse(s.execute(sql), sql + " returns no result set");
    }
  }

  @Test
  void setSchemaAndUseChangeWhereOnePartNamesResolve() throws SQLException {
    Connection c = connect(new Principal("admin", "acme", List.of("everything")));
    assertEquals("main", c.getSchema());
    List<List<String>> qualified = rows(c, "SELECT id, name FROM crm.customers");
    assertEquals(List.of(List.of("7", "Ada")), qualified, "the row the writer appended");
    assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 22, () -> rows(c, "SELECT id, name FROM customers"));

    c.setSchema("crm");
    assertEquals("crm", c.getSchema());
    assertEquals(qualified, rows(c, "SELECT id, name FROM customers"));
    assertEquals(rows(c, "SELECT * FROM main.orders"), rows(admin, "SELECT * FROM orders"),
        "qualified names still reach other schemas");
    assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 15, () -> rows(c, "SELECT * FROM orders"));

    execute(c, "USE main");
    assertEquals("main", c.getSchema());
    assertEquals(rows(admin, "SELECT * FROM orders"), rows(c, "SELECT * FROM orders"));
    execute(c, "USE lake.CRM;");
    assertEquals("crm", c.getSchema(), "unquoted names fold; the catalog's name may lead");
    try (PreparedStatement ps = c.prepareStatement("USE \"main\"")) {
      assertFalse(ps.execute());
    }
    assertEquals("main", c.getSchema());
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM orders")) {
      c.setSchema("crm");
      try (ResultSet rs = ps.executeQuery()) {
        assertEquals(List.of(List.of("2")), rows(rs), "a prepared statement keeps the tables it was bound to");
      }
    }

    assertState(SqlState.INVALID_SCHEMA, () -> c.setSchema("nope"));
    assertState(SqlState.INVALID_SCHEMA, () -> c.setSchema("globex"), "another organisation's schema");
    SQLException typo = assertSqlErrorAt(SqlState.INVALID_SCHEMA, 1, 5, () -> execute(c, "USE crn"));
    assertMessageContains(typo, "did you mean crm?");
    assertSqlErrorAt(SqlState.INVALID_CATALOG, 1, 5, () -> execute(c, "USE other.crm"));
    assertSqlErrorAt(SqlState.SYNTAX, 1, 8, () -> execute(c, "USE crm,"));
    assertEquals("crm", c.getSchema(), "a failed USE changes nothing");
    assertState(SqlState.NO_RESULT_SET, () -> c.createStatement().executeQuery("USE main"));
  }

  @Test
  void theCatalogNameIsReportedAndThreePartNamesResolve() throws SQLException {
    DatabaseMetaData md = admin.getMetaData();
    assertEquals(List.of(List.of("lake")), rows(md.getCatalogs()));
    assertEquals("lake", admin.getCatalog());
    admin.setCatalog("LAKE");
    assertState(SqlState.INVALID_CATALOG, () -> admin.setCatalog("other"));
    try (ResultSet rs = md.getTables("lake", "crm", "%", null)) {
      List<List<String>> tables = rows(rs);
      assertEquals(List.of(List.of("lake", "crm", "customers"), List.of("lake", "crm", "leads")),
          tables.stream().map(r -> r.subList(0, 3)).toList());
    }
    try (ResultSet rs = md.getColumns("lake", "crm", "customers", "%")) {
      assertEquals(List.of("lake", "lake", "lake"), rows(rs).stream().map(r -> r.get(0)).toList());
    }
    assertEquals(List.of(), rows(md.getTables("other", null, null, null)));
    assertEquals(List.of("lake"), rows(md.getSchemas("lake", "crm")).stream().map(r -> r.get(1)).toList());

    assertEquals(rows(admin, "SELECT * FROM crm.customers"), rows(admin, "SELECT * FROM lake.crm.customers"));
    assertEquals(rows(admin, "SELECT * FROM orders"), rows(admin, "SELECT * FROM \"lake\".main.orders"));
    SQLException wrong = assertSqlErrorAt(SqlState.INVALID_CATALOG, 1, 15,
        () -> rows(admin, "SELECT * FROM other.crm.customers"));
    assertMessageContains(wrong, "'other'", "'lake'");
    assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 15, () -> rows(admin, "SELECT * FROM lake.crm.nope"));
  }

  @Test
  void informationSchemaAnswersFromTheSameMetadataAsDatabaseMetaData() throws SQLException {
    for (Connection c : List.of(admin, alice, bob)) {
      DatabaseMetaData md = c.getMetaData();
      List<List<String>> expectedTables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, null, null, null)) {
        while (rs.next()) {
          expectedTables.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      assertEquals(expectedTables, rows(c, "SELECT table_catalog, table_schema, table_name "
          + "FROM information_schema.tables ORDER BY table_schema, table_name"));
      List<List<String>> expectedColumns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, null, null, null)) {
        while (rs.next()) {
          expectedColumns.add(List.of(rs.getString("TABLE_CAT"),
              rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"),
              rs.getString("ORDINAL_POSITION"), rs.getString("IS_NULLABLE")));
        }
      }
      assertEquals(expectedColumns, rows(c, "SELECT table_catalog, table_schema, table_name, column_name, "
          + "ordinal_position, is_nullable FROM information_schema.columns ORDER BY table_schema, table_name, "
          + "ordinal_position"));
      List<List<String>> expectedSchemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas()) {
        while (rs.next()) {
          expectedSchemas.add(List.of(rs.getString("TABLE_CATALOG"), rs.getString("TABLE_SCHEM")));
        }
      }
      assertEquals(expectedSchemas, rows(c, "SELECT catalog_name, schema_name FROM information_schema.schemata "
          + "ORDER BY schema_name"));
      assertEquals(List.of(List.of("0")), rows(c, "SELECT count(*) FROM information_schema.views"));
    }
    // The writer's schema is the expected column list; alice's column grant hides email, bob sees no acme table.
    List<String> written = CUSTOMERS.columns().stream().map(Types.NestedField::name).toList();
    assertEquals(written, rows(admin, "SELECT column_name FROM information_schema.columns "
        + "WHERE table_schema = 'crm' AND table_name = 'customers' ORDER BY ordinal_position").stream()
        .map(r -> r.get(0)).toList());
    assertEquals(List.of("id", "name"), rows(alice, "SELECT column_name FROM information_schema.columns "
        + "WHERE table_name = 'customers' ORDER BY ordinal_position").stream().map(r -> r.get(0)).toList());
    assertEquals(List.of(List.of("globex", "secret")), rows(bob,
        "SELECT table_schema, table_name FROM information_schema.tables"));

    // Filters, joins with catalog tables, aggregates, USE information_schema.
    assertEquals(List.of(List.of("crm", "3"), List.of("main", "2")), rows(admin,
        "SELECT t.table_schema, count(*) FROM information_schema.tables t JOIN information_schema.columns c "
            + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            + "WHERE t.table_name IN ('customers', 'orders') GROUP BY 1 ORDER BY 1"));
    assertEquals(List.of(List.of("2")), rows(admin, "SELECT count(*) FROM orders o "
        + "WHERE EXISTS (SELECT 1 FROM lake.information_schema.tables t WHERE t.table_name = 'orders')"));
    Connection c = connect(new Principal("admin", "acme", List.of("everything")));
    c.setSchema("information_schema");
    assertEquals(rows(c, "SELECT * FROM information_schema.tables"), rows(c, "SELECT * FROM tables"));
    String travel = "SELECT * FROM information_schema.tables FOR VERSION AS OF 1";
    assertSqlErrorAt(SqlState.NOT_SUPPORTED, travel, "1", () -> rows(admin, travel));
  }

  @Test
  void didYouMeanNamesOnlyReadableTables() throws SQLException {
    SQLException typo = assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 15, () -> rows(admin, "SELECT * FROM ordrs"));
    assertMessageContains(typo, "did you mean orders?");
    assertMessageContains(assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 15,
        () -> rows(admin, "SELECT * FROM crm.customer")), "did you mean crm.customers?");
    assertMessageContains(assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 15,
        () -> rows(admin, "SELECT * FROM information_schema.tabels")), "did you mean information_schema.tables?");
    // alice may not read crm.leads; bob's organisation does not even have it; globex.secret is not acme's.
    assertMessageLacks(assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 15,
        () -> rows(alice, "SELECT * FROM crm.lead")), "leads", "did you mean");
    assertMessageLacks(assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 15,
        () -> rows(bob, "SELECT * FROM ordrs")), "orders", "did you mean");
    assertMessageLacks(assertSqlErrorAt(SqlState.UNKNOWN_TABLE, 1, 15,
        () -> rows(admin, "SELECT * FROM globex.secrets")), "did you mean");
    assertState(SqlState.ACCESS_DENIED, () -> rows(alice, "SELECT * FROM crm.leads"));
  }

  @Test
  void columnHintsNameOnlyReadableColumnsAndAliasesAreTables() throws SQLException {
    SQLException e = assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, 1, 8, () -> rows(admin, "SELECT o.regio FROM orders o"));
    assertMessageContains(e, "Table \"o\"", "did you mean region?");
    assertMessageLacks(e, "Values list");
    assertMessageContains(assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, 1, 8,
        () -> rows(admin, "SELECT emial FROM crm.customers")), "did you mean email?");
    // alice's grant on crm.customers is id and name: email is never suggested to her.
    assertMessageLacks(assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, 1, 8,
        () -> rows(alice, "SELECT emial FROM crm.customers")), "email", "did you mean");
    assertMessageContains(assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, 1, 8,
        () -> rows(alice, "SELECT nme FROM crm.customers")), "did you mean name?");
  }

  @Test
  void theNameKeyNamesTheCatalog() throws Exception {
    // catalog.yaml says name: lake (the file name would give "catalog").
    assertEquals("lake", admin.getCatalog());
    Path bad = dir.resolve("bad-name.yaml");
    Files.writeString(bad, "name: a.b\ntables: {}\n");
    SQLException e = assertState(SqlState.CONNECTION_FAILED,
        () -> java.sql.DriverManager.getConnection("jdbc:lakehouse:" + bad).close());
    assertMessageContains(e, "name");
    Path unnamed = dir.resolve("sales-lake.yaml");
    Files.writeString(unnamed, "tables:\n  orders: { format: delta, location: orders }\n");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:lakehouse:" + unnamed)) {
      assertEquals("sales-lake", c.getCatalog(), "the file name without its extension");
      assertEquals(rows(admin, "SELECT * FROM orders"), rows(c, "SELECT * FROM \"sales-lake\".main.orders"));
    }
  }

  @Test
  void rangeIsARowGenerator() throws SQLException {
    try (Connection duckdb = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties())) {
      assertEquals(rows(duckdb, "SELECT * FROM range(3)"), rows(admin, "SELECT * FROM range(3)"));
      assertEquals(rows(duckdb, "SELECT sum(x) FROM range(1, 10, 2) t(x)"),
          rows(admin, "SELECT sum(x) FROM range(1, 10, 2) t(x)"));
      assertEquals(rows(duckdb, "SELECT o.id, r.n FROM (SELECT 1 AS id UNION ALL SELECT 2) o, range(2) r(n) "
          + "ORDER BY 1, 2"), rows(admin, "SELECT o.id, r.n FROM orders o, range(2) r(n) ORDER BY 1, 2"));
    }
  }

  @Test
  void aConnectionThatSeesNoTablesWarns() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-lake"));
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:lakehouse:" + empty)) {
      java.sql.SQLWarning w = c.getWarnings();
      assertEquals(SqlState.WARNING.code(), w.getSQLState());
      assertMessageContains(w, "No tables found", empty.toString());
      assertEquals(List.of(List.of("0")), rows(c, "SELECT count(*) FROM information_schema.tables"));
      c.clearWarnings();
      assertEquals(null, c.getWarnings());
    }
    assertEquals(null, admin.getWarnings(), "a connection with tables has no warning");
  }
}
