package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.engine.DuckDbEngine;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.engine.EngineSettings;
import io.lakehouse.table.TimeTravel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TimeTravelEvaluator}: a table reference's time-travel expression, as the parser gives it, evaluated by a
 * real DuckDB engine (session time zone Europe/Berlin unless a test says otherwise) into the {@link TimeTravel} the
 * formats resolve. Every value kind, parameters, NULL, and errors (22023 at the expression's position in the text the
 * user wrote).
 */
class TimeTravelEvaluatorTest {
  @TempDir
  static Path dir;
  private static DuckDbEngine berlin;
  private static DuckDbEngine utc;

  @BeforeAll
  static void start() throws Exception {
    berlin = DuckDbEngine.start(new EngineSettings(List.of(dir), Files.createDirectories(dir.resolve("t1")), 1, null,
        "Europe/Berlin"));
    utc = DuckDbEngine.start(new EngineSettings(List.of(dir), Files.createDirectories(dir.resolve("t2")), 1, null,
        "UTC"));
  }

  @AfterAll
  static void stop() throws SQLException {
    berlin.close();
    utc.close();
  }

  /** The reference of {@code SELECT ... FROM t <clause>} as the binder would make it (kind from the rewrite). */
  private static TimeTravel evaluate(DuckDbEngine engine, String sql, Object... params) throws SQLException {
    TimeTravelSyntax syntax = TimeTravelSyntax.rewrite(sql);
    SqlNode query;
    try {
      query = QueryPipeline.parse(syntax);
    } catch (org.apache.calcite.sql.parser.SqlParseException e) {
      throw new AssertionError(sql, e);
    }
    SqlSelect select = (SqlSelect) (query instanceof SqlOrderBy o ? o.query : query);
    TableReference ref;
    if (select.getFrom() instanceof SqlSnapshot snapshot) {
      SqlNode period = snapshot.getPeriod();
      ref = new TableReference("t", null, syntax.kindAt(period.getParserPosition().getLineNum(),
          period.getParserPosition().getColumnNum()), period, new ScanNode("t", snapshot.getParserPosition()), 1, 15,
          null);
    } else {
      ref = new TableReference("t", null, null, null, new ScanNode("t", select.getFrom().getParserPosition()), 1, 15,
          null);
    }
    try (EngineSession session = engine.newSession()) {
      return TimeTravelEvaluator.evaluate(ref, syntax, session, Arrays.asList(params));
    }
  }

  private static TimeTravel version(String clause, Object... params) throws SQLException {
    return evaluate(berlin, "SELECT * FROM t FOR VERSION AS OF " + clause, params);
  }

  private static TimeTravel timestamp(String clause, Object... params) throws SQLException {
    return evaluate(berlin, "SELECT * FROM t FOR TIMESTAMP AS OF " + clause, params);
  }

  /** "state line:column message" of the failure (message without its position suffix). */
  private static String failure(org.junit.jupiter.api.function.Executable call) {
    return io.lakehouse.testing.SqlAssert.failureText(call);
  }

  @Test
  void noClauseIsTheLatestSnapshot() throws SQLException {
    assertSame(TimeTravel.LATEST, evaluate(berlin, "SELECT * FROM t"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "3|3",
      "1 + 1|2",
      "3000000000|3000000000",
      "3055729675574597004|3055729675574597004",
      "9223372036854775807|9223372036854775807",
      "CAST(7 AS TINYINT)|7",
      "CAST(7 AS SMALLINT)|7",
      "CAST(7 AS UBIGINT)|7",
      "-1|-1",
      "3.0|3",
      "CAST(12 AS DECIMAL(20, 2))|12",
      "'42'|42",
      "'007'|7",
      "'3055729675574597004'|3055729675574597004",
      "length('abcd')|4"})
  void integersAndDigitStringsAreVersions(String expression, long expected) throws SQLException {
    assertEquals(new TimeTravel.AtVersion(expected), version(expression));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "'v1-release'|v1-release",
      "concat('audit', '-2024')|audit-2024",
      "'12a'|12a",
      "'99999999999999999999'|99999999999999999999",
      "' 42'|` 42`"})
  void otherStringsAreRefs(String expression, String expected) throws SQLException {
    assertEquals(new TimeTravel.AtRef(expected), version(expression));
  }

