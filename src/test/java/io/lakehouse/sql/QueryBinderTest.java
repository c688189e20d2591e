package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.CatalogLoader;
import io.lakehouse.engine.DuckDbDialect;
import io.lakehouse.security.AccessScope;
import io.lakehouse.security.Principal;
import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.table.TableRegistry;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link QueryBinder} on its own: a parsed query is bound against a real catalog (tables written by Delta Kernel and
 * Iceberg core, a real {@link TableRegistry} and {@link AccessScope}); what comes out is the list of
 * {@link TableReference}s and the tree in which each table reference became a {@link ScanNode}. The tree is printed
 * with the engine's dialect and each scan shown as {@code <name>}, so every check compares exact text.
 */
class QueryBinderTest {
  @TempDir
  static Path dir;
  /** A single-user catalog: everything readable, scan root {@code raw}. */
  private static AccessScope open;
  private static TableRegistry openRegistry;
  /** The same tables under an access section (organisations, roles with column grants and row filters). */
  private static CatalogConfig governed;
  private static String orders;
  private static String customers;
  private static String extra;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter.create(dir.resolve("orders"), List.of(Col.of("id", "long"), Col.of("region", "string"),
        Col.of("qty", "int"))).append(new Object[] {1L, "eu", 3});
    IcebergTestWriter.create(dir.resolve("crm/customers"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()),
        Types.NestedField.optional(3, "email", Types.StringType.get()))).append(new Object[] {1L, "Ada", "a@x"});
    DeltaTestWriter.create(dir.resolve("raw/extra"), List.of(Col.of("n", "long"))).append(new Object[] {7L});
    DeltaTestWriter.create(dir.resolve("globex/secret"), List.of(Col.of("s", "string"))).append(new Object[] {"x"});
    orders = dir.resolve("orders").toString();
    customers = dir.resolve("crm/customers").toString();
    extra = dir.resolve("raw/extra").toString();
    String tables = """
        tables:
          orders: { format: delta, location: orders }
          crm.customers: { format: iceberg, location: crm/customers }
        """;
    Files.writeString(dir.resolve("open.yaml"), tables + "scan_roots: [ raw ]\n");
    Files.writeString(dir.resolve("governed.yaml"), tables + """
          globex.secret: { format: delta, location: globex/secret }
        organizations:
          acme: { tables: [orders, "crm.*"], scan_roots: [raw] }
          globex: { tables: ["globex.*"] }
        roles:
          reader: { grants: [ { select: orders }, { select: crm.customers, columns: [id, name] } ] }
          own_region: { grants: [ { select: orders, row_filter: "region = ${principal} OR region = ${organization}" } ] }
          scanner: { table_functions: true }
          globex_reader: { grants: [ { select: "globex.*" } ] }
        principals:
          alice: { organization: acme, roles: [reader] }
        """);
    open = AccessScope.open(CatalogLoader.load(dir.resolve("open.yaml").toString()), null, null, null);
    openRegistry = new TableRegistry(open.catalog(), LocalObjectStore.INSTANCE);
    governed = CatalogLoader.load(dir.resolve("governed.yaml").toString());
  }

  /** A query after binding: its tree and references. */
  private record Bound(SqlNode query, List<TableReference> refs) {
    /** The tree as the engine's dialect prints it, each scan as {@code <display name>}, paths as DIR. */
    String sql() {
      refs.forEach(r -> r.node.setRenderedSql("<" + r.displayName + ">"));
      return query.toSqlString(DuckDbDialect.INSTANCE).getSql().replace('\n', ' ').replace(dir.toString(), "DIR");
    }

    /** Each reference: name@line:column, qualifier, time travel, and the WHERE conjuncts it was given. */
    List<String> described() {
      List<String> out = new ArrayList<>();
      for (TableReference r : refs) {
        out.add(r.displayName.replace(dir.toString(), "DIR") + "@" + r.line + ":" + r.column + " as " + r.qualifier
            + (r.kind == null ? "" : " " + r.kind + " " + r.timeTravel)
            + (r.conjuncts.isEmpty() ? "" : (r.soleRelation ? " sole " : " shared ") + r.conjuncts));
      }
      return out;
    }
  }

  private static Bound bind(String sql) throws SQLException {
    return bind(open, openRegistry, sql);
  }

  private static Bound bind(AccessScope scope, TableRegistry registry, String sql) throws SQLException {
    TimeTravelSyntax syntax = TimeTravelSyntax.rewrite(sql);
    SqlNode query;
    try {
      query = QueryPipeline.parse(syntax);
    } catch (org.apache.calcite.sql.parser.SqlParseException e) {
      throw new AssertionError("does not parse: " + sql, e);
    }
    QueryBinder binder = new QueryBinder(registry, scope, syntax);
    binder.bindQuery(query, new HashSet<>());
    return new Bound(query, binder.references());
  }

  private static AccessScope as(String principal, String... roles) throws SQLException {
    return AccessScope.open(governed, null, null, () -> new Principal(principal, "acme", List.of(roles)));
  }

  private static Bound bindAs(AccessScope scope, String sql) throws SQLException {
    return bind(scope, new TableRegistry(scope.catalog(), LocalObjectStore.INSTANCE), sql);
  }

  /** The failure of a call as "state line:column message" (the message without its position suffix). */
  private static String failure(Executable call) {
    return io.lakehouse.testing.SqlAssert.failureText(call).replace(dir.toString(), "DIR");
  }

  /** "line:column" of the first occurrence of the marker in the SQL. */
  private static String at(String sql, String marker) {
    int offset = sql.indexOf(marker);
    if (offset < 0) {
      throw new AssertionError(marker + " not in " + sql);
    }
    int[] lc = TimeTravelSyntax.lineColumn(sql, offset);
    return lc[0] + ":" + lc[1];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Table references in every FROM form

  @Test
  void aTableBecomesAScanThatKeepsItsNameAsQualifier() throws SQLException {
    Bound b = bind("SELECT orders.id FROM orders");
    assertEquals("SELECT \"orders\".\"id\" FROM <orders> AS \"orders\"", b.sql());
    assertEquals(List.of("orders@1:23 as orders"), b.described());
    assertSame(openRegistry.table(open.catalog().find(List.of("orders"), List.of(false)).orElseThrow()),
        b.refs().get(0).table);
    assertNull(b.refs().get(0).restriction, "a single-user catalog restricts nothing");
  }

  @Test
  void aliasesAndColumnAliasesQualifyTheScan() throws SQLException {
    Bound b = bind("SELECT o.a FROM orders AS o(a, b, c)");
    assertEquals("SELECT \"o\".\"a\" FROM <orders> AS \"o\" (\"a\", \"b\", \"c\")", b.sql());
    assertEquals(List.of("orders@1:17 as o"), b.described());
    assertEquals(List.of("orders@1:15 as x"), bind("SELECT * FROM orders x").described());
  }

  @Test
  void schemaQualifiedAndQuotedNames() throws SQLException {
    Bound b = bind("SELECT * FROM crm.customers JOIN \"crm\".\"customers\" c2 USING (id)");
    assertEquals("SELECT * FROM <crm.customers> AS \"customers\" INNER JOIN <crm.customers> AS \"c2\" USING (\"id\")",
        b.sql());
    // the USING column is an equality both references share (for file skipping)
    assertEquals(List.of("crm.customers@1:15 as customers shared [`customers`.`id` = `c2`.`id`]",
        "crm.customers@1:34 as c2 shared [`customers`.`id` = `c2`.`id`]"), b.described());
    assertEquals(List.of("ORDERS@1:15 as orders"), bind("SELECT * FROM ORDERS").described());
  }

  @Test
  void unknownTablesAndWronglyQuotedNames() {
    String source = dir.resolve("open.yaml").toString().replace(dir.toString(), "DIR");
    assertEquals("42S02 1:23 Table 'nope' not found in catalog " + source,
        failure(() -> bind("SELECT * FROM orders, nope")));
    assertEquals("42S02 1:15 Table 'ORDERS' not found in catalog " + source + "; did you mean orders?",
        failure(() -> bind("SELECT * FROM \"ORDERS\"")));
    // Read as catalog.schema.table: crm.customers exists, so the first part is a wrong catalog name.
    assertEquals("3D000 1:15 Catalog 'main' not found; this connection's catalog is 'open'",
        failure(() -> bind("SELECT * FROM main.crm.customers")));
    assertEquals("42S02 1:15 Table 'main.crm.nope' not found in catalog " + source,
        failure(() -> bind("SELECT * FROM main.crm.nope")));
  }

  @Test
  void everyJoinSideIsBoundAndSubQueriesInJoinConditionsToo() throws SQLException {
    String sql = "SELECT * FROM orders o\n  LEFT JOIN crm.customers c ON c.id IN (SELECT id FROM orders)\n"
        + "  CROSS JOIN orders p NATURAL JOIN crm.customers";
    Bound b = bind(sql);
    assertEquals(List.of("orders@1:15 as o", "crm.customers@2:13 as c", "orders@" + at(sql, "orders)") + " as orders",
        "orders@3:14 as p", "crm.customers@3:36 as customers"), b.described());
    assertEquals("SELECT * FROM <orders> AS \"o\" LEFT JOIN <crm.customers> AS \"c\" ON \"c\".\"id\" IN (SELECT \"id\" "
        + "FROM <orders> AS \"orders\") CROSS JOIN <orders> AS \"p\" NATURAL INNER JOIN <crm.customers> AS "
        + "\"customers\"", b.sql());
  }

  @Test
  void subQueriesEverywhere() throws SQLException {
    String sql = "SELECT (SELECT max(id) FROM orders) AS m FROM (SELECT * FROM crm.customers) AS s "
        + "WHERE EXISTS (SELECT 1 FROM orders o2) GROUP BY 1 HAVING count(*) > (SELECT count(*) FROM orders o3) "
        + "QUALIFY row_number() OVER (ORDER BY (SELECT min(id) FROM orders o4)) = 1 "
        + "ORDER BY (SELECT 1 FROM orders o5 LIMIT 1)";
    // Bound in the order of the SELECT's clauses: FROM first, then the expressions.
    assertEquals(List.of("crm.customers@" + at(sql, "crm.customers") + " as customers",
        "orders@" + at(sql, "orders)") + " as orders", "orders@" + at(sql, "orders o2") + " as o2",
        "orders@" + at(sql, "orders o3") + " as o3", "orders@" + at(sql, "orders o4") + " as o4",
        "orders@" + at(sql, "orders o5") + " as o5"), bind(sql).described());
  }

  @Test
  void aWithQueryIsNotATableAndItsScopeIsItsStatement() throws SQLException {
    String sql = "WITH orders AS (SELECT 1 AS id), c AS (SELECT * FROM orders) "
        + "SELECT * FROM c JOIN orders USING (id), (SELECT * FROM orders) AS s";
    Bound b = bind(sql);
    assertEquals(List.of(), b.described(), "every 'orders' here is the WITH query");
    assertEquals("WITH \"orders\" AS (SELECT 1 AS \"id\"), \"c\" AS (SELECT * FROM \"orders\") SELECT * FROM \"c\" "
        + "INNER JOIN \"orders\" USING (\"id\"), (SELECT * FROM \"orders\") AS \"s\"", b.sql());
    // A WITH inside a sub-query names nothing outside it; the same name outside is the table again.
    String nested = "SELECT * FROM (WITH orders AS (SELECT 2 AS id) SELECT * FROM orders) AS x, orders";
    assertEquals(List.of("orders@1:76 as orders"), bind(nested).described());
    // Names of WITH queries are case-insensitive, as in DuckDB; a qualified name is always a table.
    String qualified = "WITH \"ORDERS\" AS (SELECT 1) SELECT * FROM orders, main.orders";
    assertEquals(List.of("main.orders@" + at(qualified, "main.") + " as orders"), bind(qualified).described());
  }

  @Test
  void aWithQueryNamedLikeATableReadsTheTableInsideItself() throws SQLException {
    // Standard SQL and DuckDB: a (non-recursive) WITH query's own name inside its body is the outer name.
    String sql = "WITH orders AS (SELECT * FROM orders WHERE qty > 1) SELECT count(*) FROM orders";
    Bound b = bind(sql);
    assertEquals(List.of("orders@1:31 as orders sole [`qty` > 1]"), b.described());
    assertEquals("WITH \"orders\" AS (SELECT * FROM <orders> AS \"orders\" WHERE \"qty\" > 1) SELECT COUNT(*) FROM "
        + "\"orders\"", b.sql());
    // A later WITH query sees the earlier one, which shadows the table from there on.
    assertEquals(List.of("orders@1:31 as orders"),
        bind("WITH orders AS (SELECT * FROM orders), o2 AS (SELECT * FROM orders) SELECT * FROM o2").described());
  }

  @Test
  void aRecursiveWithQueryIsInScopeOnlyInItsRecursiveTerm() throws SQLException {
    // DuckDB: the anchor (left of UNION) reads the outer name, the recursive term the WITH query itself.
    String sql = "WITH RECURSIVE orders(id) AS (SELECT max(id) FROM orders UNION ALL "
        + "SELECT id - 1 FROM orders WHERE id > 0) SELECT * FROM orders";
    Bound b = bind(sql);
    assertEquals(List.of("orders@" + at(sql, "orders UNION") + " as orders"), b.described());
    assertEquals(List.of(), bind("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
        + "SELECT * FROM r").described());
    // Without a UNION it is not recursive in DuckDB: its name inside is the outer one.
    String plain = "WITH RECURSIVE orders AS (SELECT * FROM orders) SELECT * FROM orders";
    assertEquals(List.of("orders@" + at(plain, "orders)") + " as orders"), bind(plain).described());
  }

  @Test
  void timeTravelOnAWithQueryIsRefused() {
    String sql = "WITH c AS (SELECT 1) SELECT * FROM c FOR VERSION AS OF 1";
    assertEquals("42000 " + at(sql, "c FOR") + " Time travel needs a table; 'c' is a WITH query",
        failure(() -> bind(sql)));
  }

  @Test
  void lateralSubQueriesAndTheirOwnConjuncts() throws SQLException {
    String sql = "SELECT * FROM orders o, LATERAL (SELECT * FROM crm.customers c WHERE c.id = o.id) x "
        + "CROSS JOIN LATERAL (SELECT * FROM orders p WHERE p.qty = o.qty AND p.id = 1) y WHERE o.region = 'eu'";
    Bound b = bind(sql);
    assertEquals(List.of("orders@1:15 as o shared [`o`.`region` = 'eu']",
        "crm.customers@" + at(sql, "crm.") + " as c sole [`c`.`id` = `o`.`id`]",
        "orders@" + at(sql, "orders p") + " as p sole [`p`.`qty` = `o`.`qty`, `p`.`id` = 1]"), b.described());
    assertEquals("SELECT * FROM <orders> AS \"o\", LATERAL (SELECT * FROM <crm.customers> AS \"c\" WHERE \"c\".\"id\" "
        + "= \"o\".\"id\") AS \"x\" CROSS JOIN LATERAL (SELECT * FROM <orders> AS \"p\" WHERE \"p\".\"qty\" = "
        + "\"o\".\"qty\" AND \"p\".\"id\" = 1) AS \"y\" WHERE \"o\".\"region\" = 'eu'", b.sql());
  }

  @Test
  void unnestIsARowGeneratorWhoseArgumentsAreBound() throws SQLException {
    assertEquals("SELECT * FROM UNNEST(ARRAY[1, 2]) AS \"u\" (\"x\")",
        bind("SELECT * FROM UNNEST([1, 2]) AS u(x)").sql());
    String sql = "SELECT * FROM UNNEST((SELECT list(id) FROM orders)) AS u(x)";
    assertEquals(List.of("orders@" + at(sql, "orders") + " as orders"), bind(sql).described());
    String refused = "SELECT * FROM UNNEST(getenv('PATH')) AS u(x)";
    assertEquals("42501 " + at(refused, "getenv") + " Function getenv is not allowed: only pure computation "
        + "functions may run (none that reads files, settings, the environment or the catalog); see the allow-list "
        + "in docs/security.md", failure(() -> bind(refused)));
  }

  @Test
  void setOperationsBindEachBranchWithItsOwnConjuncts() throws SQLException {
    String sql = "SELECT id FROM orders WHERE id = 1 UNION SELECT id FROM crm.customers WHERE id = 2 "
        + "INTERSECT SELECT id FROM orders o EXCEPT SELECT n FROM (SELECT 1 AS n UNION ALL SELECT id FROM orders o4)";
    Bound b = bind(sql);
    assertEquals(List.of("orders@1:16 as orders sole [`id` = 1]",
        "crm.customers@" + at(sql, "crm") + " as customers sole [`id` = 2]",
        "orders@" + at(sql, "orders o ") + " as o", "orders@" + at(sql, "orders o4") + " as o4"), b.described());
  }

  @Test
  void valuesRowsAreExpressions() throws SQLException {
    String sql = "VALUES (1), ((SELECT max(id) FROM orders))";
    assertEquals(List.of("orders@1:35 as orders"), bind(sql).described());
    assertEquals("SELECT * FROM (VALUES (1, 'a')) AS \"v\" (\"x\", \"y\")",
        bind("SELECT * FROM (VALUES (1, 'a')) AS v(x, y)").sql());
    String refused = "SELECT * FROM (VALUES (1), (current_setting('threads'))) AS v(x)";
    assertEquals("42501 " + at(refused, "current_setting") + " Function current_setting is not allowed: only pure "
        + "computation functions may run (none that reads files, settings, the environment or the catalog); see the "
        + "allow-list in docs/security.md", failure(() -> bind(refused)));
  }

  @Test
  void fromFirstQueriesAreBoundWithPositionsInTheUserText() throws SQLException {
    String sql = "FROM orders o SELECT o.qty WHERE o.id = 1";
    Bound b = bind(sql);
    assertEquals(List.of("orders@1:6 as o sole [`o`.`id` = 1]"), b.described());
    assertEquals("SELECT \"o\".\"qty\" FROM <orders> AS \"o\" WHERE \"o\".\"id\" = 1", b.sql());
  }

  @Test
  void otherQueryFormsAndFromItemsAreRefused() {
    assertEquals("0A000 1:1 Not supported: this kind of query (EXPLICIT_TABLE)", failure(() -> bind("TABLE orders")));
    assertEquals("0A000 1:15 Not supported: this FROM item (TABLESAMPLE)",
        failure(() -> bind("SELECT * FROM orders TABLESAMPLE BERNOULLI(10)")));
    String sql = "SELECT * FROM read_parquet('/etc/passwd')";
    assertEquals("42501 1:15 Table function read_parquet is not allowed: only the catalog's tables, delta_scan, "
        + "iceberg_scan, unnest, range, generate_series can appear in FROM", failure(() -> bind(sql)));
  }

  @Test
  void rowGeneratorsInFromAreCheckedAndTheirArgumentsBound() throws SQLException {
    String sql = "SELECT * FROM generate_series(1, (SELECT max(id) FROM orders)) AS g(n)";
    Bound b = bind(sql);
    assertEquals(List.of("orders@" + at(sql, "orders") + " as orders"), b.described());
    assertEquals("SELECT * FROM \"generate_series\"(1, (SELECT MAX(\"id\") FROM <orders> AS \"orders\")) AS \"g\" (\"n\")",
        b.sql());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Table functions

  @Test
  void tableFunctionsReadALocationInsideTheScanRoots() throws SQLException {
    String sql = "SELECT d.n FROM delta_scan('" + extra + "') AS d, iceberg_scan('" + customers + "')";
    Bound b = bind(sql);
    assertEquals(List.of("delta_scan('DIR/raw/extra')@1:17 as d",
        "iceberg_scan('DIR/crm/customers')@" + at(sql, "iceberg_scan") + " as iceberg_scan"), b.described());
    assertEquals("SELECT \"d\".\"n\" FROM <delta_scan('DIR/raw/extra')> AS \"d\", <iceberg_scan('DIR/crm/customers')> "
        + "AS \"iceberg_scan\"", b.sql());
    String outside = "SELECT * FROM delta_scan('" + dir.resolve("globex/secret") + "')";
    assertEquals("42501 1:15 No delta table at 'DIR/globex/secret' inside the catalog's locations",
        failure(() -> bind(outside)));
    String climbing = "SELECT * FROM delta_scan('" + extra + "/../../globex/secret')";
    assertEquals("42501 1:15 No delta table at 'DIR/raw/extra/../../globex/secret' inside the catalog's locations",
        failure(() -> bind(climbing)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "version => 3|VERSION 3",
      "VERSION => 3|VERSION 3",
      "\"version\" => 3|VERSION 3",
      "version = 3|VERSION 3",
      "snapshot_id => 42|VERSION 42",
      "snapshot => 42|VERSION 42",
      "ref => 'audit'|VERSION 'audit'",
      "branch = 'dev'|VERSION 'dev'",
      "tag => 'v1'|VERSION 'v1'",
      "version => ? + 1|VERSION ? + 1",
      "timestamp => '2024-01-01 00:00:00'|TIMESTAMP '2024-01-01 00:00:00'",
      "timestamp = TIMESTAMP '2024-01-01 00:00:00'|TIMESTAMP TIMESTAMP '2024-01-01 00:00:00'",
      "as_of => DATE '2024-01-01'|TIMESTAMP DATE '2024-01-01'",
      "timestamp_as_of => now() - INTERVAL '1' DAY|TIMESTAMP `now`() - INTERVAL '1' DAY"})
  void namedTimeTravelArguments(String argument, String timeTravel) throws SQLException {
    String sql = "SELECT * FROM delta_scan('" + extra + "', " + argument + ")";
    assertEquals(List.of("delta_scan('DIR/raw/extra')@1:15 as delta_scan " + timeTravel), bind(sql).described());
  }

  @Test
  void malformedTableFunctionArguments() {
    String unknown = "SELECT * FROM delta_scan('" + extra + "', foo => 3)";
    assertEquals("42000 " + at(unknown, "foo") + " Unknown argument 'foo' of delta_scan; expected version or timestamp",
        failure(() -> bind(unknown)));
    String unknownIceberg = "SELECT * FROM iceberg_scan('" + customers + "', bar = 3)";
    assertEquals("42000 " + at(unknownIceberg, "bar") + " Unknown argument 'bar' of iceberg_scan; expected version, "
        + "snapshot_id, ref or timestamp", failure(() -> bind(unknownIceberg)));
    String two = "SELECT * FROM delta_scan('" + extra + "', version => 1, timestamp => '2024-01-01')";
    assertEquals("42000 " + at(two, "timestamp") + " Give only one of version / timestamp", failure(() -> bind(two)));
    String twoVersions = "SELECT * FROM iceberg_scan('" + customers + "', snapshot_id => 1, ref => 'x')";
    assertEquals("42000 " + at(twoVersions, "ref") + " Give only one of version / timestamp",
        failure(() -> bind(twoVersions)));
    String positional = "SELECT * FROM delta_scan('" + extra + "', 3)";
    assertEquals("42000 " + at(positional, "3)") + " delta_scan takes the location and then named arguments "
        + "(version => ..., timestamp => ...)", failure(() -> bind(positional)));
    String backwards = "SELECT * FROM delta_scan('" + extra + "', 3 = version)";
    assertEquals("42000 " + at(backwards, "3 =") + " Expected a named argument such as version => 3",
        failure(() -> bind(backwards)));
    assertEquals("42000 1:15 delta_scan needs the table location as a string literal first argument",
        failure(() -> bind("SELECT * FROM delta_scan()")));
    assertEquals("42000 1:15 iceberg_scan needs the table location as a string literal first argument",
        failure(() -> bind("SELECT * FROM iceberg_scan(?)")));
    assertEquals("42000 1:15 delta_scan needs the table location as a string literal first argument",
        failure(() -> bind("SELECT * FROM delta_scan('" + extra + "' || '')")));
  }

  @Test
  void tableFunctionTimeTravelMustBeAConstant() {
    String column = "SELECT * FROM delta_scan('" + extra + "', version => n)";
    assertEquals("42000 " + at(column, "n)") + " A time-travel version or timestamp must be a constant expression, "
        + "not a query", failure(() -> bind(column)));
    String query = "SELECT * FROM delta_scan('" + extra + "', version => (SELECT max(id) FROM orders))";
    assertEquals("42000 " + at(query, "(SELECT") + " A time-travel version or timestamp must be a constant "
        + "expression, not a query", failure(() -> bind(query)));
    String function = "SELECT * FROM delta_scan('" + extra + "', timestamp => current_setting('TimeZone'))";
    assertEquals("42501 " + at(function, "current_setting") + " Function current_setting is not allowed: only pure "
        + "computation functions may run (none that reads files, settings, the environment or the catalog); see the "
        + "allow-list in docs/security.md", failure(() -> bind(function)));
  }

  @Test
  void tableFunctionsCarryTheGrantOfTheLocation() throws SQLException {
    AccessScope alice = as("alice", "reader");
    // The root of a granted table: that table's grant, column restriction included.
    TableReference root = bindAs(alice, "SELECT * FROM iceberg_scan('" + customers + "')").refs().get(0);
    assertEquals(List.of("id", "name"), root.restriction.columns());
    assertNull(root.restriction.rowFilter());
    assertNull(bindAs(alice, "SELECT * FROM delta_scan('" + orders + "')").refs().get(0).restriction);
    // Inside a table it may read only in part, or a location that is none of its tables: refused.
    String inside = "SELECT * FROM iceberg_scan('" + customers + "/metadata/v2.metadata.json')";
    assertEquals("42501 1:15 Access denied: alice may not read table crm.customers", failure(() -> bindAs(alice, inside)));
    String other = "SELECT 1 FROM orders, delta_scan('" + extra + "')";
    assertEquals("42501 " + at(other, "delta_scan") + " Access denied: alice may not use delta_scan on locations other "
        + "than its tables", failure(() -> bindAs(alice, other)));
    // A role allowing table functions reads other locations of its organisation, unrestricted.
    Bound sam = bindAs(as("sam", "reader", "scanner"), other);
    assertEquals(List.of("orders@1:15 as orders", "delta_scan('DIR/raw/extra')@1:23 as delta_scan"), sam.described());
    assertNull(sam.refs().get(1).restriction);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Time travel on table references

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "orders FOR VERSION AS OF 1 + 1|VERSION 1 + 1",
      "orders VERSION AS OF 3|VERSION 3",
      "orders FOR SYSTEM_VERSION AS OF 'v1'|VERSION 'v1'",
      "orders FOR VERSION AS OF ?|VERSION ?",
      "orders FOR TIMESTAMP AS OF TIMESTAMP '2024-01-01 00:00:00+00'|TIMESTAMP TIMESTAMP '2024-01-01 00:00:00+00'",
      "orders TIMESTAMP AS OF '2024-01-01'|TIMESTAMP '2024-01-01'",
      "orders FOR SYSTEM_TIME AS OF now() - INTERVAL '1' DAY|TIMESTAMP `now`() - INTERVAL '1' DAY",
      "orders FOR VERSION AS OF CAST('2' AS INTEGER)|VERSION CAST('2' AS INTEGER)"})
  void timeTravelClausesOfEverySpelling(String from, String timeTravel) throws SQLException {
    Bound b = bind("SELECT * FROM " + from);
    assertEquals(List.of("orders@1:15 as orders " + timeTravel), b.described());
    assertEquals("SELECT * FROM <orders> AS \"orders\"", b.sql(), "the clause is evaluated by the driver, not DuckDB");
  }

  @Test
  void severalVersionsOfOneTableInOneQuery() throws SQLException {
    String sql = "SELECT * FROM orders VERSION AS OF 1 AS a\nJOIN orders FOR TIMESTAMP AS OF '2024-01-01' b ON a.id = b.id";
    assertEquals(List.of("orders@1:15 as a VERSION 1 shared [`a`.`id` = `b`.`id`]",
        "orders@2:6 as b TIMESTAMP '2024-01-01' shared [`a`.`id` = `b`.`id`]"), bind(sql).described());
  }

  @Test
  void timeTravelExpressionsMustBeConstants() {
    String column = "SELECT * FROM orders FOR VERSION AS OF orders.qty";
    assertEquals("42000 " + at(column, "orders.qty") + " A time-travel version or timestamp must be a constant "
        + "expression, not a query", failure(() -> bind(column)));
    String spark = "SELECT * FROM orders\n  VERSION AS OF qty + 1";
    assertEquals("42000 2:17 A time-travel version or timestamp must be a constant expression, not a query",
        failure(() -> bind(spark)));
    String query = "SELECT * FROM orders FOR VERSION AS OF 1 + (SELECT max(id) FROM orders)";
    assertEquals("42000 " + at(query, "1 +") + " A time-travel version or timestamp must be a constant expression, "
        + "not a query", failure(() -> bind(query)));
    String function = "SELECT * FROM orders FOR TIMESTAMP AS OF getenv('NOW')";
    assertEquals("42501 " + at(function, "getenv") + " Function getenv is not allowed: only pure computation "
        + "functions may run (none that reads files, settings, the environment or the catalog); see the allow-list "
        + "in docs/security.md", failure(() -> bind(function)));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Function policy, with positions in the user's text

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT getenv('HOME') FROM orders|getenv",
      "SELECT * FROM orders WHERE region = getenv('HOME')|getenv",
      "SELECT * FROM orders o JOIN orders p ON o.id = length(getenv('X'))|getenv",
      "SELECT count(*) FROM orders GROUP BY getenv('X')|getenv",
      "SELECT count(*) FROM orders HAVING max(region) = getenv('X')|getenv",
      "SELECT * FROM orders QUALIFY row_number() OVER (ORDER BY getenv('X')) = 1|getenv",
      "SELECT row_number() OVER w FROM orders WINDOW w AS (ORDER BY getenv('X'))|getenv",
      "SELECT * FROM orders ORDER BY getenv('X')|getenv",
      "WITH c AS (SELECT read_text('/etc/passwd') AS t) SELECT * FROM c|read_text",
      "SELECT * FROM orders WHERE id IN (SELECT current_setting('threads'))|current_setting",
      "SELECT * FROM orders VERSION AS OF 1 WHERE getenv('HOME') = region|getenv",
      "FROM orders SELECT upper(region), getenv('X')|getenv"})
  void functionsOffTheAllowListAreRefusedWhereTheyAre(String sql, String function) {
    assertEquals("42501 " + at(sql, function) + " Function " + function + " is not allowed: only pure computation "
        + "functions may run (none that reads files, settings, the environment or the catalog); see the allow-list "
        + "in docs/security.md", failure(() -> bind(sql)));
  }

  @Test
  void positionsOnLaterLines() {
    assertEquals("42501 3:3 Function getenv is not allowed: only pure computation functions may run (none that reads "
        + "files, settings, the environment or the catalog); see the allow-list in docs/security.md",
        failure(() -> bind("SELECT\n  id,\n  getenv('X')\nFROM orders")));
  }

  @Test
  void qualifiedFunctionsAreRefusedAtTheirFirstNamePart() {
    String sql = "SELECT id, main.abs(qty) FROM orders";
    assertEquals("42501 " + at(sql, "main.") + " Function abs is not allowed: write functions without a schema",
        failure(() -> bind(sql)));
  }

  @Test
  void allowedFunctionsPass() throws SQLException {
    String sql = "SELECT upper(region), abs(qty), coalesce(qty, 0), CAST(id AS VARCHAR) FROM orders";
    assertEquals(List.of("orders@" + at(sql, "orders") + " as orders"), bind(sql).described());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Grants and row filters

  @Test
  void grantsBecomeReadRestrictions() throws SQLException {
    AccessScope alice = as("alice", "reader");
    Bound b = bindAs(alice, "SELECT * FROM orders JOIN crm.customers c USING (id)");
    assertNull(b.refs().get(0).restriction, "orders is granted in full");
    assertEquals(new ReadRestriction(List.of("id", "name"), null), b.refs().get(1).restriction);
    AccessScope ohara = as("o'hara", "own_region");
    ReadRestriction filtered = bindAs(ohara, "SELECT * FROM orders").refs().get(0).restriction;
    assertNull(filtered.columns());
    assertEquals("\"region\" = 'o''hara' OR \"region\" = 'acme'",
        filtered.rowFilter().toSqlString(DuckDbDialect.INSTANCE).getSql());
  }

  @Test
  void tablesWithoutAGrantAndOtherTenantsTables() throws SQLException {
    AccessScope nobody = as("nobody");
    String sql = "SELECT 1\nFROM crm.customers";
    assertEquals("42501 2:6 Access denied: nobody may not read table crm.customers",
        failure(() -> bindAs(nobody, sql)));
    // Another organisation's table is no table at all, whatever the roles say.
    assertEquals("42S02 1:15 Table 'globex.secret' not found in catalog DIR/governed.yaml",
        failure(() -> bindAs(as("mallory", "globex_reader"), "SELECT * FROM globex.secret")));
  }

  @Test
  void rowFiltersAreParsedAndCheckedLikeAWhereClause() throws SQLException {
    QueryBinder binder = new QueryBinder(openRegistry, as("o'hara", "own_region"), TimeTravelSyntax.none());
    assertEquals("\"owner\" = 'o''hara' AND \"org\" = 'acme' AND \"n\" > ABS(-1)", binder.rowFilter(
        "owner = ${principal} AND org = ${organization} AND n > abs(-1)", "t").toSqlString(DuckDbDialect.INSTANCE)
        .getSql());
    assertEquals("\"owner\" IS NULL", new QueryBinder(openRegistry, open, TimeTravelSyntax.none())
        .rowFilter("owner IS ${principal}", "t").toSqlString(DuckDbDialect.INSTANCE).getSql(),
        "no principal: NULL");
    assertEquals("0A000 0:0 The catalog's row filter for main.t contains a sub-query or a parameter, which row "
        + "filters may not", failure(() -> binder.rowFilter("id IN (SELECT id FROM orders)", "main.t")));
    assertEquals("0A000 0:0 The catalog's row filter for main.t contains a sub-query or a parameter, which row "
        + "filters may not", failure(() -> binder.rowFilter("id = ?", "main.t")));
    assertEquals("42000 0:0 The catalog's row filter for main.t is not a valid SQL predicate: Encountered \"= <EOF>\" "
        + "at line 1, column 4.", failure(() -> binder.rowFilter("id =", "main.t")));
    assertEquals("42501 1:1 The catalog's row filter for main.t: Function getenv is not allowed: only pure "
        + "computation functions may run (none that reads files, settings, the environment or the catalog); see the "
        + "allow-list in docs/security.md", failure(() -> binder.rowFilter("region = getenv('X')", "main.t")));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // WHERE conjuncts for file skipping

  @Test
  void conjunctsOfTheSoleTableOfASelect() throws SQLException {
    assertEquals(List.of("orders@1:15 as orders sole [`id` = 1, `qty` > 2, `region` = 'eu' OR `qty` IS NULL]"),
        bind("SELECT * FROM orders WHERE id = 1 AND (qty > 2 AND (region = 'eu' OR qty IS NULL))").described());
    assertEquals(List.of("orders@1:15 as o VERSION 1 sole [`o`.`id` = 1]"),
        bind("SELECT * FROM orders FOR VERSION AS OF 1 AS o WHERE o.id = 1").described());
    assertEquals(List.of("orders@1:15 as orders"), bind("SELECT * FROM orders").described(), "no WHERE");
  }

  @Test
  void innerJoinsShareTheirConjuncts() throws SQLException {
    // The ON condition of an inner join is the same filter as WHERE: shared too (join equalities carry skipping).
    assertEquals(List.of("orders@1:15 as o shared [`o`.`id` = 1, `c`.`name` = 'x', `o`.`id` = `c`.`id`]",
        "crm.customers@1:29 as c shared [`o`.`id` = 1, `c`.`name` = 'x', `o`.`id` = `c`.`id`]"),
        bind("SELECT * FROM orders o JOIN crm.customers c ON o.id = c.id WHERE o.id = 1 AND c.name = 'x'")
            .described());
    assertEquals(List.of("orders@1:15 as o shared [`o`.`id` = `c`.`id`, `c`.`name` = 'x']",
        "crm.customers@1:35 as c shared [`o`.`id` = `c`.`id`, `c`.`name` = 'x']"),
        bind("SELECT * FROM orders o INNER JOIN crm.customers c ON o.id = c.id AND c.name = 'x'").described(),
        "no WHERE at all");
    assertEquals(List.of("orders@1:15 as orders shared [`id` = 1]"),
        bind("SELECT * FROM orders, (SELECT 1 AS k) s WHERE id = 1").described(),
        "a sub-query beside it: not the sole relation");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "orders o LEFT JOIN crm.customers c ON o.id = c.id",
      "orders o RIGHT JOIN crm.customers c ON o.id = c.id",
      "orders o FULL JOIN crm.customers c ON o.id = c.id",
      "orders o JOIN crm.customers c ON o.id = c.id LEFT JOIN orders p ON p.id = o.id",
      "orders p, orders o LEFT JOIN crm.customers c ON o.id = c.id",
      "orders o LEFT JOIN crm.customers c ON o.id = c.id JOIN orders p ON p.id = o.id",
      "orders p CROSS JOIN (orders o LEFT JOIN crm.customers c ON o.id = c.id)",
      "orders o ASOF JOIN crm.customers c MATCH_CONDITION (o.id >= c.id) ON o.qty = c.id",
      "orders o LEFT ASOF JOIN crm.customers c MATCH_CONDITION (o.id >= c.id) ON o.qty = c.id"})
  void noConjunctsAcrossOuterJoins(String from) throws SQLException {
    Bound b = bind("SELECT * FROM " + from + " WHERE o.id = 1 AND c.name IS NULL");
    assertEquals(List.of(), b.refs().stream().filter(r -> !r.conjuncts.isEmpty()).map(r -> r.qualifier).toList());
  }

  @Test
  void conjunctsStayInTheirOwnSelect() throws SQLException {
    String sql = "WITH w AS (SELECT * FROM orders WHERE qty = 3) SELECT * FROM (SELECT * FROM orders o2 WHERE o2.id = 2) "
        + "s, w WHERE s.qty = 1 AND w.id IN (SELECT id FROM crm.customers c WHERE c.name = 'x')";
    assertEquals(List.of("orders@" + at(sql, "orders WHERE") + " as orders sole [`qty` = 3]",
        "orders@" + at(sql, "orders o2") + " as o2 sole [`o2`.`id` = 2]",
        "crm.customers@" + at(sql, "crm.") + " as c sole [`c`.`name` = 'x']"), bind(sql).described());
  }
}
