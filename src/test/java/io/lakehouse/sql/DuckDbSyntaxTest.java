package io.lakehouse.sql;

import static io.lakehouse.testing.SqlAssert.assertSqlError;
import static io.lakehouse.testing.SqlAssert.assertSqlErrorAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbDialect;
import io.lakehouse.security.PasswordHash;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB forms the driver accepts (trailing {@code ;}, FROM-first, {@code GROUP BY ALL}, slices, {@code //},
 * ordered aggregates) reach DuckDB in DuckDB's own spelling, and the table references inside them are bound
 * exactly as in a plain SELECT: time travel, file skipping and column / row grants. Answers are compared with the
 * SELECT spelling of the same query and with the rows written here; {@link QueryCorpusTest} compares the forms
 * with DuckDB itself.
 */
class DuckDbSyntaxTest {
  private static final String[] REGIONS = {"eu", "us", "apac"};

  @TempDir
  static Path dir;
  private static Connection connection;
  private static final List<Object[]> firstVersion = new ArrayList<>();
  private static final List<Object[]> written = new ArrayList<>();

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter sales = DeltaTestWriter.create(dir.resolve("lake/sales"),
        List.of(Col.of("id", "long"), Col.of("region", "string"), Col.of("amount", "int")), List.of("region"));
    for (int version = 0; version < 2; version++) {
      List<Object[]> rows = new ArrayList<>();
      for (long id = version * 30L; id < version * 30L + 30; id++) {
        rows.add(new Object[] {id, REGIONS[(int) (id % 3)], (int) (id * 7 % 50)});
      }
      sales.append(rows);
      written.addAll(rows);
      if (version == 0) {
        firstVersion.addAll(rows);
      }
    }
    Files.writeString(dir.resolve("lake/catalog.yaml"), """
        tables:
          sales: { format: delta, location: sales }
        organizations:
          acme: { tables: [sales] }
        roles:
          eu_ids: { grants: [ { select: sales, columns: [id, region], row_filter: "region = 'eu'" } ] }
        principals:
          lim: { organization: acme, roles: [eu_ids], password_hash: "%s" }
        """.formatted(PasswordHash.create("lim-pw".toCharArray(), 1_000)));
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  /** The DuckDB SQL the driver renders for a query (tables unbound: only the syntax matters here). */
  private static String rendered(String sql) throws Exception {
    return QueryPipeline.parse(TimeTravelSyntax.rewrite(sql)).toSqlString(DuckDbDialect.INSTANCE).getSql()
        .replaceAll("\\s+", " ");
  }

  @Test
  void duckDbFormsReachDuckDbInDuckDbsSpelling() throws Exception {
    assertTrue(rendered("SELECT g, count(*) FROM t GROUP BY ALL ORDER BY ALL").endsWith("GROUP BY ALL ORDER BY ALL"),
        rendered("SELECT g, count(*) FROM t GROUP BY ALL ORDER BY ALL"));
    assertTrue(rendered("SELECT * FROM t ORDER BY ALL DESC NULLS FIRST").endsWith("ORDER BY ALL DESC NULLS FIRST"));
    assertTrue(rendered("FROM t SELECT g GROUP BY ALL HAVING count(*) > 1").contains("GROUP BY ALL HAVING"));
    // Standard SQL's GROUP BY ALL <columns> (a set quantifier) and a quoted "ALL" column keep their meaning.
    assertTrue(rendered("SELECT a FROM t GROUP BY ALL a").endsWith("GROUP BY \"a\""));
    assertTrue(rendered("SELECT \"ALL\" FROM t ORDER BY \"ALL\"").endsWith("ORDER BY \"ALL\""));
    assertEquals("SELECT 2 * 7 // 2, (1 + 7) // 2, 7 // (2 * 2), 8 // 2 // 2, 8 // (4 // 2)",
        rendered("SELECT 2 * 7 // 2, (1 + 7) // 2, 7 // (2 * 2), 8 // 2 // 2, 8 // (4 // 2)"));
    assertEquals("SELECT \"l\"[1:2], \"l\"[:-1], \"l\"[2:], \"l\"[:], \"l\"[1:5:2], (\"a\" || \"b\")[2:3]",
        rendered("SELECT l[1:2], l[ : -1], l[2:], l[:], l[1:5:2], (a || b)[2:3]"));
    assertEquals("SELECT \"list\"(DISTINCT \"x\" ORDER BY \"y\" DESC) FILTER (WHERE \"x\" > 1)",
        rendered("SELECT list(DISTINCT x ORDER BY y DESC) FILTER (WHERE x > 1)"));
    assertEquals("SELECT \"l\"[:\"list\"(\"x\" ORDER BY \"y\")[1]], "
        + "* REPLACE (\"list\"(\"x\" ORDER BY \"y\") AS \"x\")",
        rendered("SELECT l[:list(x ORDER BY y)[1]], * REPLACE list(x ORDER BY y) AS x"));
    assertEquals("SELECT * FROM \"t\" WHERE \"x\" > 1", rendered("FROM t WHERE x > 1"));
    assertEquals("SELECT \"a\" FROM \"t\" WHERE \"x\" IN (SELECT \"y\" FROM \"u\")",
        rendered("FROM t SELECT a WHERE x IN (FROM u SELECT y)"));
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    return QueryCorpusTest.rows(c, sql);
  }

  private static List<String> sorted(List<String> rows) {
    return rows.stream().sorted().toList();
  }

  @Test
  void fromFirstBindsTimeTravelLikeSelect() throws SQLException {
    assertEquals(List.of(firstVersion.size() + "|"),
        rows(connection, "FROM sales FOR VERSION AS OF 1 SELECT count(*)"));
    assertEquals(List.of(written.size() + "|"), rows(connection, "FROM sales SELECT count(*);"));
    assertEquals(List.of(firstVersion.size() + "|"),
        rows(connection, "SELECT count(*) FROM sales FOR VERSION AS OF ([3, 4][1:])[1] // 2"));
    assertEquals(sorted(rows(connection, "SELECT * FROM sales VERSION AS OF 1")),
        sorted(rows(connection, "FROM sales VERSION AS OF 1")));
    assertEquals(rows(connection, "SELECT s.id FROM sales FOR VERSION AS OF 1 AS s JOIN sales AS n USING (id) "
        + "ORDER BY 1"), rows(connection, "FROM sales FOR VERSION AS OF 1 AS s JOIN sales AS n USING (id) "
        + "SELECT s.id ORDER BY 1"));
    long euAmount = firstVersion.stream().filter(r -> r[1].equals("eu")).mapToLong(r -> (Integer) r[2]).sum();
    assertEquals(List.of(euAmount + "|"), rows(connection,
        "WITH old AS (FROM sales VERSION AS OF 1 WHERE region = 'eu') FROM old SELECT sum(amount)"));
  }

  private static int plannedFiles(String query) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
      assertTrue(rs.next());
      Matcher m = Pattern.compile("; (\\d+) files,").matcher(rs.getString(1));
      assertTrue(m.find(), rs.getString(1));
      return Integer.parseInt(m.group(1));
    }
  }

  @Test
  void fromFirstSkipsFilesLikeSelect() throws SQLException {
    int all = plannedFiles("SELECT * FROM sales");
    int eu = plannedFiles("SELECT * FROM sales WHERE region = 'eu'");
    assertTrue(eu < all, eu + " of " + all);
    assertEquals(eu, plannedFiles("FROM sales WHERE region = 'eu'"));
    assertEquals(eu, plannedFiles("FROM sales SELECT id WHERE region = 'eu' ORDER BY 1;"));
    long count = written.stream().filter(r -> r[1].equals("eu")).count();
    assertEquals(List.of(count + "|"), rows(connection, "FROM sales SELECT count(*) WHERE region = 'eu'"));
  }

  @Test
  void fromFirstHonoursColumnAndRowGrants() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "lim");
    p.setProperty("password", "lim-pw");
    try (Connection lim = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake/catalog.yaml"), p)) {
      List<String> eu = written.stream().filter(r -> r[1].equals("eu"))
          .sorted(Comparator.comparing(r -> (Long) r[0])).map(r -> r[0] + "|eu|").toList();
      assertEquals(eu, rows(lim, "FROM sales ORDER BY id"));
      assertEquals(eu, rows(lim, "FROM sales SELECT * ORDER BY 1;"));
      assertEquals(eu.stream().map(r -> r.substring(0, r.indexOf('|') + 1)).toList(),
          rows(lim, "FROM sales SELECT * EXCLUDE (region) ORDER BY 1"));
      String hidden = "FROM sales\nSELECT id, amount";
      assertSqlErrorAt(SqlState.ACCESS_DENIED, 2, 12, () -> rows(lim, hidden));
      // Naming a hidden column, even to exclude it, is refused like any mention.
      for (String sql : List.of("SELECT * EXCLUDE (amount) FROM sales",
          "FROM sales SELECT string_agg(region, ',' ORDER BY amount)", "FROM sales SELECT list(id ORDER BY amount)")) {
        assertSqlError(SqlState.ACCESS_DENIED, () -> rows(lim, sql), sql);
      }
      assertEquals(eu, rows(lim, "FROM sales SELECT * ORDER BY ALL"));
    }
  }

  @Test
  void preparedStatementsTakeTheNewFormsWithParameters() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "FROM sales SELECT [id, id + 1, id + 2][?:?], id // ? WHERE id = ?;")) {
      assertEquals(4, ps.getParameterMetaData().getParameterCount());
      ps.setInt(1, 2);
      ps.setInt(2, 3);
      ps.setInt(3, 4);
      ps.setLong(4, 9);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(List.of(10L, 11L), List.of((Object[]) rs.getArray(1).getArray()));
        assertEquals(2, rs.getLong(2));
      }
    }
  }
}