  @Test
  void parametersAreBoundByTheirJdbcIndex() throws SQLException {
    // The clause's parameters are the 2nd and 3rd of the statement; the 1st is elsewhere in the query.
    assertEquals(new TimeTravel.AtVersion(7),
        evaluate(berlin, "SELECT ? FROM t FOR VERSION AS OF ? - ? WHERE ? = 1", "unused", 10L, 3, "unused"));
    assertEquals(new TimeTravel.AtRef("audit"), version("?", "audit"));
    assertEquals(new TimeTravel.AtVersion(5), version("?", "5"));
    assertEquals(new TimeTravel.AtVersion(5), version("?", 5));
    assertEquals(new TimeTravel.AtTimestamp(Instant.parse("2024-01-01T09:00:00Z")),
        timestamp("?", "2024-01-01 10:00:00"));
    assertEquals(new TimeTravel.AtTimestamp(Instant.parse("2024-01-01T10:00:00Z")),
        timestamp("CAST(? AS TIMESTAMPTZ) + INTERVAL '1' HOUR", "2024-01-01 10:00:00+01"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "TIMESTAMP '2024-01-01 00:00:00'|2023-12-31T23:00:00Z",
      "'2024-01-01 00:00:00'|2023-12-31T23:00:00Z",
      "'2024-07-01 12:00:00'|2024-07-01T10:00:00Z",
      "DATE '2024-07-01'|2024-06-30T22:00:00Z",
      "'2024-01-01'|2023-12-31T23:00:00Z",
      "'2024-01-01 00:00:00+00'|2024-01-01T00:00:00Z",
      "'2024-01-01T00:00:00Z'|2024-01-01T00:00:00Z",
      "CAST('2024-06-01 12:00:00+02' AS TIMESTAMP WITH TIME ZONE)|2024-06-01T10:00:00Z",
      "'2024-01-01 00:00:00.123456+00'|2024-01-01T00:00:00.123456Z",
      "TIMESTAMP '2024-01-02 00:00:00' - INTERVAL '1' DAY|2023-12-31T23:00:00Z"})
  void timestampsWithoutAnOffsetAreInTheSessionZone(String expression, String expected) throws SQLException {
    assertEquals(new TimeTravel.AtTimestamp(Instant.parse(expected)), timestamp(expression));
  }

  @Test
  void theSessionZoneIsTheEngines() throws SQLException {
    assertEquals(new TimeTravel.AtTimestamp(Instant.parse("2024-01-01T00:00:00Z")),
        evaluate(utc, "SELECT * FROM t FOR TIMESTAMP AS OF '2024-01-01 00:00:00'"));
    assertEquals(new TimeTravel.AtTimestamp(Instant.parse("2024-01-01T00:00:00Z")),
        evaluate(utc, "SELECT * FROM t TIMESTAMP AS OF DATE '2024-01-01'"));
  }

  @Test
  void nullIsRefused() {
    assertEquals("22023 1:35 Time-travel value for t is NULL", failure(() -> version("NULL")));
    assertEquals("22023 1:35 Time-travel value for t is NULL", failure(() -> version("?", (Object) null)));
    assertEquals("22023 1:37 Time-travel value for t is NULL", failure(() -> timestamp("CAST(NULL AS DATE)")));
  }

  @Test
  void valuesOfOtherKindsAreRefusedAtTheExpression() {
    assertEquals("22023 1:35 Time-travel version for t must be an integer version / snapshot id or a branch / tag "
        + "name, got BigDecimal", failure(() -> version("3.5")));
    assertEquals("22023 1:35 Time-travel version for t must be an integer version / snapshot id or a branch / tag "
        + "name, got Double", failure(() -> version("3e0")));
    assertEquals("22023 1:35 Time-travel version for t must be an integer version / snapshot id or a branch / tag "
        + "name, got Boolean", failure(() -> version("TRUE")));
    // Spark's spelling is rewritten before parsing: the position is still the user's.
    assertEquals("22023 2:22 Invalid time-travel version for t: Conversion Error: Could not convert string 'abc' to "
        + "INT32", failure(() -> evaluate(berlin, "SELECT *\nFROM t VERSION AS OF CAST('abc' AS INTEGER)")));
    assertEquals("22023 1:33 Invalid time-travel timestamp for t: Conversion Error: Unimplemented type for cast "
        + "(INTEGER -> TIMESTAMP WITH TIME ZONE)", failure(() -> evaluate(berlin, "SELECT * FROM t TIMESTAMP AS OF 42")));
    assertEquals("22023 1:37 Invalid time-travel timestamp for t: Conversion Error: invalid timestamp field format: "
        + "\"not a time\", expected format is (YYYY-MM-DD HH:MM[:SS[.US]][±HH[:MM[:SS]]| ZONE])",
        failure(() -> timestamp("'not a time'")));
  }

  @Test
  void integersBeyondARangeOfVersionsAreRefused() {
    // 2^64 + 1 is a HUGEINT; its low 64 bits (1) are no version of anything.
    assertEquals("22023 1:35 Time-travel version for t is out of range: 18446744073709551617",
        failure(() -> version("18446744073709551617")));
    assertEquals("22023 1:35 Time-travel version for t is out of range: 100000000000000000000.00",
        failure(() -> version("CAST('100000000000000000000' AS DECIMAL(38, 2))")));
    assertEquals("22023 1:35 Time-travel version for t is out of range: 9223372036854775808",
        failure(() -> version("9223372036854775808")));
  }
}
