package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of everyday queries: each runs through the driver (parse, bind, unparse, rewrite) and, as the oracle,
 * verbatim in a plain DuckDB over views of the same Parquet files. Any difference is a rewriting bug.
 */
class QueryCorpusTest {
  @TempDir
  static Path dir;
  private static Connection driver;
  private static Connection raw;

  @BeforeAll
  static void setUp() throws Exception {
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("lake/t"), List.of(Col.of("id", "long"),
        Col.of("name", "string"), Col.of("grp", "int"), Col.of("amount", "decimal(10,2)"), Col.of("day", "date"),
        Col.of("ts", "timestamp_ntz")));
    DeltaTestWriter u = DeltaTestWriter.create(dir.resolve("lake/u"), List.of(Col.of("grp", "int"),
        Col.of("label", "string")));
    for (int batch = 0; batch < 3; batch++) {
      List<Object[]> rows = new ArrayList<>();
      for (long i = batch * 20L; i < batch * 20L + 20; i++) {
        rows.add(new Object[] {i, i % 9 == 0 ? null : "n'" + (i % 7), (int) (i % 4),
            BigDecimal.valueOf(i * 37 % 1000, 2), LocalDate.of(2024, 1, 1).plusDays(i % 10),
            LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(i * 61)});
      }
      t.append(rows);
    }
    u.append(new Object[] {0, "zero"}, new Object[] {1, "one"}, new Object[] {2, null}, new Object[] {5, "five"});
    IcebergTestWriter v = IcebergTestWriter.create(dir.resolve("lake/v"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "l", Types.ListType.ofOptional(4, Types.LongType.get())),
        Types.NestedField.optional(3, "s", Types.StringType.get())));
    List<Object[]> lists = new ArrayList<>();
    for (long i = 0; i < 12; i++) {
      List<Long> l = new ArrayList<>();
      for (long k = 0; k < i % 5; k++) {
        l.add(i * 10 + k);
      }
      lists.add(new Object[] {i, i == 7 ? null : l, "s" + i + "xyz"});
    }
    v.append(lists);
    driver = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake") + "?time_zone=UTC");
    raw = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = raw.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      for (String table : List.of("t", "u", "v")) {
        String files;
        try (Stream<Path> walk = Files.walk(dir.resolve("lake").resolve(table))) {
          files = walk.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
              .map(p -> "'" + p + "'").collect(Collectors.joining(", "));
        }
        s.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet([" + files + "])");
      }
    }
  }

  @AfterAll
  static void tearDown() throws SQLException {
    driver.close();
    raw.close();
  }

  /** All rows of a query, each as its values joined with {@code |} (also used by DuckDbSyntaxTest). */
  static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          if (v instanceof java.sql.Date d) {
            v = d.toLocalDate();
          } else if (v instanceof java.math.BigInteger b) {
            v = new BigDecimal(b);
          } else if (v instanceof java.sql.Array a) {
            v = java.util.Arrays.asList((Object[]) a.getArray());
          }
          row.append(Objects.toString(v)).append('|');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM t ORDER BY id",
      "SELECT id, name FROM t WHERE grp = 2 AND amount > 1.5 ORDER BY id DESC LIMIT 5",
      "SELECT id FROM t ORDER BY id LIMIT 5 OFFSET 3",
      "SELECT id FROM t ORDER BY id OFFSET 50",
      "SELECT grp, count(*), sum(amount), avg(amount), min(name), max(day) FROM t GROUP BY grp ORDER BY grp",
      "SELECT grp, count(DISTINCT name) AS c FROM t GROUP BY grp HAVING count(*) > 10 ORDER BY 1",
      "SELECT t.id, u.label FROM t JOIN u ON t.grp = u.grp WHERE t.id < 12 ORDER BY t.id",
      "SELECT t.id, u.label FROM t LEFT JOIN u ON t.grp = u.grp WHERE t.id < 12 ORDER BY t.id",
      "SELECT u.grp, count(t.id) FROM u LEFT JOIN t ON t.grp = u.grp GROUP BY u.grp ORDER BY u.grp",
      "SELECT count(*) FROM t FULL OUTER JOIN u ON t.grp = u.grp",
      "SELECT count(*) FROM t, u WHERE t.grp = u.grp",
      "SELECT count(*) FROM t CROSS JOIN u",
      "SELECT id, row_number() OVER (PARTITION BY grp ORDER BY id) AS rn FROM t ORDER BY id",
      "SELECT id, sum(amount) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s FROM t ORDER BY id",
      "SELECT id, lag(id) OVER (ORDER BY id), lead(name, 2) OVER (ORDER BY id) FROM t ORDER BY id",
      "SELECT id, rank() OVER w, dense_rank() OVER w FROM t WINDOW w AS (PARTITION BY grp ORDER BY day) ORDER BY id",
      "SELECT id, grp FROM t QUALIFY row_number() OVER (PARTITION BY grp ORDER BY id DESC) = 1 ORDER BY grp",
      "WITH g AS (SELECT grp, sum(amount) AS s FROM t GROUP BY grp) SELECT * FROM g WHERE s > 10 ORDER BY grp",
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT sum(n) FROM r",
      "WITH t AS (SELECT * FROM t WHERE grp = 1) SELECT count(*), sum(id) FROM t",
      "WITH RECURSIVE t(n) AS (SELECT max(grp) FROM t UNION ALL SELECT n - 1 FROM t WHERE n > 0) SELECT sum(n) FROM t",
      "WITH a AS (SELECT id FROM t WHERE grp = 1), b AS (SELECT id FROM a WHERE id > 10) SELECT count(*) FROM b",
      "SELECT id FROM t WHERE grp IN (SELECT grp FROM u WHERE label IS NOT NULL) ORDER BY id",
      "SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.grp = t.grp AND u.label = 'one') ORDER BY id",
      "SELECT id, (SELECT label FROM u WHERE u.grp = t.grp) AS l FROM t ORDER BY id",
      "SELECT * FROM (SELECT grp, max(id) AS m FROM t GROUP BY grp) AS x ORDER BY grp",
      "SELECT id FROM t WHERE grp = 1 UNION SELECT grp FROM u ORDER BY 1",
      "SELECT id FROM t WHERE grp = 1 UNION ALL SELECT id FROM t WHERE grp = 1 ORDER BY 1",
      "SELECT grp FROM t INTERSECT SELECT grp FROM u ORDER BY 1",
      "SELECT grp FROM t EXCEPT SELECT grp FROM u ORDER BY 1",
      "SELECT name FROM t WHERE name LIKE 'n''%' AND name NOT LIKE '%3' ORDER BY id",
      "SELECT name FROM t WHERE name ILIKE 'N''1' ORDER BY id",
      "SELECT id, CASE WHEN grp = 0 THEN 'zero' WHEN grp = 1 THEN 'one' ELSE 'many' END FROM t ORDER BY id",
      "SELECT id, coalesce(name, 'none'), nullif(grp, 0) FROM t ORDER BY id",
      "SELECT CAST(amount AS DOUBLE) * 2, amount + 1, -amount, abs(amount - 5) FROM t ORDER BY id",
      "SELECT 7 / 2, 7 % 3, power(2, 3), round(2.567, 2), log(100), strpos('abc', 'c')",
      "SELECT E'it\\'s', length(E'a\\nb'), 'x''y' FROM t LIMIT 1",
      "SELECT upper(name), lower(name), length(name), substring(name, 2, 1), name || '!' FROM t ORDER BY id",
      "SELECT trim('  x  '), replace(name, 'n', 'm'), concat('a', 'b'), left('abc', 2) FROM t ORDER BY id LIMIT 3",
      "SELECT day + INTERVAL '1' DAY, day - 1, date_trunc('month', ts), extract(hour FROM ts) FROM t ORDER BY id",
      "SELECT ts + INTERVAL '2' HOUR, date_diff('day', day, DATE '2024-02-01'), strftime(ts, '%Y/%m') FROM t ORDER BY id",
      "SELECT DATE '2024-01-05', TIMESTAMP '2024-01-05 10:11:12', TIME '10:11:12', TRUE, NULL",
      "SELECT id FROM t WHERE day BETWEEN DATE '2024-01-02' AND DATE '2024-01-04' ORDER BY id",
      "SELECT id FROM t WHERE ts >= TIMESTAMP '2024-01-02 00:00:00' AND name IS NULL ORDER BY id",
      "SELECT id FROM t WHERE grp NOT IN (1, 2) AND id BETWEEN 5 AND 30 ORDER BY id",
      "SELECT count(*) FILTER (WHERE grp = 1), count(*) FROM t",
      "SELECT list_sort(list(id)) FROM t WHERE grp = 3",
      "SELECT date_part('hour', ts), datediff('hour', ts, TIMESTAMP '2024-03-01 00:00:00') FROM t ORDER BY id",
      "SELECT length(string_agg(name, ',')) FROM t WHERE grp = 1",
      "SELECT DISTINCT grp FROM t ORDER BY grp",
      "SELECT x.id FROM t AS x WHERE x.id = 7",
      "SELECT \"T\".\"ID\" FROM t AS \"T\" WHERE \"T\".id = 7",
      "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(k, s) ORDER BY k",
      "SELECT id::VARCHAR, CAST(grp AS BIGINT), TRY_CAST(name AS INTEGER) FROM t ORDER BY id",
      "SELECT greatest(id, 10), least(id, 10) FROM t ORDER BY id",
      "SELECT id FROM t ORDER BY name NULLS FIRST, id",
      "SELECT count(*) FROM t WHERE name IS DISTINCT FROM 'n''1'",
      "SELECT * FROM u ORDER BY grp",
      "SELECT [id, grp] AS l, {'a': id} AS s FROM t ORDER BY id LIMIT 3",
      "SELECT count(*) FROM generate_series(1, 5)",
      // Standard syntax Calcite turns into calls with its own names: the function allow-list must keep them.
      "SELECT TRIM(BOTH 'n' FROM name), TRIM(LEADING ' ' FROM ' a'), POSITION('1' IN name) FROM t ORDER BY id",
      "SELECT SUBSTRING(name FROM 2 FOR 1), OVERLAY(name PLACING 'xy' FROM 1 FOR 1) FROM t ORDER BY id",
      "SELECT EXTRACT(YEAR FROM day), EXTRACT(MINUTE FROM ts), CEIL(amount), FLOOR(amount) FROM t ORDER BY id",
      "SELECT count(DISTINCT grp) FILTER (WHERE id > 3), sum(DISTINCT grp), nullif(1, 1) IS NULL FROM t",
      "SELECT grp, name IS NULL AS n, count(*), grouping(grp) FROM t GROUP BY ROLLUP (grp, name IS NULL) ORDER BY 1, 2",
      "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount), mode() WITHIN GROUP (ORDER BY grp) FROM t",
      "SELECT count(*) FROM t WHERE day < CURRENT_DATE AND ts < CURRENT_TIMESTAMP",
      "SELECT id, ntile(3) OVER (ORDER BY id), first_value(name) OVER (PARTITION BY grp ORDER BY id) FROM t ORDER BY id",
      "SELECT CAST(day AS VARCHAR), TRY_CAST('x' AS INTEGER), coalesce(NULL, grp), ABS(MOD(id, 3)) FROM t ORDER BY id",
      "SELECT ifnull(name, 'none'), try(CAST(name AS INTEGER)), char_length(name) FROM t ORDER BY id",
      "SELECT [id, grp, 7][2], ([id] || [grp])[2], (name || 'x')[2], -([id][1]) FROM t ORDER BY id",
      "SELECT first(grp), last(name), first(id) FROM t WHERE id = 7",
      "SELECT first(id ORDER BY id DESC), last(name ORDER BY id) FROM t WHERE grp = 2",
      // A trailing ; (README "SQL")
      "SELECT count(*) FROM t;",
      "SELECT id FROM t WHERE grp = 1 ORDER BY id ; ;  -- done",
      "SELECT ';' AS semicolon, count(*) FROM t; /* trailing comment */\n",
      // GROUP BY ALL / ORDER BY ALL
      "SELECT grp, count(*), sum(amount) FROM t GROUP BY ALL ORDER BY ALL",
      "SELECT grp, name IS NULL AS n, count(*) AS c FROM t GROUP BY ALL ORDER BY ALL DESC",
      "SELECT grp, day, count(*) FROM t GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL",
      "SELECT * FROM u ORDER BY ALL",
      "SELECT grp, max(id) FROM t GROUP BY ALL ORDER BY ALL DESC NULLS LAST LIMIT 2",
      "SELECT * FROM (SELECT grp, count(*) AS c FROM t GROUP BY ALL) AS g ORDER BY ALL",
      // FROM-first
      "FROM u ORDER BY grp",
      "FROM t WHERE grp = 2 ORDER BY id",
      "FROM t SELECT id, name WHERE grp = 1 ORDER BY id DESC LIMIT 4",
      "FROM t AS x SELECT x.grp, count(*) GROUP BY x.grp ORDER BY 1",
      "FROM t JOIN u ON t.grp = u.grp SELECT t.id, u.label WHERE t.id < 12 ORDER BY t.id",
      "SELECT count(*) FROM (FROM t WHERE grp = 3)",
      "WITH big AS (FROM t SELECT id, amount WHERE amount > 5) FROM big SELECT count(*), max(id)",
      "FROM t SELECT id WHERE grp = 1 UNION ALL FROM u SELECT grp ORDER BY 1",
      "SELECT id FROM t WHERE grp IN (FROM u SELECT grp WHERE label IS NOT NULL) ORDER BY id",
      "FROM t SELECT DISTINCT grp ORDER BY grp",
      "FROM t SELECT grp, count(*) GROUP BY ALL ORDER BY ALL",
      "FROM t SELECT grp, percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS p GROUP BY grp ORDER BY grp",
      "FROM t SELECT id, name IS DISTINCT FROM 'n''1' AS d ORDER BY id",
      "FROM t -- the table\nSELECT id, /* the name */ name\nWHERE id < 5 ORDER BY id",
      "FROM t SELECT * EXCLUDE (ts) WHERE grp = 0 ORDER BY id",
      // SELECT * EXCLUDE / REPLACE (Calcite's Babel parser reads them; unparsed as DuckDB writes them)
      "SELECT * EXCLUDE (ts, day) FROM t ORDER BY id",
      "SELECT t.* EXCLUDE (name), u.label FROM t JOIN u ON t.grp = u.grp ORDER BY t.id",
      "SELECT * REPLACE (amount * 2 AS amount, upper(name) AS name) FROM t ORDER BY id",
      "SELECT * EXCLUDE ts FROM t ORDER BY id",
      "SELECT t.* EXCLUDE \"day\", * REPLACE CAST(grp AS VARCHAR) || '!' AS grp FROM t ORDER BY id",
      // slices: 1-based, inclusive, negative from the end, optional bounds and step
      "SELECT id, l[1:2], l[:2], l[2:], l[-2:], l[:-1], l[2:1], l[1:5:2], l[:] FROM v ORDER BY id",
      "SELECT s[1:2], s[2:], s[-3:], s[:1], s[ 2 : -2 ] FROM v ORDER BY id",
      "SELECT name[1:2], name[2:] FROM t ORDER BY id",
      "SELECT [id, grp, 7][2:], ([id] || [grp])[2], (name || 'x')[2:] FROM t ORDER BY id",
      "SELECT list(id ORDER BY id)[2:3], list(id ORDER BY id DESC)[-2:] FROM t",
      "SELECT id FROM v WHERE l[2:] = [id * 10 + 1, id * 10 + 2] OR len(l[:1]) = 0 ORDER BY id",
      "SELECT l[1:2][1], l[l[1] - id * 10 + 1:] FROM v ORDER BY id",
      // DuckDB's integer division, with the precedence of /
      "SELECT 7 // 2, -7 // 2, 7.5 // 2, 2 * 7 // 2, 7 // 2 * 2, 1 + 7 // 2, (1 + 7) // 2, 7 // (2 * 2), 9 // 2 % 3",
      "SELECT id, id // 3, grp // 2 * 2, amount // 1, id//4, id //5 FROM t WHERE id // 10 = 2 ORDER BY id",
      "SELECT 8 // 3 /* not // a comment */ + 1, '//' AS s -- a // comment\n, 2",
      // ordered aggregates
      "SELECT string_agg(name, ',' ORDER BY id DESC) FROM t WHERE grp = 1",
      "SELECT grp, array_agg(id ORDER BY id DESC), list(name ORDER BY id) FROM t GROUP BY grp ORDER BY grp",
      "SELECT list(DISTINCT grp ORDER BY grp DESC), array_agg(id ORDER BY id) FILTER (WHERE id > 50) FROM t",
      "SELECT first(name ORDER BY id DESC), last(name ORDER BY id DESC), listagg(name, ';' ORDER BY id) FROM t",
      "SELECT string_agg(DISTINCT name, ',' ORDER BY name) FILTER (WHERE grp > 0) FROM t",
      "SELECT id, list(id ORDER BY id DESC) OVER (PARTITION BY grp) FROM t ORDER BY id",
      "SELECT grp, list(amount ORDER BY amount DESC, id)[1:3] FROM t GROUP BY ALL ORDER BY ALL",
      // DESCRIBE of queries
      "DESCRIBE SELECT id, name FROM t",
      "DESCRIBE (SELECT grp, count(*) AS c FROM t GROUP BY grp)",
      "DESCRIBE (SELECT grp, count(*) AS c FROM t GROUP BY ALL ORDER BY ALL)",
      "DESC (FROM t SELECT id, amount)",
      "DESCRIBE WITH x AS (SELECT id FROM t) SELECT * FROM x",
      "DESCRIBE FROM u",
      "DESCRIBE SELECT * EXCLUDE (ts) FROM t;"})
  void sameAnswerAsDuckDbItself(String sql) throws SQLException {
    List<String> expected = rows(raw, sql);
    assertTrue(!expected.isEmpty(), "the oracle returned rows for " + sql);
    assertEquals(expected, rows(driver, sql), sql);
  }
}
