package io.lakehouse.sql;

import static io.lakehouse.testing.SqlAssert.assertSqlErrorAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDBC escape syntax on one long-lived connection: {@code {fn}}, {@code {d}}, {@code {t}}, {@code {ts}},
 * {@code {oj}}, {@code {escape}}; every function DatabaseMetaData advertises runs in {@code {fn ...}} and answers
 * what plain DuckDB answers for the same call; nativeSQL shows the rewrite.
 */
class JdbcEscapesTest {
  /** Sample arguments per advertised function (DuckDB's name is the same unless {@link #DUCKDB_CALL} says). */
  private static final Map<String, String> ARGS = new LinkedHashMap<>();
  /** Functions whose plain DuckDB equivalent is another expression. */
  private static final Map<String, String> DUCKDB_CALL = Map.of(
      "CHAR", "chr(65)",
      "CURDATE", "current_date",
      "CURTIME", "get_current_time()",
      "IFNULL", "coalesce(NULL, 1)",
      "RAND", "random()",
      "TRUNCATE", "trunc(2.7)",
      "TIMESTAMPADD", "TIMESTAMP '2024-01-31 10:00:00' + INTERVAL 1 MONTH",
      "TIMESTAMPDIFF", "date_sub('day', DATE '2024-01-01', DATE '2024-03-01')");
  /** Non-deterministic: compared by type, not value. */
  private static final Set<String> VOLATILE = Set.of("RAND", "RANDOM", "GEN_RANDOM_UUID", "NOW", "CURDATE",
      "CURTIME");

