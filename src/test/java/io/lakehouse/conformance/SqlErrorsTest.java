package io.lakehouse.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.LakehouseSqlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets an SQLException with a fitting SQLState, and for SQL the line and column in the user's text;
 * statements that are not reads and functions that reach files never get to DuckDB; the connection stays usable.
 */
class SqlErrorsTest {
  @TempDir
  static Path dir;
  private static SparkFixtureCatalog fixtures;
  private static Connection connection;

  @BeforeAll
  static void open() throws SQLException {
    fixtures = SparkFixtureCatalog.load(dir);
    connection = fixtures.connect();
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @AfterEach
  void connectionStillWorks() throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM dv_table")) {
      assertTrue(rs.next());
    }
  }

  private static LakehouseSqlException fail(String sql) {
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          // drain: some errors surface while reading
        }
      }
    }, sql);
    return assertInstanceOf(LakehouseSqlException.class, e, "driver exception expected for " + sql);
  }

  /** 1-based {line, column} of the first occurrence of the marker in the text. */
  private static int[] position(String sql, String marker) {
    int offset = sql.indexOf(marker);
    assertTrue(offset >= 0, marker);
    int line = 1;
    int col = 1;
    for (int i = 0; i < offset; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }

  private static void assertAt(LakehouseSqlException e, String sql, String marker) {
    int[] expected = position(sql, marker);
    assertEquals(expected[0], e.getLine(), "line of " + e.getMessage());
    assertEquals(expected[1], e.getColumn(), "column of " + e.getMessage());
  }

  @Test
  void overlongStatementsAreRefusedBeforeParsing() {
    String sql = "SELECT 1 -- " + "x".repeat(1_000_000);
    LakehouseSqlException e = fail(sql);
    assertEquals("54000", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(sql.length())), e.getMessage());
  }

  @Test
  void syntaxErrorHasLineAndColumn() {
    String sql = "SELECT id\nFROM dv_table\nWHERE id = = 3";
    LakehouseSqlException e = fail(sql);
    assertEquals("42000", e.getSQLState());
    // The position is where the text the parser quotes ("= =") begins.
    assertAt(e, sql, "= = 3");
  }

  @Test
  void positionsAfterTimeTravelRewriteStillPointIntoUserText() {
    // The rewrite turns "VERSION AS OF" into a longer clause; the error must still point at the user's text.
    String sql = "SELECT * FROM dv_table VERSION AS OF 3 WHERE id IN (1,, 2)";
    LakehouseSqlException e = fail(sql);
    assertEquals("42000", e.getSQLState());
    assertAt(e, sql, ",, 2)");
  }

  @Test
  void positionsAfterDuckDbLiteralRewriteStillPointIntoUserText() {
    String sql = "SELECT [1, 2] AS a, {'k': [3]} AS s, MAP {'m': 1} AS m\nFROM dv_table WHERE id = = 1";
    LakehouseSqlException e = fail(sql);
    assertEquals("42000", e.getSQLState());
    assertAt(e, sql, "= = 1");
  }

  @Test
  void integerDivisionIsDuckDbsOperatorNotACommentStart() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT 7 // 2, -7 // 2 FROM dv_table LIMIT 1")) {
      assertTrue(rs.next());
      assertEquals(3, rs.getInt(1));
      assertEquals(-3, rs.getInt(2));
    }
    String sql = "SELECT 7 // 2, id FROM dv_table WHERE id = = 3";
    LakehouseSqlException e = fail(sql);
    assertEquals("42000", e.getSQLState());
    assertAt(e, sql, "= = 3");
  }

  /** {@code ^} would be regrouped between Calcite's precedence and DuckDB's: refused where it stands, not guessed. */
  @Test
  void caretIsRefusedRatherThanRegrouped() throws SQLException {
    String sql = "SELECT (2 * 3) ^ 2, '^' AS text FROM dv_table";
    LakehouseSqlException e = fail(sql);
    assertEquals("0A000", e.getSQLState());
    assertAt(e, sql, "^ 2");
    assertTrue(e.getMessage().contains("power(a, b)"), e.getMessage());
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT power(2 * 3, 2), '^x' FROM dv_table LIMIT 1")) {
      assertTrue(rs.next());
      assertEquals(36, rs.getInt(1));
    }
  }

  @Test
  void positionsAfterDuckDbSyntaxRewritesStillPointIntoUserText() {
    String groupByAll = "SELECT grp, count(*) FROM dv_table GROUP BY ALL HAVING count(*) = = 1";
    LakehouseSqlException e = fail(groupByAll);
    assertEquals("42000", e.getSQLState());
    assertAt(e, groupByAll, "= = 1");
    String ordered = "SELECT list(id ORDER BY id)[1:2], string_agg(name, ',' ORDER BY id),\n  no_such_column "
        + "FROM dv_table";
    e = fail(ordered);
    assertEquals("42S22", e.getSQLState());
    assertAt(e, ordered, "no_such_column");
    String fromFirst = "FROM dv_table SELECT id // 2, [id][1:],\n  no_such_column ORDER BY ALL";
    e = fail(fromFirst);
    assertEquals("42S22", e.getSQLState());
    assertAt(e, fromFirst, "no_such_column");
  }

  @Test
  void functionsInDuckDbFormsStillPassTheAllowList() {
    String ordered = "SELECT read_text(name ORDER BY id) FROM dv_table";
    LakehouseSqlException e = fail(ordered);
    assertEquals("42501", e.getSQLState());
    assertAt(e, ordered, "read_text");
    String qualified = "SELECT main.list(id ORDER BY id) FROM dv_table";
    e = fail(qualified);
    assertEquals("42501", e.getSQLState());
    assertAt(e, qualified, "main.list");
    String slice = "SELECT [1, 2][getenv('X'):] FROM dv_table";
    e = fail(slice);
    assertEquals("42501", e.getSQLState());
    assertAt(e, slice, "getenv");
  }

  @Test
  void malformedSlicesAreSyntaxErrorsAtTheirPosition() {
    String tooMany = "SELECT [1, 2, 3][1:2:3:4] FROM dv_table";
    LakehouseSqlException e = fail(tooMany);
    assertEquals("42000", e.getSQLState());
    assertTrue(e.getMessage().contains("[start:end:step]"), e.getMessage());
    assertAt(e, tooMany, ":4]");
    String doubleColon = "SELECT name,\n  [1, 2][::2] FROM dv_table";
    e = fail(doubleColon);
    assertEquals("42000", e.getSQLState());
    assertAt(e, doubleColon, "[::2]");
    String unclosed = "SELECT name[1:2 FROM dv_table";
    e = fail(unclosed);
    assertEquals("42000", e.getSQLState());
    assertAt(e, unclosed, ":2 FROM");
  }

  @Test
  void positionsInFromFirstQueriesPointIntoUserText() {
    String fromFirst = "FROM dv_table\nSELECT id,\n  no_such_column WHERE grp = 1";
    LakehouseSqlException e = fail(fromFirst);
    assertEquals("42S22", e.getSQLState());
    assertAt(e, fromFirst, "no_such_column");
    String fromFirstSyntax = "FROM dv_table AS d SELECT d.id,\n  name,, grp WHERE id = 1";
    e = fail(fromFirstSyntax);
    assertEquals("42000", e.getSQLState());
    assertAt(e, fromFirstSyntax, ",, grp");
    String nested = "SELECT * FROM (FROM dv_table SELECT id WHERE id = = 2)";
    e = fail(nested);
    assertEquals("42000", e.getSQLState());
    assertAt(e, nested, "= = 2");
    String unknownTable = "FROM dv_table JOIN no_such_table USING (id) SELECT id";
    e = fail(unknownTable);
    assertEquals("42S02", e.getSQLState());
    assertAt(e, unknownTable, "no_such_table");
  }

  @Test
  void functionsInFromFirstQueriesStillPassTheAllowList() {
    String inFromFirst = "FROM dv_table SELECT getenv('HOME')";
    LakehouseSqlException e = fail(inFromFirst);
    assertEquals("42501", e.getSQLState());
    assertAt(e, inFromFirst, "getenv");
    assertEquals("42501", fail("FROM read_csv('/etc/passwd')").getSQLState());
    assertEquals("42501", fail("FROM dv_table SELECT * WHERE id IN (FROM read_text('/etc/passwd'))")
        .getSQLState());
  }

  @Test
  void unknownTable() {
    String sql = "SELECT *\n  FROM no_such_table";
    LakehouseSqlException e = fail(sql);
    assertEquals("42S02", e.getSQLState());
    assertAt(e, sql, "no_such_table");
  }

  @Test
  void quotedNamesAreExactUnquotedAreNot() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeQuery("SELECT count(*) FROM DV_TABLE").close();
      s.executeQuery("SELECT count(*) FROM \"dv_table\"").close();
    }
    assertEquals("42S02", fail("SELECT count(*) FROM \"DV_TABLE\"").getSQLState());
  }

  @Test
  void unknownColumn() {
    String sql = "SELECT id,\n       no_such_column FROM dv_table";
    LakehouseSqlException e = fail(sql);
    assertEquals("42S22", e.getSQLState());
    assertAt(e, sql, "no_such_column");
  }

  @Test
  void versionThatDoesNotExist() {
    LakehouseSqlException e = fail("SELECT * FROM dv_table FOR VERSION AS OF 100000");
    assertEquals("22023", e.getSQLState());
    assertTrue(e.getMessage().contains("100000"), e.getMessage());
    assertEquals("22023", fail("SELECT * FROM dv_table FOR VERSION AS OF -1").getSQLState());
    assertEquals("22023", fail("SELECT * FROM mor_table FOR VERSION AS OF 12345").getSQLState());
    assertEquals("22023", fail("SELECT * FROM mor_table FOR VERSION AS OF 'no-such-branch'").getSQLState());
    assertEquals("22023", fail("SELECT * FROM dv_table FOR VERSION AS OF 'main'").getSQLState());
    assertEquals("22023", fail("SELECT * FROM dv_table FOR VERSION AS OF 1.5").getSQLState());
    assertEquals("22023", fail("SELECT * FROM dv_table FOR VERSION AS OF NULL").getSQLState());
  }

  @Test
  void timestampBeforeTheFirstCommit() {
    assertEquals("22023",
        fail("SELECT * FROM dv_table FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00'").getSQLState());
    assertEquals("22023",
        fail("SELECT * FROM mor_table FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00'").getSQLState());
    assertEquals("22023", fail("SELECT * FROM dv_table FOR TIMESTAMP AS OF 'not a time'").getSQLState());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT INTO dv_table VALUES (1, 'x', 1)",
      "UPDATE dv_table SET grp = 1",
      "DELETE FROM dv_table",
      "MERGE INTO dv_table USING dv_table s ON true WHEN MATCHED THEN DELETE",
      "CREATE TABLE x AS SELECT 1",
      "DROP TABLE dv_table",
      "ALTER TABLE dv_table ADD COLUMN x INT",
      "COPY (SELECT 1) TO '/tmp/x.csv'",
      "ATTACH '/tmp/x.db' AS x",
      "SET enable_external_access = true",
      "RESET ALL",
      "PRAGMA database_list",
      "INSTALL httpfs",
      "LOAD httpfs",
      "EXPORT DATABASE '/tmp/x'",
      "CALL pragma_version()",
      "CHECKPOINT",
      "BEGIN TRANSACTION",
      "  -- comment first\n  DETACH x",
      "/* block */ VACUUM"})
  void nonReadStatementsAreRefused(String sql) {
    assertEquals("25006", fail(sql).getSQLState(), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_parquet('/etc/passwd')",
      "SELECT * FROM read_text('/etc/passwd')",
      "SELECT * FROM glob('/*')",
      "SELECT * FROM parquet_metadata('x.parquet')",
      "SELECT * FROM TABLE(read_json('/etc/passwd'))",
      "SELECT getenv('HOME')",
      "SELECT current_setting('allowed_directories')",
      "SELECT * FROM dv_table WHERE name IN (SELECT content FROM read_text('/etc/passwd'))",
      "SELECT (SELECT count(*) FROM query_table('dv_table'))",
      "WITH x AS (SELECT * FROM read_blob('/etc/hostname')) SELECT * FROM x",
      "SELECT * FROM duckdb_settings()"})
  void fileAndSettingFunctionsAreRefused(String sql) {
    assertEquals("42501", fail(sql).getSQLState(), sql);
  }

  @Test
  void functionsOffTheAllowListAreRefusedWithTheirPosition() {
    String sql = "SELECT id,\n       upper(name), version() FROM dv_table";
    LakehouseSqlException e = fail(sql);
    assertEquals("42501", e.getSQLState());
    assertTrue(e.getMessage().contains("version"), e.getMessage());
    assertAt(e, sql, "version()");
    String qualified = "SELECT main.abs(id) FROM dv_table";
    LakehouseSqlException q = fail(qualified);
    assertEquals("42501", q.getSQLState());
    assertAt(q, qualified, "main.abs");
    assertEquals("42501", fail("SELECT nextval('s'), current_schema()").getSQLState());
    assertEquals("42501", fail("SELECT * FROM dv_table WHERE id = (SELECT current_user())").getSQLState());
  }

  @Test
  void tableFunctionsOnlyInsideTheCatalogRoots() throws Exception {
    Path outside = Files.createTempDirectory("outside-");
    assertEquals("42501", fail("SELECT * FROM delta_scan('" + outside + "')").getSQLState());
    assertEquals("42501", fail("SELECT * FROM delta_scan('/etc')").getSQLState());
    String escaping = fixtures.location("dv_table") + "/../../../../../../../../etc";
    assertEquals("42501", fail("SELECT * FROM delta_scan('" + escaping + "')").getSQLState());
    // Same message for missing and forbidden, so the function cannot probe the file system.
    String missing = fail("SELECT * FROM delta_scan('" + fixtures.location("dv_table") + "/nope')").getMessage();
    String forbidden = fail("SELECT * FROM delta_scan('/etc')").getMessage();
    assertEquals(missing.replaceAll("'[^']*'", "''"), forbidden.replaceAll("'[^']*'", "''"));
  }

  @Test
  void severalStatementsAtOnceAreRefused() {
    LakehouseSqlException e = fail("SELECT 1; DROP TABLE dv_table");
    assertEquals("42000", e.getSQLState());
    assertTrue(e.getMessage().contains("one statement at a time"), e.getMessage());
    for (String sql : List.of("SELECT 1;\n  SELECT 2", "SELECT ';' AS \"a;b\" -- ;\n; ; /* ; */ SELECT 2",
        "FROM dv_table;SELECT 2;", "SELECT (1);SELECT 2")) {
      e = fail(sql);
      assertEquals("42000", e.getSQLState(), sql);
      assertTrue(e.getMessage().contains("one statement at a time"), e.getMessage());
      assertAt(e, sql, "SELECT 2");
    }
    assertEquals("42000", fail(";").getSQLState());
    assertEquals("42000", fail(" ; -- nothing but a separator").getSQLState());
    // A ; inside parentheses is the parser's: no statement ends there.
    String inside = "SELECT (1; 2) FROM dv_table";
    e = fail(inside);
    assertEquals("42000", e.getSQLState());
    assertAt(e, inside, "; 2)");
  }

  @Test
  void trailingSemicolonsCommentsAndWhitespaceAreAccepted() throws SQLException {
    for (String sql : List.of("SELECT count(*) FROM dv_table;", "SELECT count(*) FROM dv_table ;;\n",
        "SELECT count(*) FROM dv_table; -- done\n", "SELECT count(*) FROM dv_table; /* ; */  ",
        "SELECT count(*) AS \";\" FROM dv_table WHERE name <> ';' ;")) {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        assertTrue(rs.next(), sql);
      }
    }
    // A read-only refusal still names the statement, with or without ;
    assertEquals("25006", fail("DROP TABLE dv_table;").getSQLState());
  }

  @Test
  void errorsDoNotLeakTheRewrittenQuery() {
    LakehouseSqlException e = fail("SELECT no_such_column FROM dv_table");
    assertFalse(e.getMessage().contains("read_parquet"), e.getMessage());
    assertFalse(e.getMessage().contains("LINE 1"), e.getMessage());
  }

  @Test
  void dataErrorsGetDataStates() {
    assertTrue(fail("SELECT CAST(name AS INTEGER) FROM dv_table").getSQLState().startsWith("22"));
    assertTrue(fail("SELECT 1 / 0 + CAST('x' AS INTEGER) FROM dv_table").getSQLState().startsWith("22"));
  }
}
