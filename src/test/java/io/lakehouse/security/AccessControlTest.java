package io.lakehouse.security;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.SqlState;
import io.lakehouse.jdbc.LakehouseDataSource;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Organisations, roles and principals from the catalog's access section: a principal sees and reads only its
 * organisation's tables, only what its roles grant (tables, columns, rows), and another tenant's table answers
 * exactly like a missing one. Tables are written by Delta Kernel and Iceberg; expected rows are the writers'.
 */
class AccessControlTest {
  /** A low work factor keeps the test fast; production hashes use PasswordHash.DEFAULT_ITERATIONS. */
  private static final int ITERATIONS = 1_000;

  @TempDir
  static Path dir;
  static Path catalog;
  static final List<Object[]> sales = new ArrayList<>();
  static final List<Object[]> customers = new ArrayList<>();
  static final List<Object[]> orders = new ArrayList<>();
  static long firstCustomersSnapshot;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter s = DeltaTestWriter.create(dir.resolve("acme/sales"),
        List.of(Col.of("id", "long"), Col.of("region", "string"), Col.of("amount", "int")), List.of("region"));
    String[] regions = {"eu", "us", "apac"};
    for (long i = 0; i < 12; i++) {
      sales.add(new Object[] {i, regions[(int) (i % 3)], (int) (i * 10)});
    }
    s.append(sales.subList(0, 6));
    s.append(sales.subList(6, 12));
    IcebergTestWriter c = IcebergTestWriter.create(dir.resolve("acme/crm/customers"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "region", Types.StringType.get()),
        Types.NestedField.optional(3, "email", Types.StringType.get())), PartitionSpec.unpartitioned());
    for (long i = 0; i < 5; i++) {
      customers.add(new Object[] {i, regions[(int) (i % 3)], "user" + i + "@acme.example"});
    }
    firstCustomersSnapshot = c.append(customers.subList(0, 3));
    c.append(customers.subList(3, 5));
    DeltaTestWriter o = DeltaTestWriter.create(dir.resolve("globex/orders"),
        List.of(Col.of("id", "long"), Col.of("secret", "string")));
    orders.add(new Object[] {1L, "globex-only"});
    o.append(orders);
    // A table under acme's scan root that the catalog does not list: reachable only through delta_scan.
    DeltaTestWriter.create(dir.resolve("acme/raw/extra"), List.of(Col.of("n", "long"))).append(
        List.<Object[]>of(new Object[] {7L}));
    catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, """
        audit: { sink: file, path: audit/audit.jsonl, mask_literals: false }
        tables:
          sales: { format: delta, location: acme/sales }
          crm.customers: { format: iceberg, location: acme/crm/customers }
          globex.orders: { format: delta, location: globex/orders }
        organizations:
          acme: { tables: [sales, "crm.*"], scan_roots: [acme/raw] }
          globex: { tables: ["globex.*"] }
        roles:
          analyst:
            grants:
              - { select: sales }
              - { select: crm.customers, columns: [id, region] }
          eu_sales:
            grants: [ { select: sales, row_filter: "region = 'eu' AND amount >= 20" } ]
          scanner: { table_functions: true }
          own_rows:
            grants: [ { select: crm.customers, columns: [id, email], row_filter: "email LIKE ${principal} || '%%'" } ]
          globex_reader: { grants: [ { select: "globex.*" } ] }
        principals:
          alice: { organization: acme, roles: [analyst], password_hash: "%s" }
          erin: { organization: acme, roles: [eu_sales], password_hash: "%s" }
          carol: { organization: acme, roles: [], password_hash: "%s" }
          sam: { organization: acme, roles: [analyst, scanner], password_hash: "%s" }
          bob: { organization: globex, roles: [globex_reader], password_hash: "%s" }
          user1: { organization: acme, roles: [own_rows], password_hash: "%s" }
          service: { organization: acme, roles: [analyst] }
        """.formatted(hash("alice-pw"), hash("erin-pw"), hash("carol-pw"), hash("sam-pw"), hash("bob-pw"), hash("user1-pw")));
  }

  private static String hash(String password) {
    return PasswordHash.create(password.toCharArray(), ITERATIONS);
  }

  private static Connection connect(String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection("jdbc:lakehouse:" + catalog, p);
  }

  private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
    }
    out.sort(Comparator.comparing(Object::toString));
    return out;
  }

  private static List<List<Object>> expected(List<Object[]> written, int... columns) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] r : written) {
      List<Object> row = new ArrayList<>();
      for (int c : columns) {
        row.add(r[c]);
      }
      out.add(row);
    }
    out.sort(Comparator.comparing(Object::toString));
    return out;
  }

  private static List<String> columnNames(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnName(i));
      }
      return names;
    }
  }

  @Test
  void grantedTablesReadInFull() throws SQLException {
    try (Connection c = connect("alice", "alice-pw")) {
      assertEquals(expected(sales, 0, 1, 2), rows(c, "SELECT id, region, amount FROM sales"));
    }
  }

  @Test
  void columnGrantsShapeTheTable() throws SQLException {
    try (Connection c = connect("alice", "alice-pw")) {
      assertEquals(List.of("id", "region"), columnNames(c, "SELECT * FROM crm.customers"));
      assertEquals(expected(customers, 0, 1), rows(c, "SELECT * FROM crm.customers"));
      // Time travel does not widen the grant.
      assertEquals(expected(customers.subList(0, 3), 0, 1),
          rows(c, "SELECT * FROM crm.customers FOR VERSION AS OF " + firstCustomersSnapshot));
      for (String sql : List.of("SELECT email FROM crm.customers", "SELECT c.email FROM crm.customers c",
          "SELECT id FROM crm.customers WHERE email LIKE '%acme%'",
          "SELECT id FROM crm.customers ORDER BY lower(email)",
          "SELECT * FROM (SELECT id, email FROM crm.customers) t",
          "SELECT id FROM iceberg_scan('" + dir.resolve("acme/crm/customers") + "') WHERE email IS NULL")) {
        SQLException e = assertState(SqlState.ACCESS_DENIED, () -> rows(c, sql), sql);
        assertMessageContains(e, "email", "line 1, column");
      }
      // Granted columns join as usual.
      List<Object[]> joined = new ArrayList<>();
      for (Object[] sale : sales) {
        for (Object[] cust : customers) {
          if (sale[0].equals(cust[0])) {
            joined.add(new Object[] {sale[0], sale[2], cust[1]});
          }
        }
      }
      assertEquals(expected(joined, 0, 1, 2), rows(c, "SELECT s.id, s.amount, c.region FROM sales s "
          + "JOIN crm.customers c ON s.id = c.id"));
      // The table function on a table's own root is that table, with the same grant.
      assertEquals(List.of("id", "region"),
          columnNames(c, "SELECT * FROM iceberg_scan('" + dir.resolve("acme/crm/customers") + "')"));
    }
  }

  @Test
  void rowFiltersApplyInsideTheScan() throws SQLException {
    List<Object[]> visible = sales.stream().filter(r -> r[1].equals("eu") && (int) r[2] >= 20).toList();
    assertFalse(visible.isEmpty());
    try (Connection c = connect("erin", "erin-pw")) {
      assertEquals(expected(visible, 0, 1, 2), rows(c, "SELECT id, region, amount FROM sales"));
      assertEquals(List.of(List.of((long) visible.size())), rows(c, "SELECT count(*) FROM sales"));
      // An OR in the user's WHERE cannot undo the filter: it applies inside the scan, before the query's own.
      assertEquals(expected(visible, 0), rows(c, "SELECT id FROM sales WHERE region = 'us' OR true"));
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sales WHERE region = ?")) {
        ps.setString(1, "us");
        try (ResultSet rs = ps.executeQuery()) {
          assertFalse(rs.next());
        }
      }
    }
  }

  @Test
  void rowFiltersAlsoSkipFiles() throws SQLException {
    try (Connection erin = connect("erin", "erin-pw"); Connection alice = connect("alice", "alice-pw")) {
      int all = plannedFiles(alice, "SELECT * FROM sales");
      int eu = plannedFiles(alice, "SELECT * FROM sales WHERE region = 'eu'");
      assertTrue(eu < all, eu + " of " + all);
      assertEquals(eu, plannedFiles(erin, "SELECT * FROM sales"));
      // EXPLAIN lists no file names or partition values of a restricted table.
      try (Statement st = erin.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN SELECT * FROM sales")) {
        StringBuilder text = new StringBuilder();
        while (rs.next()) {
          text.append(rs.getString(1)).append('\n');
        }
        assertFalse(text.toString().contains("region=us"), text.toString());
        assertFalse(text.toString().contains(".parquet ("), text.toString());
      }
    }
  }

  private static int plannedFiles(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
      assertTrue(rs.next());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("; (\\d+) files,").matcher(rs.getString(1));
      assertTrue(m.find(), rs.getString(1));
      return Integer.parseInt(m.group(1));
    }
  }

  @Test
  void rowFiltersMayNameThePrincipal() throws SQLException {
    List<Object[]> own = customers.stream().filter(r -> ((String) r[2]).startsWith("user1")).toList();
    assertFalse(own.isEmpty());
    try (Connection c = connect("user1", "user1-pw")) {
      assertEquals(expected(own, 0, 2), rows(c, "SELECT * FROM crm.customers"));
    }
    // The name is a literal: a principal named like an injection matches only itself (here: nothing).
    LakehouseDataSource ds = new LakehouseDataSource();
    ds.setCatalog(catalog.toString());
    ds.setPrincipalResolver(() -> new Principal("x' OR email LIKE '%", "acme", List.of("own_rows")));
    try (Connection c = ds.getConnection()) {
      assertEquals(List.of(), rows(c, "SELECT * FROM crm.customers"));
    }
  }

  @Test
  void anotherTenantsTableReadsExactlyLikeAMissingOne() throws SQLException {
    try (Connection alice = connect("alice", "alice-pw"); Connection bob = connect("bob", "bob-pw")) {
      SQLException foreign = assertState(SqlState.UNKNOWN_TABLE, () -> rows(alice, "SELECT * FROM globex.orders"));
      SQLException missing = assertThrows(SQLException.class, () -> rows(alice, "SELECT * FROM globex.ordrs"));
      assertEquals(missing.getSQLState(), foreign.getSQLState());
      assertEquals(missing.getMessage().replace("ordrs", "orders"), foreign.getMessage());
      assertState(SqlState.UNKNOWN_TABLE, () -> rows(bob, "SELECT * FROM sales"));
      assertEquals(expected(orders, 0, 1), rows(bob, "SELECT * FROM globex.orders"));
      // Table functions: another tenant's location is "not there", like a folder that does not exist.
      SQLException foreignScan = assertThrows(SQLException.class,
          () -> rows(alice, "SELECT * FROM delta_scan('" + dir.resolve("globex/orders") + "')"));
      SQLException missingScan = assertThrows(SQLException.class,
          () -> rows(alice, "SELECT * FROM delta_scan('" + dir.resolve("globex/ordrs") + "')"));
      assertEquals(missingScan.getSQLState(), foreignScan.getSQLState());
      assertEquals(missingScan.getMessage().replace("ordrs", "orders"), foreignScan.getMessage());
    }
  }

  @Test
  void tablesWithoutAGrantAreDeniedAndNotListed() throws SQLException {
    try (Connection c = connect("carol", "carol-pw")) {
      SQLException e = assertState(SqlState.ACCESS_DENIED, () -> rows(c, "SELECT * FROM sales"));
      assertMessageContains(e, "line 1, column 15");
      assertEquals(List.of(), tables(c.getMetaData()));
    }
  }

  @Test
  void metadataShowsOnlyWhatThePrincipalMayRead() throws SQLException {
    try (Connection alice = connect("alice", "alice-pw"); Connection bob = connect("bob", "bob-pw")) {
      assertEquals(List.of("crm.customers", "main.sales"), tables(alice.getMetaData()));
      assertEquals(List.of("globex.orders"), tables(bob.getMetaData()));
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = alice.getMetaData().getColumns(null, "crm", "customers", null)) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("ORDINAL_POSITION"));
        }
      }
      assertEquals(List.of("id:1", "region:2"), columns);
      List<String> privileges = new ArrayList<>();
      try (ResultSet rs = alice.getMetaData().getTablePrivileges(null, null, "%")) {
        while (rs.next()) {
          privileges.add(rs.getString("TABLE_NAME") + ":" + rs.getString("GRANTEE") + ":" + rs.getString("PRIVILEGE"));
        }
      }
      assertEquals(List.of("customers:alice:SELECT", "sales:alice:SELECT"), privileges);
      List<String> columnPrivileges = new ArrayList<>();
      try (ResultSet rs = alice.getMetaData().getColumnPrivileges(null, "crm", "customers", "%")) {
        while (rs.next()) {
          columnPrivileges.add(rs.getString("COLUMN_NAME"));
        }
      }
      assertEquals(List.of("id", "region"), columnPrivileges);
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = bob.getMetaData().getSchemas()) {
        while (rs.next()) {
          schemas.add(rs.getString(1));
        }
      }
      // main is always listed (where unqualified names resolve, even while empty), and information_schema.
      assertEquals(List.of("globex", "information_schema", "main"), schemas);
    }
  }

  @Test
  void describeAndShowSeeWhatTheMetadataSees() throws SQLException {
    try (Connection alice = connect("alice", "alice-pw"); Connection bob = connect("bob", "bob-pw")) {
      List<Object> described = new ArrayList<>();
      for (List<Object> row : rows(alice, "DESCRIBE crm.customers")) {
        described.add(row.get(0));
      }
      assertEquals(List.of("id", "region"), described);
      assertState(SqlState.UNKNOWN_TABLE, () -> rows(alice, "DESCRIBE globex.orders"));
      List<Object> shown = new ArrayList<>();
      for (List<Object> row : rows(bob, "SHOW TABLES")) {
        shown.add(row.get(0) + "." + row.get(1));
      }
      assertEquals(tables(bob.getMetaData()), shown);
    }
  }

  private static List<String> tables(DatabaseMetaData md) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, null, "%", null)) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
      }
    }
    return out;
  }

  @Test
  void tableFunctionsOnOtherLocationsNeedARoleThatAllowsThem() throws SQLException {
    String extra = "SELECT n FROM delta_scan('" + dir.resolve("acme/raw/extra") + "')";
    try (Connection alice = connect("alice", "alice-pw"); Connection sam = connect("sam", "sam-pw")) {
      assertState(SqlState.ACCESS_DENIED, () -> rows(alice, extra), extra);
      assertEquals(List.of(List.of(7L)), rows(sam, extra));
      // Even with table functions, a location inside a table with a column grant is that table's business.
      assertState(SqlState.ACCESS_DENIED,
          () -> rows(sam, "SELECT * FROM iceberg_scan('" + dir.resolve("acme/crm/customers/data") + "')"));
      // And the table's root keeps its grant.
      assertEquals(List.of("id", "region"),
          columnNames(sam, "SELECT * FROM iceberg_scan('" + dir.resolve("acme/crm/customers") + "')"));
    }
  }

  @Test
  void authenticationFailuresAllLookTheSame() {
    SQLException wrongPassword = assertThrows(SQLException.class, () -> connect("alice", "nope"));
    SQLException unknownUser = assertThrows(SQLException.class, () -> connect("mallory", "nope"));
    SQLException noPasswordPrincipal = assertThrows(SQLException.class, () -> connect("service", ""));
    SQLException noUser = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:lakehouse:" + catalog));
    for (SQLException e : List.of(wrongPassword, unknownUser, noPasswordPrincipal, noUser)) {
      assertState(SqlState.AUTHENTICATION, e);
      assertMessageLacks(e, "nope");
    }
    assertEquals(wrongPassword.getMessage().replace("alice", "mallory"), unknownUser.getMessage());
    assertEquals(wrongPassword.getMessage().replace("alice", "service"), noPasswordPrincipal.getMessage());
  }

  @Test
  void theApplicationCanChooseThePrincipal() throws SQLException {
    LakehouseDataSource ds = new LakehouseDataSource();
    ds.setCatalog(catalog.toString());
    // The SQL user's own user/password are not what decides; the resolver is.
    ds.setUser("bob");
    ds.setPassword("bob-pw");
    ds.setPrincipalResolver(() -> Principal.named("service"));
    try (Connection c = ds.getConnection()) {
      assertEquals(expected(sales, 0), rows(c, "SELECT id FROM sales"));
      assertState(SqlState.UNKNOWN_TABLE, () -> rows(c, "SELECT * FROM globex.orders"));
    }
    ds.setPrincipalResolver(() -> new Principal("tenant-42", "globex", List.of("globex_reader")));
    try (Connection c = ds.getConnection()) {
      assertEquals("tenant-42", c.getMetaData().getUserName());
      assertEquals(expected(orders, 0, 1), rows(c, "SELECT * FROM globex.orders"));
      assertState(SqlState.UNKNOWN_TABLE, () -> rows(c, "SELECT * FROM sales"));
    }
    ds.setPrincipalResolver(() -> new Principal("x", "initech", List.of()));
    assertState(SqlState.AUTHENTICATION, ds::getConnection);
    ds.setPrincipalResolver(() -> Principal.named("nobody"));
    assertState(SqlState.AUTHENTICATION, ds::getConnection);
  }

  private static List<JsonNode> auditRecords() throws java.io.IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit/audit.jsonl"))) {
      out.add(json.readTree(line));
    }
    return out;
  }

  @Test
  void theAuditLogNamesPrincipalAndOrganizationOfEveryStatement() throws Exception {
    try (Connection c = connect("bob", "bob-pw")) {
      rows(c, "SELECT id FROM globex.orders WHERE secret <> 'audit-marker-1'");
      assertThrows(SQLException.class, () -> rows(c, "SELECT id FROM sales WHERE 'audit-marker-2' <> ''"));
    }
    // Closing the connection drains its audit records to the file.
    List<JsonNode> mine = auditRecords().stream()
        .filter(r -> r.path("statement").asText().contains("audit-marker-")).toList();
    assertEquals(2, mine.size(), mine.toString());
    for (JsonNode r : mine) {
      assertEquals("bob", r.get("principal").asText());
      assertEquals("globex", r.get("organization").asText());
    }
    assertEquals("ok", mine.get(0).get("outcome").asText());
    assertEquals("globex.orders", mine.get(0).get("tables").get(0).get("name").asText());
    assertEquals("denied", mine.get(1).get("outcome").asText());
    assertEquals(SqlState.UNKNOWN_TABLE.code(), mine.get(1).get("sqlstate").asText());
  }

  @Test
  void connectionsAndRefusedLoginsAreAudited() throws Exception {
    try (Connection c = connect("bob", "bob-pw")) {
      c.getMetaData();
    }
    assertThrows(SQLException.class, () -> connect("audit-intruder", "guess-1"));
    String all = Files.readString(dir.resolve("audit/audit.jsonl"));
    assertFalse(all.contains("guess-1") || all.contains("bob-pw"));
    List<JsonNode> connects = auditRecords().stream().filter(r -> r.path("event").asText().equals("connect"))
        .toList();
    assertTrue(connects.stream().anyMatch(r -> r.get("principal").asText().equals("bob")
        && r.get("organization").asText().equals("globex") && r.get("outcome").asText().equals("ok")));
    assertTrue(connects.stream().anyMatch(r -> r.get("principal").asText().equals("audit-intruder")
        && r.get("outcome").asText().equals("denied")
        && r.get("sqlstate").asText().equals(SqlState.AUTHENTICATION.code())));
  }

  @Test
  void connectionsOfAMultiUserCatalogCannotChooseWhereDuckDbWrites() throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "alice-pw");
    p.setProperty("temp_directory", dir.resolve("mine").toString());
    assertState(SqlState.ACCESS_DENIED, () -> DriverManager.getConnection("jdbc:lakehouse:" + catalog, p));
    assertFalse(Files.exists(dir.resolve("mine")));
  }

  @Test
  void passwordHashesVerify() {
    String h = hash("correct horse");
    assertTrue(PasswordHash.verify("correct horse".toCharArray(), h));
    assertFalse(PasswordHash.verify("correct hors".toCharArray(), h));
    assertFalse(PasswordHash.verify("correct horse".toCharArray(), null));
    assertFalse(PasswordHash.verify("correct horse".toCharArray(), "pbkdf2-sha256:1000:bad:hash"));
    // Salted: the same password hashes differently each time.
    assertFalse(h.equals(hash("correct horse")));
    assertTrue(Arrays.stream(h.split(":")).count() == 4);
    // A verified login is remembered, but only for the same password.
    assertTrue(PasswordHash.verify("correct horse".toCharArray(), h));
    assertFalse(PasswordHash.verify("correct horsf".toCharArray(), h));
    assertFalse(PasswordHash.verify(null, h));
  }
}