  static {
    String d = "DATE '2024-05-17'";
    String ts = "TIMESTAMP '2024-01-01 10:11:12'";
    for (String f : List.of("ACOS", "ASIN", "ATAN", "COS", "COT", "SIN", "TAN", "SQRT", "EXP", "LN", "DEGREES",
        "RADIANS", "ISFINITE", "ISINF", "ISNAN", "CBRT", "LOG", "LOG10", "LOG2")) {
      ARGS.put(f, "CAST(0.5 AS DOUBLE)");
    }
    for (String f : List.of("ABS", "CEIL", "CEILING", "FLOOR", "EVEN", "SIGN", "TRUNC")) {
      ARGS.put(f, "-2.5");
    }
    ARGS.put("ATAN2", "1.0, 2.0");
    ARGS.put("FACTORIAL", "5");
    for (String f : List.of("GCD", "LCM", "MOD", "POW", "POWER")) {
      ARGS.put(f, "12, 5");
    }
    ARGS.put("GREATEST", "1, 3, 2");
    ARGS.put("LEAST", "1, 3, 2");
    ARGS.put("PI", "");
    ARGS.put("RAND", "");
    ARGS.put("RANDOM", "");
    ARGS.put("ROUND", "2.567, 2");
    ARGS.put("TRUNCATE", "2.7");
    ARGS.put("ASCII", "'A'");
    ARGS.put("CHAR", "65");
    ARGS.put("CHR", "65");
    ARGS.put("CONCAT", "'a', 'b'");
    ARGS.put("CONCAT_WS", "'-', 'a', 'b'");
    ARGS.put("CONTAINS", "'abc', 'b'");
    ARGS.put("ENDS_WITH", "'abc', 'c'");
    ARGS.put("FORMAT", "'{}-{}', 'a', 'b'");
    ARGS.put("INSTR", "'abc', 'b'");
    for (String f : List.of("LCASE", "LOWER", "UCASE", "UPPER", "REVERSE", "LENGTH", "STRLEN", "MD5", "SHA256",
        "LTRIM", "RTRIM", "TRIM")) {
      ARGS.put(f, "'  aBc  '");
    }
    ARGS.put("LEFT", "'abc', 2");
    ARGS.put("RIGHT", "'abc', 2");
    ARGS.put("LPAD", "'a', 3, '*'");
    ARGS.put("RPAD", "'a', 3, '*'");
    ARGS.put("POSITION", "'b' IN 'abc'");
    ARGS.put("PRINTF", "'%d-%s', 5, 'x'");
    ARGS.put("REGEXP_EXTRACT", "'abc1', '[0-9]'");
    ARGS.put("REGEXP_MATCHES", "'abc', 'b'");
    ARGS.put("REGEXP_REPLACE", "'abc', 'b', 'x'");
    ARGS.put("REPEAT", "'ab', 2");
    ARGS.put("REPLACE", "'abc', 'b', 'x'");
    ARGS.put("SPLIT_PART", "'a,b', ',', 2");
    ARGS.put("STARTS_WITH", "'abc', 'a'");
    ARGS.put("STRING_AGG", "'a', ','");
    ARGS.put("STRING_SPLIT", "'a,b', ','");
    ARGS.put("STRPOS", "'abc', 'c'");
    ARGS.put("SUBSTR", "'abcdef', 2, 3");
    ARGS.put("SUBSTRING", "'abcdef', 2, 3");
    ARGS.put("COALESCE", "NULL, 1");
    ARGS.put("IFNULL", "NULL, 1");
    ARGS.put("NULLIF", "1, 1");
    ARGS.put("HASH", "'a'");
    ARGS.put("TYPEOF", "1");
    ARGS.put("GEN_RANDOM_UUID", "");
    ARGS.put("AGE", "TIMESTAMP '2024-03-01', TIMESTAMP '2024-01-01'");
    ARGS.put("CURDATE", "");
    ARGS.put("CURTIME", "");
    ARGS.put("NOW", "");
    ARGS.put("DATE_ADD", d + ", INTERVAL 1 DAY");
    for (String f : List.of("DATE_DIFF", "DATEDIFF", "DATE_SUB")) {
      ARGS.put(f, "'day', DATE '2024-01-01', " + d);
    }
    for (String f : List.of("DATE_PART", "DATEPART")) {
      ARGS.put(f, "'year', " + d);
    }
    for (String f : List.of("DATE_TRUNC", "DATETRUNC")) {
      ARGS.put(f, "'month', " + d);
    }
    for (String f : List.of("DAY", "DAYNAME", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "LAST_DAY", "MONTH",
        "MONTHNAME", "QUARTER", "WEEK", "YEAR", "YEARWEEK")) {
      ARGS.put(f, d);
    }
    for (String f : List.of("EPOCH", "HOUR", "MINUTE", "SECOND")) {
      ARGS.put(f, ts);
    }
    ARGS.put("EPOCH_MS", "1700000000000");
    ARGS.put("EXTRACT", "year FROM " + d);
    ARGS.put("MAKE_DATE", "2024, 2, 3");
    ARGS.put("MAKE_TIME", "10, 11, 12.5");
    ARGS.put("MAKE_TIMESTAMP", "2024, 2, 3, 10, 11, 12.5");
    ARGS.put("STRFTIME", d + ", '%Y/%m'");
    ARGS.put("STRPTIME", "'2024-05-17', '%Y-%m-%d'");
    ARGS.put("TIME_BUCKET", "INTERVAL '1' DAY, " + ts);
    ARGS.put("TO_TIMESTAMP", "1700000000");
    ARGS.put("TIMESTAMPADD", "SQL_TSI_MONTH, 1, TIMESTAMP '2024-01-31 10:00:00'");
    ARGS.put("TIMESTAMPDIFF", "SQL_TSI_DAY, DATE '2024-01-01', DATE '2024-03-01'");
  }

  @TempDir
  static Path dir;
  private static Connection connection;
  private static Connection duckdb;

  @BeforeAll
  static void open() throws Exception {
    DeltaTestWriter.create(dir.resolve("lake/sales"), List.of(Col.of("id", "long"), Col.of("region", "string")))
        .append(List.of(new Object[] {1L, "eu"}, new Object[] {2L, "e_x"}, new Object[] {3L, null}));
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
    duckdb = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
    duckdb.close();
  }

