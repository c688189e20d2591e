package io.lakehouse.conformance;

import static io.lakehouse.testing.SqlAssert.assertAt;
import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static io.lakehouse.testing.SqlAssert.assertSqlError;
import static io.lakehouse.testing.SqlAssert.assertSqlErrorAt;
import static io.lakehouse.testing.SqlAssert.assertStateClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
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
import org.junit.jupiter.api.function.Executable;
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

  /** Runs the query and reads every row: some errors surface while reading. */
  private static Executable query(String sql) {
    return () -> {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          // drain
        }
      }
    };
  }

  @Test
  void overlongStatementsAreRefusedBeforeParsing() {
    String sql = "SELECT 1 -- " + "x".repeat(1_000_000);
    LakehouseSqlException e = assertSqlError(SqlState.STATEMENT_TOO_LONG, query(sql));
    assertMessageContains(e, String.valueOf(sql.length()));
  }

  @Test
  void syntaxErrorHasLineAndColumn() {
    String sql = "SELECT id\nFROM dv_table\nWHERE id = = 3";
    // The position is where the text the parser quotes ("= =") begins.
    assertSqlErrorAt(SqlState.SYNTAX, sql, "= = 3", query(sql));
  }

  @Test
  void positionsAfterTimeTravelRewriteStillPointIntoUserText() {
    // The rewrite turns "VERSION AS OF" into a longer clause; the error must still point at the user's text.
    String sql = "SELECT * FROM dv_table VERSION AS OF 3 WHERE id IN (1,, 2)";
    assertSqlErrorAt(SqlState.SYNTAX, sql, ",, 2)", query(sql));
  }

  @Test
  void positionsAfterDuckDbLiteralRewriteStillPointIntoUserText() {
    String sql = "SELECT [1, 2] AS a, {'k': [3]} AS s, MAP {'m': 1} AS m\nFROM dv_table WHERE id = = 1";
    assertSqlErrorAt(SqlState.SYNTAX, sql, "= = 1", query(sql));
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
    assertSqlErrorAt(SqlState.SYNTAX, sql, "= = 3", query(sql));
  }

  /** {@code ^} would be regrouped between Calcite's precedence and DuckDB's: refused where it stands, not guessed. */
  @Test
  void caretIsRefusedRatherThanRegrouped() throws SQLException {
    String sql = "SELECT (2 * 3) ^ 2, '^' AS text FROM dv_table";
    LakehouseSqlException e = assertSqlErrorAt(SqlState.NOT_SUPPORTED, sql, "^ 2", query(sql));
    assertMessageContains(e, "power(a, b)");
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT power(2 * 3, 2), '^x' FROM dv_table LIMIT 1")) {
      assertTrue(rs.next());
      assertEquals(36, rs.getInt(1));
    }
  }

  /**
   * Calcite ends a -- comment at a carriage return too, the tokenizer the refusal reads only at a newline: the ^
   * after a lone CR reaches Calcite unchecked and the query answers 18.0 instead of being refused.
   */
  @Test
  void caretAfterACommentEndingInACarriageReturnIsRefusedToo() {
    String sql = "SELECT (2 * 3) --\r^ 2 FROM dv_table";
    assertSqlErrorAt(SqlState.NOT_SUPPORTED, sql, "^ 2", query(sql));
  }

  @Test
  void positionsAfterDuckDbSyntaxRewritesStillPointIntoUserText() {
    String groupByAll = "SELECT grp, count(*) FROM dv_table GROUP BY ALL HAVING count(*) = = 1";
    assertSqlErrorAt(SqlState.SYNTAX, groupByAll, "= = 1", query(groupByAll));
    String ordered = "SELECT list(id ORDER BY id)[1:2], string_agg(name, ',' ORDER BY id),\n  no_such_column "
        + "FROM dv_table";
    assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, ordered, "no_such_column", query(ordered));
    String fromFirst = "FROM dv_table SELECT id // 2, [id][1:],\n  no_such_column ORDER BY ALL";
    assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, fromFirst, "no_such_column", query(fromFirst));
  }

  @Test
  void functionsInDuckDbFormsStillPassTheAllowList() {
    String ordered = "SELECT read_text(name ORDER BY id) FROM dv_table";
    assertSqlErrorAt(SqlState.ACCESS_DENIED, ordered, "read_text", query(ordered));
    String qualified = "SELECT main.list(id ORDER BY id) FROM dv_table";
    assertSqlErrorAt(SqlState.ACCESS_DENIED, qualified, "main.list", query(qualified));
    String slice = "SELECT [1, 2][getenv('X'):] FROM dv_table";
    assertSqlErrorAt(SqlState.ACCESS_DENIED, slice, "getenv", query(slice));
  }

  @Test
  void malformedSlicesAreSyntaxErrorsAtTheirPosition() {
    String tooMany = "SELECT [1, 2, 3][1:2:3:4] FROM dv_table";
    LakehouseSqlException e = assertSqlError(SqlState.SYNTAX, query(tooMany));
    assertMessageContains(e, "[start:end:step]");
    assertAt(e, tooMany, ":4]");
    String doubleColon = "SELECT name,\n  [1, 2][::2] FROM dv_table";
    assertSqlErrorAt(SqlState.SYNTAX, doubleColon, "[::2]", query(doubleColon));
    String unclosed = "SELECT name[1:2 FROM dv_table";
    assertSqlErrorAt(SqlState.SYNTAX, unclosed, ":2 FROM", query(unclosed));
  }

  @Test
  void positionsInFromFirstQueriesPointIntoUserText() {
    String fromFirst = "FROM dv_table\nSELECT id,\n  no_such_column WHERE grp = 1";
    assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, fromFirst, "no_such_column", query(fromFirst));
    String fromFirstSyntax = "FROM dv_table AS d SELECT d.id,\n  name,, grp WHERE id = 1";
    assertSqlErrorAt(SqlState.SYNTAX, fromFirstSyntax, ",, grp", query(fromFirstSyntax));
    String nested = "SELECT * FROM (FROM dv_table SELECT id WHERE id = = 2)";
    assertSqlErrorAt(SqlState.SYNTAX, nested, "= = 2", query(nested));
    String unknownTable = "FROM dv_table JOIN no_such_table USING (id) SELECT id";
    assertSqlErrorAt(SqlState.UNKNOWN_TABLE, unknownTable, "no_such_table", query(unknownTable));
  }

  @Test
  void functionsInFromFirstQueriesStillPassTheAllowList() {
    String inFromFirst = "FROM dv_table SELECT getenv('HOME')";
    assertSqlErrorAt(SqlState.ACCESS_DENIED, inFromFirst, "getenv", query(inFromFirst));
    assertSqlError(SqlState.ACCESS_DENIED, query("FROM read_csv('/etc/passwd')"));
    assertSqlError(SqlState.ACCESS_DENIED,
        query("FROM dv_table SELECT * WHERE id IN (FROM read_text('/etc/passwd'))"));
  }

  @Test
  void unknownTable() {
    String sql = "SELECT *\n  FROM no_such_table";
    assertSqlErrorAt(SqlState.UNKNOWN_TABLE, sql, "no_such_table", query(sql));
  }

  @Test
  void quotedNamesAreExactUnquotedAreNot() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeQuery("SELECT count(*) FROM DV_TABLE").close();
      s.executeQuery("SELECT count(*) FROM \"dv_table\"").close();
    }
    assertSqlError(SqlState.UNKNOWN_TABLE, query("SELECT count(*) FROM \"DV_TABLE\""));
  }

  @Test
  void unknownColumn() {
    String sql = "SELECT id,\n       no_such_column FROM dv_table";
    assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, sql, "no_such_column", query(sql));
  }

  @Test
  void versionThatDoesNotExist() {
    LakehouseSqlException e =
        assertSqlError(SqlState.INVALID_ARGUMENT, query("SELECT * FROM dv_table FOR VERSION AS OF 100000"));
    assertMessageContains(e, "100000");
    assertSqlError(SqlState.INVALID_ARGUMENT, query("SELECT * FROM dv_table FOR VERSION AS OF -1"));
    assertSqlError(SqlState.INVALID_ARGUMENT, query("SELECT * FROM mor_table FOR VERSION AS OF 12345"));
    assertSqlError(SqlState.INVALID_ARGUMENT, query("SELECT * FROM mor_table FOR VERSION AS OF 'no-such-branch'"));
    assertSqlError(SqlState.INVALID_ARGUMENT, query("SELECT * FROM dv_table FOR VERSION AS OF 'main'"));
    assertSqlError(SqlState.INVALID_ARGUMENT, query("SELECT * FROM dv_table FOR VERSION AS OF 1.5"));
    assertSqlError(SqlState.INVALID_ARGUMENT, query("SELECT * FROM dv_table FOR VERSION AS OF NULL"));
  }

  @Test
  void timestampBeforeTheFirstCommit() {
    assertSqlError(SqlState.INVALID_ARGUMENT,
        query("SELECT * FROM dv_table FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00'"));
    assertSqlError(SqlState.INVALID_ARGUMENT,
        query("SELECT * FROM mor_table FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00'"));
    assertSqlError(SqlState.INVALID_ARGUMENT, query("SELECT * FROM dv_table FOR TIMESTAMP AS OF 'not a time'"));
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
    assertSqlError(SqlState.READ_ONLY, query(sql), sql);
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
    assertSqlError(SqlState.ACCESS_DENIED, query(sql), sql);
  }

  @Test
  void functionsOffTheAllowListAreRefusedWithTheirPosition() {
    String sql = "SELECT id,\n       upper(name), version() FROM dv_table";
    LakehouseSqlException e = assertSqlError(SqlState.ACCESS_DENIED, query(sql));
    assertMessageContains(e, "version");
    assertAt(e, sql, "version()");
    String qualified = "SELECT main.abs(id) FROM dv_table";
    assertSqlErrorAt(SqlState.ACCESS_DENIED, qualified, "main.abs", query(qualified));
    assertSqlError(SqlState.ACCESS_DENIED, query("SELECT nextval('s'), current_schema()"));
    assertSqlError(SqlState.ACCESS_DENIED, query("SELECT * FROM dv_table WHERE id = (SELECT current_user())"));
  }

  @Test
  void tableFunctionsOnlyInsideTheCatalogRoots() throws Exception {
    Path outside = Files.createTempDirectory("outside-");
    assertSqlError(SqlState.ACCESS_DENIED, query("SELECT * FROM delta_scan('" + outside + "')"));
    assertSqlError(SqlState.ACCESS_DENIED, query("SELECT * FROM delta_scan('/etc')"));
    String escaping = fixtures.location("dv_table") + "/../../../../../../../../etc";
    assertSqlError(SqlState.ACCESS_DENIED, query("SELECT * FROM delta_scan('" + escaping + "')"));
    // Same message for missing and forbidden, so the function cannot probe the file system.
    String missing =
        assertSqlError(query("SELECT * FROM delta_scan('" + fixtures.location("dv_table") + "/nope')")).getMessage();
    String forbidden = assertSqlError(query("SELECT * FROM delta_scan('/etc')")).getMessage();
    assertEquals(missing.replaceAll("'[^']*'", "''"), forbidden.replaceAll("'[^']*'", "''"));
  }

  @Test
  void severalStatementsAtOnceAreRefused() {
    LakehouseSqlException e = assertSqlError(SqlState.SYNTAX, query("SELECT 1; DROP TABLE dv_table"));
    assertMessageContains(e, "one statement at a time");
    for (String sql : List.of("SELECT 1;\n  SELECT 2", "SELECT ';' AS \"a;b\" -- ;\n; ; /* ; */ SELECT 2",
        "FROM dv_table;SELECT 2;", "SELECT (1);SELECT 2")) {
      e = assertSqlError(SqlState.SYNTAX, query(sql), sql);
      assertMessageContains(e, "one statement at a time");
      assertAt(e, sql, "SELECT 2");
    }
    assertSqlError(SqlState.SYNTAX, query(";"));
    assertSqlError(SqlState.SYNTAX, query(" ; -- nothing but a separator"));
    // A ; inside parentheses is the parser's: no statement ends there.
    String inside = "SELECT (1; 2) FROM dv_table";
    assertSqlErrorAt(SqlState.SYNTAX, inside, "; 2)", query(inside));
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
    assertSqlError(SqlState.READ_ONLY, query("DROP TABLE dv_table;"));
  }

  @Test
  void errorsDoNotLeakTheRewrittenQuery() {
    LakehouseSqlException e = assertSqlError(query("SELECT no_such_column FROM dv_table"));
    assertMessageLacks(e, "read_parquet");
    assertMessageLacks(e, "LINE 1");
  }

  @Test
  void dataErrorsGetDataStates() {
    assertStateClass("22", assertSqlError(query("SELECT CAST(name AS INTEGER) FROM dv_table")));
    assertStateClass("22", assertSqlError(query("SELECT 1 / 0 + CAST('x' AS INTEGER) FROM dv_table")));
  }
}
