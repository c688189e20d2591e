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
    LakehouseSqlException e = assertInstanceOf(LakehouseSqlException.class, assertThrows(SQLException.class, call));
    String message = e.getMessage();
    String suffix = " (line " + e.getLine() + ", column " + e.getColumn() + ")";
    if (e.getLine() > 0 && message.endsWith(suffix)) {
      message = message.substring(0, message.length() - suffix.length());
    }
    return e.getSQLState() + " " + e.getLine() + ":" + e.getColumn() + " " + message.replace(dir.toString(), "DIR");
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
    assertEquals(List.of("crm.customers@1:15 as customers", "crm.customers@1:34 as c2"), b.described());
    assertEquals(List.of("ORDERS@1:15 as orders"), bind("SELECT * FROM ORDERS").described());
  }

  @Test
  void unknownTablesAndWronglyQuotedNames() {
    String source = dir.resolve("open.yaml").toString().replace(dir.toString(), "DIR");
    assertEquals("42S02 1:23 Table 'nope' not found in catalog " + source,
        failure(() -> bind("SELECT * FROM orders, nope")));
    assertEquals("42S02 1:15 Table 'ORDERS' not found in catalog " + source,
        failure(() -> bind("SELECT * FROM \"ORDERS\"")));
    assertEquals("42S02 1:15 Table 'main.crm.customers' not found in catalog " + source,
        failure(() -> bind("SELECT * FROM main.crm.customers")));
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
}