  private static List<List<String>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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
  }

  private static String typeOf(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      assertNotNull(rs.getObject(1), sql);
      return rs.getMetaData().getColumnTypeName(1);
    }
  }

  @Test
  void everyAdvertisedFunctionRunsInAnEscapeAsInDuckDb() throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    Set<String> advertised = new TreeSet<>();
    for (String list : List.of(md.getNumericFunctions(), md.getStringFunctions(), md.getSystemFunctions(),
        md.getTimeDateFunctions())) {
      advertised.addAll(List.of(list.split(",")));
    }
    assertEquals(advertised, new TreeSet<>(ARGS.keySet()), "every advertised function has a sample call here");
    List<String> failures = new ArrayList<>();
    for (String f : advertised) {
      String escaped = "SELECT {fn " + f.toLowerCase() + "(" + ARGS.get(f) + ")}";
      String plain = "SELECT " + DUCKDB_CALL.getOrDefault(f, f.toLowerCase() + "(" + ARGS.get(f) + ")");
      try {
        if (VOLATILE.contains(f)) {
          assertEquals(typeOf(duckdb, plain), typeOf(connection, escaped), escaped);
        } else {
          assertEquals(rows(duckdb, plain), rows(connection, escaped), escaped);
        }
      } catch (SQLException | AssertionError e) {
        failures.add(escaped + ": " + e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void literalsOuterJoinsAndLikeEscapes() throws SQLException {
    assertEquals(rows(duckdb, "SELECT DATE '2024-01-01', TIMESTAMP '2024-01-01 10:00:00', TIME '10:00:00'"),
        rows(connection, "SELECT {d '2024-01-01'}, {ts '2024-01-01 10:00:00'}, {t '10:00:00'}"));
    assertEquals(rows(connection, "SELECT s.id, t.id FROM sales s LEFT OUTER JOIN sales t ON s.id = t.id + 1 "
            + "ORDER BY 1"),
        rows(connection, "SELECT s.id, t.id FROM {oj sales s LEFT OUTER JOIN sales t ON s.id = t.id + 1} ORDER BY 1"));
    assertEquals(List.of(List.of("e_x")),
        rows(connection, "SELECT region FROM sales WHERE region LIKE 'e\\_%' {escape '\\'}"));
    assertEquals(rows(connection, "SELECT id FROM sales WHERE region LIKE 'e%' ORDER BY id"),
        rows(connection, "SELECT id FROM sales WHERE region LIKE 'e%' {escape '!'} ORDER BY id"));
    // DuckDB's struct literals keep their braces; escapes nest.
    assertEquals(List.of(List.of("1", "V")), rows(connection, "SELECT {'d': 1}.d, {fn ucase({'k': 'v'}.k)}"));
    assertEquals(rows(duckdb, "SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL 3 HOUR"),
        rows(connection, "SELECT {fn timestampadd(SQL_TSI_HOUR, 3, {ts '2024-01-01 00:00:00'})}"));
    assertEquals(rows(duckdb, "SELECT DATE '2024-01-31' + INTERVAL 6 MONTH"),
        rows(connection, "SELECT {fn timestampadd(SQL_TSI_QUARTER, 2, {d '2024-01-31'})}"));
  }

  @Test
  void nativeSqlShowsTheRewriteAndErrorsPointIntoTheUserText() throws SQLException {
    assertEquals("SELECT upper(region), DATE '2024-01-01' FROM sales",
        connection.nativeSQL("SELECT {fn upper(region)}, {d '2024-01-01'} FROM sales"));
    assertEquals("SELECT chr(65)", connection.nativeSQL("SELECT {fn char(65)}"));
    String plain = "SELECT {'a': 1}";
    assertEquals(plain, connection.nativeSQL(plain));
    String sql = "SELECT {fn ucase(nope)} FROM sales";
    assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, sql, "nope", () -> rows(connection, sql));
    String call = "SELECT {call proc()}";
    io.lakehouse.testing.SqlAssert.assertSqlError(SqlState.SYNTAX, () -> rows(connection, call));
  }
}
