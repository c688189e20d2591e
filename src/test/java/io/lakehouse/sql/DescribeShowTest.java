package io.lakehouse.sql;

import static io.lakehouse.testing.SqlAssert.assertSqlError;
import static io.lakehouse.testing.SqlAssert.assertSqlErrorAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESCRIBE and SHOW are read statements: they go through the same pipeline as queries (binding, time travel,
 * policy) and return ordinary result sets whose contents come from the tables written here.
 */
class DescribeShowTest {
  private static final List<String> DESCRIBE_COLUMNS =
      List.of("column_name", "column_type", "null", "key", "default", "extra");
  private static final Schema CUSTOMERS_V1 = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()));

  @TempDir
  static Path dir;
  private static Connection connection;
  private static long firstCustomersSnapshot;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter sales = DeltaTestWriter.create(dir.resolve("lake/sales"),
        List.of(Col.of("id", "long"), Col.of("region", "string"), Col.of("amount", "decimal(10,2)")));
    sales.append(new Object[] {1L, "eu", new BigDecimal("1.50")});
    sales.append(new Object[] {2L, "us", new BigDecimal("2.25")});
    IcebergTestWriter customers = IcebergTestWriter.create(dir.resolve("lake/crm/customers"), CUSTOMERS_V1);
    firstCustomersSnapshot = customers.append(new Object[] {1L, "Ada"});
    customers.addColumn("email", Types.StringType.get());
    customers.append(new Object[] {2L, "Grace", "g@example.com"});
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  private static List<List<String>> rows(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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

  private static List<String> labels(ResultSetMetaData md) throws SQLException {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      out.add(md.getColumnLabel(i));
    }
    return out;
  }

  /** (name, type) of each column as DatabaseMetaData.getColumns reports it from the table's own metadata. */
  private static List<List<String>> metadataColumns(String schema, String table) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getColumns(null, schema, table, null)) {
      while (rs.next()) {
        out.add(List.of(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME")));
      }
    }
    return out;
  }

  private static List<List<String>> nameAndType(List<List<String>> describeRows) {
    return describeRows.stream().map(r -> List.of(r.get(0), r.get(1))).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"DESCRIBE sales", "DESC sales", "describe main.sales", "SHOW COLUMNS FROM sales",
      "  -- leading comment\n  DESCRIBE \"sales\"", "SHOW COLUMNS IN main.sales"})
  void describeTableListsTheColumnsTheTableMetadataHas(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertEquals(DESCRIBE_COLUMNS, labels(rs.getMetaData()));
      assertEquals(metadataColumns("main", "sales"), nameAndType(rows(rs)), sql);
    }
    assertEquals(metadataColumns("crm", "customers"), nameAndType(rows(sql.replace("sales", "crm.customers")
        .replace("\"crm.customers\"", "crm.customers").replace("main.crm", "crm"))));
  }

  @Test
  void describeWithTimeTravelShowsThatSnapshotsSchema() throws SQLException {
    List<String> first = CUSTOMERS_V1.columns().stream().map(Types.NestedField::name).toList();
    for (String sql : List.of("DESCRIBE crm.customers FOR VERSION AS OF " + firstCustomersSnapshot,
        "DESC crm.customers VERSION AS OF " + firstCustomersSnapshot,
        "SHOW COLUMNS FROM crm.customers FOR SYSTEM_VERSION AS OF " + firstCustomersSnapshot)) {
      assertEquals(first, rows(sql).stream().map(r -> r.get(0)).toList(), sql);
    }
    List<String> latest = metadataColumns("crm", "customers").stream().map(r -> r.get(0)).toList();
    assertEquals(latest, rows("DESCRIBE crm.customers").stream().map(r -> r.get(0)).toList());
    assertTrue(latest.size() > first.size(), "the column added later is only in the latest schema");
    assertEquals(metadataColumns("main", "sales"), nameAndType(rows("DESCRIBE sales FOR VERSION AS OF 1")));
  }

  @Test
  void describeQueryListsTheQueryResultColumns() throws SQLException {
    String query = "SELECT region, sum(amount) AS total, count(*) AS n FROM sales GROUP BY region";
    List<String> expected;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
      expected = labels(rs.getMetaData());
    }
    assertEquals(expected, rows("DESCRIBE " + query).stream().map(r -> r.get(0)).toList());
    assertEquals(expected, rows("DESC (" + query + ")").stream().map(r -> r.get(0)).toList());
    try (PreparedStatement ps = connection.prepareStatement("DESCRIBE SELECT id, name FROM crm.customers "
        + "WHERE id > ?")) {
      ps.setLong(1, 0);
      try (ResultSet rs = ps.executeQuery()) {
        assertEquals(List.of("id", "name"), rows(rs).stream().map(r -> r.get(0)).toList());
      }
    }
  }

  @Test
  void showTablesAndSchemasListTheCatalog() throws SQLException {
    List<List<String>> all = List.of(List.of("crm", "customers", "iceberg"), List.of("main", "sales", "delta"));
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES")) {
      assertEquals(List.of("schema_name", "table_name", "table_format"), labels(rs.getMetaData()));
      assertEquals(all, rows(rs));
    }
    assertEquals(all.subList(0, 1), rows("SHOW TABLES FROM crm"));
    assertEquals(all.subList(0, 1), rows("show tables in CRM"));
    assertEquals(all.subList(1, 2), rows("SHOW TABLES IN \"main\""));
    assertEquals(List.of(List.of("crm"), List.of("information_schema"), List.of("main")), rows("SHOW SCHEMAS"));
    // The same list as DatabaseMetaData.getTables.
    List<List<String>> fromMetadata = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getTables(null, null, null, null)) {
      while (rs.next()) {
        fromMetadata.add(List.of(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME")));
      }
    }
    assertEquals(fromMetadata, rows("SHOW TABLES").stream().map(r -> r.subList(0, 2)).toList());
    try (PreparedStatement ps = connection.prepareStatement("SHOW TABLES FROM crm");
        ResultSet rs = ps.executeQuery()) {
      assertEquals(all.subList(0, 1), rows(rs));
    }
  }

  @Test
  void errorsKeepTheirStateAndPositionInTheUsersText() {
    String unknown = "DESCRIBE\n  no_such_table";
    assertSqlErrorAt(SqlState.UNKNOWN_TABLE, unknown, "no_such_table", () -> rows(unknown));

    String badVersion = "DESC sales FOR VERSION AS OF 99";
    assertSqlError(SqlState.INVALID_ARGUMENT, () -> rows(badVersion), badVersion);

    String syntax = "SHOW COLUMNS FROM sales WHERE = 1";
    assertSqlErrorAt(SqlState.SYNTAX, syntax, "WHERE", () -> rows(syntax));

    String function = "DESCRIBE SELECT id, read_text('/etc/hostname') FROM sales";
    assertSqlErrorAt(SqlState.ACCESS_DENIED, function, "read_text", () -> rows(function));

    String schema = "SHOW TABLES FROM nope";
    assertSqlErrorAt(SqlState.INVALID_SCHEMA, schema, "nope", () -> rows(schema));
    assertSqlError(SqlState.INVALID_SCHEMA, () -> rows("SHOW TABLES FROM \"CRM\""));

    String other = "SHOW FUNCTIONS";
    assertSqlErrorAt(SqlState.NOT_SUPPORTED, other, "FUNCTIONS", () -> rows(other));
    assertSqlError(SqlState.SYNTAX, () -> rows("DESCRIBE"));
    assertSqlError(SqlState.SYNTAX, () -> rows("SHOW TABLES sales"));
    assertSqlError(SqlState.NOT_SUPPORTED, () -> rows("EXPLAIN DESCRIBE sales"));
  }
}
