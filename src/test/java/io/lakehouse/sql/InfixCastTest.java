package io.lakehouse.sql;

import static io.lakehouse.testing.SqlAssert.assertSqlErrorAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbDialect;
import io.lakehouse.security.PasswordHash;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DuckDB's postfix cast {@code x::T} means through the driver exactly what it means in DuckDB, where it binds
 * tighter than any operator: each query runs through the driver and, as the oracle, verbatim in a plain DuckDB over
 * a view of the same Parquet files, on one long-lived connection each. Also: what file skipping sees, time travel,
 * row filters, parameters, refusals and parse-error positions.
 */
class InfixCastTest {
  private static final int DAYS = 6;
  private static final int ROWS_PER_DAY = 10;

  @TempDir
  static Path dir;
  private static Connection driver;
  private static Connection raw;

  @BeforeAll
  static void setUp() throws Exception {
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("lake/t"), List.of(Col.of("id", "long"),
        Col.of("grp", "int"), Col.of("amount", "decimal(10,2)"), Col.of("name", "string"), Col.of("d", "date")));
    for (int day = 0; day < DAYS; day++) {
      List<Object[]> rows = new ArrayList<>();
      for (long i = day * (long) ROWS_PER_DAY; i < (day + 1L) * ROWS_PER_DAY; i++) {
        rows.add(new Object[] {i, (int) (i % 4), BigDecimal.valueOf(i * 37 % 1000, 2),
            i % 7 == 0 ? null : "n" + i % 5, LocalDate.of(2024, 1, 1).plusDays(day)});
      }
      t.append(rows);  // one file per day: skipping by min / max of d
    }
    Files.writeString(dir.resolve("lake/catalog.yaml"), """
        tables:
          t: { format: delta, location: t }
        organizations:
          acme: { tables: [t] }
        roles:
          late: { grants: [ { select: t, row_filter: "d >= '2024-01-04'::DATE AND amount::INTEGER >= 2" } ] }
        principals:
          lim: { organization: acme, roles: [late], password_hash: "%s" }
        """.formatted(PasswordHash.create("lim-pw".toCharArray(), 1_000)));
    driver = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake") + "?time_zone=UTC");
    raw = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = raw.createStatement(); Stream<Path> walk = Files.walk(dir.resolve("lake/t"))) {
      s.execute("SET TimeZone = 'UTC'");
      String files = walk.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
          .map(p -> "'" + p + "'").collect(Collectors.joining(", "));
      s.execute("CREATE VIEW t AS SELECT * FROM read_parquet([" + files + "])");
    }
  }

  @AfterAll
  static void tearDown() throws SQLException {
    driver.close();
    raw.close();
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    return QueryCorpusTest.rows(c, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // precedence against every binary operator: :: binds tightest
      "SELECT (0.6 + 0.6)::INTEGER, 1 + 2.6::INTEGER, 2 * 3.7::INTEGER, 10 / 4::DOUBLE, 7 - 2.5::INTEGER",
      "SELECT 7 // 2.6::INTEGER, 7.5::INTEGER // 2, 7 % 2.6::INTEGER, 1 + 2::INTEGER * 3",
      "SELECT 'a' || 1::VARCHAR, 1::VARCHAR || 2::VARCHAR, (1 || 2)::INTEGER + 1",
      "SELECT 1 = 1.4::INTEGER, 2 < 1.6::INTEGER, 2 >= 2.4::INTEGER, 1 <> 0.6::INTEGER",
      "SELECT true AND 0::BOOLEAN, NOT 0::BOOLEAN, 1::BOOLEAN OR false, NOT (1 = 2)::BOOLEAN",
      // unary minus applies to the cast value, as in DuckDB
      "SELECT -1.6::INTEGER, - 2.5::INTEGER, -(1.5)::INTEGER, - -1.5::INTEGER, -amount::INTEGER FROM t ORDER BY id",
      // chains
      "SELECT 1.5::INTEGER::VARCHAR, '2.5'::DOUBLE::INTEGER, (1.5::VARCHAR)::DOUBLE, id::VARCHAR::INTEGER + 1 "
          + "FROM t ORDER BY id",
      // every type form
      "SELECT 1.5::DOUBLE PRECISION, '1.255'::DECIMAL(10,2), 'abcdef'::VARCHAR(3), 42::BIGINT, 42::HUGEINT, "
          + "3::UTINYINT, '12:00'::TIME, '2024-01-02 03:04'::TIMESTAMP",
      "SELECT '2024-01-02 03:04:05+02'::TIMESTAMP WITH TIME ZONE, '2024-01-02'::TIMESTAMPTZ::DATE",
      "SELECT [1, 2]::VARCHAR[], ['1', '2']::INTEGER[]::VARCHAR, [[1]]::VARCHAR[][], [id, grp]::DOUBLE[] FROM t "
          + "ORDER BY id",
      // typed literals and escape strings as operands
      "SELECT DATE '2024-01-02'::VARCHAR, TIMESTAMP '2024-01-02 10:00:00'::DATE, INTERVAL '1' DAY::VARCHAR, "
          + "E'a\\tb'::VARCHAR, length(E'x\\'y'::VARCHAR)",
      // DuckDB's typed literals Calcite has no literal for (CAST in DuckDB's sense), alone and as operands
      "SELECT TIMESTAMPTZ '2024-01-02 03:04:05+02', TIMESTAMPTZ '2024-01-02'::DATE, "
          + "TIMESTAMP_NS '2024-01-02 03:04:05.123456', TIMESTAMP_MS '2024-01-02 03:04:05.123'::VARCHAR, "
          + "TIMESTAMP_S '2024-01-02 03:04:05' < TIMESTAMP '2024-01-03 00:00:00'",
      // WHERE, BETWEEN, IN
      "SELECT id FROM t WHERE d = '2024-01-03'::DATE ORDER BY id",
      "SELECT id FROM t WHERE d BETWEEN '2024-01-02'::DATE AND '2024-01-04'::DATE ORDER BY id",
      "SELECT id FROM t WHERE d > '2024-01-03'::DATE + 1 AND d < '2024-01-06'::TIMESTAMP ORDER BY id",
      "SELECT id FROM t WHERE grp IN (1::BIGINT, '2'::INTEGER, 2.6::INTEGER) ORDER BY id",
      "SELECT id FROM t WHERE amount::INTEGER = 3 OR id::VARCHAR LIKE '1%' ORDER BY id",
      "SELECT id FROM t WHERE name::VARCHAR IS NULL AND (id % 2)::BOOLEAN ORDER BY id",
      // GROUP BY, HAVING, ORDER BY
      "SELECT (amount / 2)::INTEGER AS h, count(*) FROM t GROUP BY (amount / 2)::INTEGER ORDER BY h",
      "SELECT grp::VARCHAR, count(*)::VARCHAR FROM t GROUP BY grp::VARCHAR HAVING count(*)::INTEGER > 1 ORDER BY 1",
      "SELECT id FROM t ORDER BY (id % 3)::VARCHAR DESC, id::VARCHAR",
      // CASE, functions, aggregates, windows
      "SELECT CASE WHEN grp = 1 THEN amount ELSE 0.5 END::INTEGER, CASE grp::VARCHAR WHEN '1' THEN 'one' "
          + "ELSE 'other' END FROM t ORDER BY id",
      "SELECT round(amount::DOUBLE, 1), substr(id::VARCHAR, 1, 1), coalesce(name, id::VARCHAR), "
          + "greatest(grp::DOUBLE, 1.5) FROM t ORDER BY id",
      "SELECT sum(amount)::INTEGER, count(*)::VARCHAR, max(d)::VARCHAR, avg(id)::INTEGER * 2 FROM t",
      "SELECT id, sum(amount) OVER (ORDER BY id)::INTEGER, count(*) OVER (PARTITION BY grp)::VARCHAR FROM t "
          + "ORDER BY id",
      "SELECT count(*) FILTER (WHERE grp = 1)::VARCHAR, list(id ORDER BY id DESC)[1:2]::VARCHAR FROM t",
      // subscripts, slices, sub-queries
      "SELECT [id, grp][1]::VARCHAR, [id, grp, 3][2:]::VARCHAR, ([id] || [grp])::VARCHAR, name[1:1]::VARCHAR "
          + "FROM t ORDER BY id",
      "SELECT (SELECT max(id) FROM t)::VARCHAR, EXISTS (SELECT 1 FROM t WHERE grp = 9)::INTEGER",
      // :: inside strings, comments and quoted identifiers is not a cast
      "SELECT '::' AS s, 'a::int' || '' AS \"x::y\", id /* x::INTEGER */ FROM t -- y::z\n ORDER BY id",
      // FROM-first, DESCRIBE
      "FROM t SELECT id::VARCHAR WHERE d >= '2024-01-05'::DATE ORDER BY id",
      "DESCRIBE SELECT id::VARCHAR AS v, amount::DECIMAL(4,1) AS w, [id]::VARCHAR[] AS l FROM t"})
  void sameAnswerAsDuckDbItself(String sql) throws SQLException {
    List<String> expected = rows(raw, sql);
    assertFalse(expected.isEmpty(), "the oracle returned rows for " + sql);
    assertEquals(expected, rows(driver, sql), sql);
  }

  /** The DuckDB SQL the driver renders for a query (tables unbound: only the syntax matters here). */
  private static String rendered(String sql) throws Exception {
    return QueryPipeline.parse(TimeTravelSyntax.rewrite(sql)).toSqlString(DuckDbDialect.INSTANCE).getSql()
        .replaceAll("\\s+", " ");
  }

  @Test
  void everyCastReachesDuckDbAsACastCall() throws Exception {
    assertEquals("SELECT CAST(0.6 + 0.6 AS INTEGER), 1 + CAST(2.6 AS INTEGER), - CAST(1 AS INTEGER)",
        rendered("SELECT (0.6 + 0.6)::INTEGER, 1 + 2.6::INTEGER, -1::INTEGER"));
    assertEquals("SELECT CAST(CAST(\"x\" AS INTEGER ARRAY) AS VARCHAR), CAST(\"t\".\"a b\" AS DOUBLE)",
        rendered("SELECT x::INTEGER[]::VARCHAR, t.\"a b\"::DOUBLE PRECISION"));
    assertEquals("SELECT * REPLACE (CAST(\"x\" AS INTEGER) AS \"x\") FROM \"t\"",
        rendered("SELECT * REPLACE x::INT AS x FROM t"));
    assertEquals("SELECT CAST(\"f\"(\"x\").\"a\" AS INTEGER), CAST(RANK() OVER \"w\" AS INTEGER)",
        rendered("SELECT f(x).a::INT, rank() OVER w::INT"));
  }

  @Test
  void theDialectWritesAnInfixCastAsACastCall() throws Exception {
    // Babel's own tree for (a + b)::INTEGER, which the driver no longer builds: written whole, not `a + b :: INTEGER`.
    org.apache.calcite.sql.SqlNode tree = org.apache.calcite.sql.parser.SqlParser.create("(a + b)::INTEGER",
        org.apache.calcite.sql.parser.SqlParser.config()
            .withParserFactory(org.apache.calcite.sql.parser.babel.SqlBabelParserImpl.FACTORY)
            .withConformance(org.apache.calcite.sql.validate.SqlConformanceEnum.BABEL)).parseExpression();
    assertEquals("::", ((org.apache.calcite.sql.SqlCall) tree).getOperator().getName());
    assertEquals("CAST(\"A\" + \"B\" AS INTEGER)", tree.toSqlString(DuckDbDialect.INSTANCE).getSql());
  }

  @Test
  void onlyCastsOutsideStringsCommentsAndQuotedNamesAreRewritten() throws SQLException {
    assertEquals("a || '::' || CAST(\"b::c\" AS INT) -- x::y\n/* p::q */",
        InfixCasts.rewrite("a || '::' || \"b::c\"::INT -- x::y\n/* p::q */"));
    assertEquals("CAST(E'a\\'::b' AS VARCHAR) = CAST(X'ab' AS BLOB)",
        InfixCasts.rewrite("E'a\\'::b'::VARCHAR = X'ab'::BLOB"));
    assertEquals("CAST(1.5e-3 AS DOUBLE) - CAST(.5 AS INT) + CAST(t.x.e1 AS INT)",
        InfixCasts.rewrite("1.5e-3::DOUBLE - .5::INT + t.x.e1::INT"));
    assertEquals("CAST(INTERVAL '1:2' HOUR TO MINUTE AS VARCHAR), CAST(CAST(x AS A) AS B ARRAY)",
        InfixCasts.rewrite("INTERVAL '1:2' HOUR TO MINUTE::VARCHAR, x::A::B[]"));
    assertEquals("no casts", InfixCasts.rewrite("no casts"));
  }

  @Test
  void castsOfConstantsStillSkipFiles() throws SQLException {
    int all = plannedFiles("SELECT * FROM t");
    int literal = plannedFiles("SELECT * FROM t WHERE d = DATE '2024-01-03'");
    assertEquals(DAYS, all);
    assertTrue(literal < all, literal + " of " + all);
    assertEquals(literal, plannedFiles("SELECT * FROM t WHERE d = '2024-01-03'::DATE"));
    assertEquals(plannedFiles("SELECT * FROM t WHERE d BETWEEN DATE '2024-01-02' AND DATE '2024-01-03'"),
        plannedFiles("SELECT * FROM t WHERE d BETWEEN '2024-01-02'::DATE AND '2024-01-03'::DATE"));
    // Not a constant DuckDB compares d with: every file is kept, and the answer is DuckDB's.
    assertEquals(all, plannedFiles("SELECT * FROM t WHERE d::VARCHAR = '2024-01-03'"));
  }

  private static int plannedFiles(String query) throws SQLException {
    try (Statement s = driver.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
      assertTrue(rs.next());
      Matcher m = Pattern.compile("; (\\d+) files,").matcher(rs.getString(1));
      assertTrue(m.find(), rs.getString(1));
      return Integer.parseInt(m.group(1));
    }
  }

  @Test
  void aCastInATimeTravelClauseKeepsItsKind() throws SQLException {
    assertEquals(rows(driver, "SELECT count(*) FROM t FOR VERSION AS OF 1"),
        rows(driver, "SELECT count(*) FROM t FOR VERSION AS OF '1'::BIGINT"));
    assertEquals(List.of(ROWS_PER_DAY + "|"), rows(driver, "SELECT count(*) FROM t VERSION AS OF 0.6::INTEGER + 0"));
    assertEquals(List.of(2 * ROWS_PER_DAY + "|"), rows(driver, "SELECT count(*) FROM delta_scan('"
        + dir.resolve("lake/t") + "', version => '2.4'::DOUBLE::INTEGER)"));
  }

  @Test
  void parametersAreCastLikeInDuckDb() throws SQLException {
    String sql = "SELECT ?::INTEGER + 1, 1 + ?::DOUBLE::INTEGER, count(*) FROM t WHERE d >= ?::DATE";
    List<List<String>> answers = new ArrayList<>();
    for (Connection c : List.of(raw, driver)) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, "41");
        ps.setString(2, "2.6");
        ps.setString(3, "2024-01-05");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          answers.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    assertEquals(answers.get(0), answers.get(1));
  }

  @Test
  void rowFiltersReadCastsAsDuckDbDoes() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "lim");
    p.setProperty("password", "lim-pw");
    try (Connection lim = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake/catalog.yaml"), p)) {
      List<String> expected = rows(raw,
          "SELECT id FROM t WHERE d >= '2024-01-04'::DATE AND amount::INTEGER >= 2 ORDER BY id");
      assertFalse(expected.isEmpty());
      assertEquals(expected, rows(lim, "SELECT id FROM t ORDER BY id"));
    }
  }

  @Test
  void whatCannotBeReadAsDuckDbReadsItFailsLoudly() {
    // DuckDB applies these :: to the whole comparison / test, or reads INTERVAL DAY as one type.
    for (String line2 : List.of("  id IN (1, 2)::INTEGER FROM t", "  id NOT IN (SELECT 1)::INTEGER FROM t",
        "  name IS NULL::INTEGER FROM t", "  '1'::INTERVAL DAY")) {
      String sql = "SELECT 1,\n" + line2;
      assertSqlErrorAt(SqlState.NOT_SUPPORTED, sql, "::", () -> rows(driver, sql));
    }
  }

  @Test
  void parseErrorsPointIntoTheUsersText() {
    // DuckDB's fixed-size ARRAY type is not one Calcite parses: the error is at the user's '[3]'.
    String sql = "SELECT id,\n  amount + grp::INTEGER[3] FROM t";
    assertSqlErrorAt(SqlState.SYNTAX, sql, "[3]", () -> rows(driver, sql));
    String after = "SELECT (1 + 2)::INTEGER,\n  d::DATE FROM FROM t";
    assertSqlErrorAt(SqlState.SYNTAX, after, "FROM FROM", () -> rows(driver, after));
  }
}
