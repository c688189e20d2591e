package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.config.CatalogLoader;
import io.lakehouse.security.AccessScope;
import io.lakehouse.security.ColumnMention;
import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.table.TableRegistry;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link QueryNames} over bound queries (table references already replaced by scans): the columns a query may read
 * (an over-estimate, or null for "any": a sparse fetch leaves out every column chunk not in it), the names it
 * mentions, every column mention with its position in the user's text, and where a name first stands.
 */
class QueryNamesTest {
  @TempDir
  static Path dir;
  private static AccessScope scope;
  private static TableRegistry registry;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter.create(dir.resolve("orders"), List.of(Col.of("id", "long"), Col.of("region", "string"),
        Col.of("qty", "int"))).append(new Object[] {1L, "eu", 3});
    IcebergTestWriter.create(dir.resolve("crm/customers"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()),
        Types.NestedField.optional(3, "email", Types.StringType.get()))).append(new Object[] {1L, "Ada", "a@x"});
    scope = AccessScope.open(CatalogLoader.load(dir.toString()), null, null, null);
    registry = new TableRegistry(scope.catalog(), LocalObjectStore.INSTANCE);
  }

  private record Names(QueryNames names, TimeTravelSyntax syntax) {}

  private static Names names(String sql) throws SQLException {
    TimeTravelSyntax syntax = TimeTravelSyntax.rewrite(sql);
    SqlNode query;
    try {
      query = QueryPipeline.parse(syntax);
    } catch (org.apache.calcite.sql.parser.SqlParseException e) {
      throw new AssertionError(sql, e);
    }
    new QueryBinder(registry, scope, syntax).bindQuery(query, new HashSet<>());
    return new Names(new QueryNames(query), syntax);
  }

  private static Set<String> read(String sql) throws SQLException {
    Set<String> columns = names(sql).names().readColumns();
    return columns == null ? null : new TreeSet<>(columns);
  }

  private static List<String> mentions(String sql) throws SQLException {
    Names n = names(sql);
    return n.names().columnMentions(n.syntax()).stream().map(QueryNamesTest::text).toList();
  }

  private static String text(ColumnMention m) {
    return (m.qualifier() == null ? "" : m.qualifier() + ".") + m.name() + "@" + m.line() + ":" + m.column();
  }

  @Test
  void readColumnsAreEveryNameTheQueryUses() throws SQLException {
    // Every part of every name (qualifiers, output aliases too): an over-estimate, but never the tables' aliases.
    assertEquals(new TreeSet<>(Set.of("id", "o", "qty", "r", "region")),
        read("SELECT id, upper(o.region) AS r FROM orders o WHERE qty > 1 ORDER BY r"));
    assertEquals(new TreeSet<>(Set.of("c", "id", "name", "orders", "qty")),
        read("SELECT c.name FROM orders JOIN crm.customers c USING (id) WHERE orders.qty IN (SELECT 1)"));
    // Nested names count with every part: a struct field read is the struct's column.
    assertEquals(new TreeSet<>(Set.of("a", "o", "s")), read("SELECT o.s.a FROM orders AS o"));
  }

  @Test
  void countStarReadsNoColumn() throws SQLException {
    assertEquals(Set.of(), read("SELECT count(*) FROM orders"));
    assertEquals(Set.of("qty"), read("SELECT count(*) FILTER (WHERE qty > 1) FROM orders"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM orders",
      "SELECT o.* FROM orders o",
      "SELECT * EXCLUDE (qty) FROM orders",
      "SELECT count(*) FROM orders NATURAL JOIN crm.customers",
      "SELECT COLUMNS('q.*') FROM orders",
      "SELECT id FROM orders WHERE EXISTS (SELECT * FROM crm.customers)",
      // The table's name or alias as a value is the whole row (a struct of every column, in DuckDB).
      "SELECT o FROM orders o",
      "SELECT to_json(orders) FROM orders",
      "SELECT id FROM orders o WHERE o IS NOT NULL",
      "SELECT count(DISTINCT c) FROM orders JOIN crm.customers c USING (id)",
      // Column aliases rename the table's columns: the names used are not the columns read.
      "SELECT a FROM orders AS o(a, b, c)",
      "SELECT o.x FROM orders FOR VERSION AS OF 1 AS o(x)"})
  void queriesThatReadColumnsTheyDoNotNameReadAll(String sql) throws SQLException {
    assertNull(read(sql), sql);
  }

  @Test
  void mentionsAreAnyNameAlsoNextToAStar() throws SQLException {
    QueryNames n = names("SELECT *, _row_id FROM orders WHERE \"Qty\" > 1").names();
    assertTrue(n.mentions("_row_id"));
    assertTrue(n.mentions("qty"), "lower-cased");
    assertFalse(n.mentions("region"));
    assertFalse(n.mentions("_last_updated_sequence_number"));
  }

  @Test
  void columnMentionsWithQualifiersAndPositions() throws SQLException {
    String sql = "SELECT c.name, email AS e, count(*) AS n\nFROM crm.customers c\nWHERE c.id = 1 GROUP BY 1, 2 "
        + "ORDER BY n";
    assertEquals(List.of("c.name@1:8", "email@1:16", "c.id@3:7", "n@3:39"), mentions(sql));
    // Three parts: the qualifier is the part before the column.
    assertEquals(List.of("customers.email@1:8"), mentions("SELECT crm.customers.email FROM crm.customers"));
  }

  @Test
  void mentionPositionsAreInTheUsersText() throws SQLException {
    // Spark's VERSION AS OF and FROM-first are rewritten before parsing; positions map back.
    String sql = "SELECT id FROM orders VERSION AS OF 1 WHERE qty = 2";
    assertEquals(List.of("id@1:8", "qty@1:45"), mentions(sql));
    assertEquals(List.of("qty@1:20", "id@1:30"), mentions("FROM orders SELECT qty WHERE id = 1"));
  }

  @Test
  void findGivesTheFirstPlaceANameStands() throws SQLException {
    QueryNames n = names("SELECT o.qty, qty + 1\nFROM orders o WHERE QTY > 0").names();
    SqlParserPos pos = n.find("qty");
    assertEquals(List.of(1, 8), List.of(pos.getLineNum(), pos.getColumnNum()));
    assertNull(n.find("email"));
    SqlParserPos later = names("SELECT 1 FROM orders\nWHERE region = 'eu'").names().find("REGION");
    assertEquals(List.of(2, 7), List.of(later.getLineNum(), later.getColumnNum()));
  }
}
