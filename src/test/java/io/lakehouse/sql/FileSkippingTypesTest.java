package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every predicate form skips files on both formats, for every column type the formats can compare exactly, from
 * partition values (one table partitioned by each column) and from min/max/null-count statistics (an unpartitioned
 * table, and the other columns of the partitioned ones). Tables are written by Delta Kernel and Iceberg core: one
 * append per group of rows, group g holding one day (g = 6: NULL in every nullable column). For each predicate:
 * the answer equals DuckDB's over all the table's files (the same WHERE over a sub-query, which skips nothing), and
 * the number of planned files is the number of written files that hold a matching row (computed from the written
 * rows), or all files where the predicate cannot be translated exactly.
 */
class FileSkippingTypesTest {
  /** The session zone: a TIMESTAMP WITH TIME ZONE compared with a clock time or a date means this zone's. */
  private static final ZoneId SESSION = ZoneId.of("Europe/Berlin");
  private static final int GROUPS = 7;
  private static final int ROWS_PER_GROUP = 5;
  private static final String[] STRINGS = {"a b", "it's", "Grüße 日本", "x\uE000", "x\uD83D\uDE00", "zz"};
  private static final List<String> PARTITION_COLUMNS = List.of("d", "ts", "ntz", "s", "amount", "flag");

  /** One written row; {@code group} is its append (its data file, or files when partitioned). */
  record Row(int group, long id, LocalDate d, Instant ts, LocalDateTime ntz, String s, BigDecimal amount,
      Boolean flag) {
    Object[] values() {
      return new Object[] {id, d, ts, ntz, s, amount, flag};
    }

    Object column(String name) {
      return switch (name) {
        case "d" -> d;
        case "ts" -> ts;
        case "ntz" -> ntz;
        case "s" -> s;
        case "amount" -> amount;
        case "flag" -> flag;
        default -> id;
      };
    }
  }

  @TempDir
  static Path dir;
  private static final List<Row> rows = new ArrayList<>();
  private static Connection connection;

  @BeforeAll
  static void write() throws Exception {
    for (int g = 0; g < GROUPS; g++) {
      for (int i = 0; i < ROWS_PER_GROUP; i++) {
        long id = g * 100L + i;
        if (g == GROUPS - 1) {
          rows.add(new Row(g, id, null, null, null, null, null, null));
          continue;
        }
        LocalDate d = LocalDate.of(2023, 3, 13).plusDays(g);
        // 22:30Z .. 23:10Z: across midnight in the session zone (UTC+1 in March before the 26th).
        Instant ts = d.atTime(22, 30).toInstant(ZoneOffset.UTC).plusSeconds(600L * i);
        LocalDateTime ntz = d.atTime(10, 0).plusHours(i).plusNanos(123_456_000L * i);
        rows.add(new Row(g, id, d, ts, ntz, STRINGS[g], new BigDecimal("10.25").add(BigDecimal.valueOf(g)),
            g % 2 == 0));
      }
    }
    List<Col> deltaColumns = List.of(Col.of("id", "long"), Col.of("d", "date"), Col.of("ts", "timestamp"),
        Col.of("ntz", "timestamp_ntz"), Col.of("s", "string"), Col.of("amount", "decimal(10,2)"),
        Col.of("flag", "boolean"));
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "d", Types.DateType.get()),
        Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
        Types.NestedField.optional(4, "ntz", Types.TimestampType.withoutZone()),
        Types.NestedField.optional(5, "s", Types.StringType.get()),
        Types.NestedField.optional(6, "amount", Types.DecimalType.of(10, 2)),
        Types.NestedField.optional(7, "flag", Types.BooleanType.get()));
    List<DeltaTestWriter> deltas = new ArrayList<>();
    List<IcebergTestWriter> icebergs = new ArrayList<>();
    deltas.add(DeltaTestWriter.create(dir.resolve("lake/delta_plain"), deltaColumns));
    icebergs.add(IcebergTestWriter.create(dir.resolve("lake/iceberg_plain"), schema, PartitionSpec.unpartitioned()));
    for (String c : PARTITION_COLUMNS) {
      deltas.add(DeltaTestWriter.create(dir.resolve("lake/delta_by_" + c), deltaColumns, List.of(c)));
      icebergs.add(IcebergTestWriter.create(dir.resolve("lake/iceberg_by_" + c), schema,
          PartitionSpec.builderFor(schema).identity(c).build()));
    }
    for (int g = 0; g < GROUPS; g++) {
      int group = g;
      List<Object[]> values = rows.stream().filter(r -> r.group() == group).map(Row::values).toList();
      for (DeltaTestWriter w : deltas) {
        w.append(values);
      }
      for (IcebergTestWriter w : icebergs) {
        w.append(values);
      }
    }
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake") + "?time_zone=" + SESSION);
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  /**
   * A WHERE clause, its parameters, and which rows it matches (as DuckDB means it, in the session zone; null where
   * only DuckDB's own answer is compared).
   */
  private record Case(String where, Predicate<Row> matches, Object... params) {
    @Override
    public String toString() {
      return where + " " + Arrays.toString(params);
    }

    /** The column the predicate is about: the first one named. */
    String column() {
      String first = null;
      int at = Integer.MAX_VALUE;
      for (String c : List.of("id", "d", "ts", "ntz", "s", "amount", "flag")) {
        Matcher m = Pattern.compile("\\b" + c + "\\b").matcher(where);
        if (m.find() && m.start() < at) {
          at = m.start();
          first = c;
        }
      }
      return first;
    }
  }

  private static Case c(String where, Predicate<Row> matches, Object... params) {
    return new Case(where, matches, params);
  }

  private static <T extends Comparable<T>> Predicate<Row> cmp(Function<Row, T> column, Predicate<Integer> sign,
      T value) {
    return r -> column.apply(r) != null && sign.test(column.apply(r).compareTo(value));
  }

  private static <T> Predicate<Row> in(Function<Row, T> column, List<T> values) {
    return r -> column.apply(r) != null && values.contains(column.apply(r));
  }

  private static Instant berlin(String clock) {
    return LocalDateTime.parse(clock).atZone(SESSION).toInstant();
  }

  private static final Row SOME = new Row(3, 303, LocalDate.of(2023, 3, 16),
      LocalDate.of(2023, 3, 16).atTime(22, 30).toInstant(ZoneOffset.UTC).plusSeconds(1800),
      LocalDate.of(2023, 3, 16).atTime(13, 0).plusNanos(370_368_000L), STRINGS[3], new BigDecimal("13.25"), false);

  /** Predicates the formats can use: files without a matching row are skipped. */
  private static List<Case> pruning() {
    LocalDate mar15 = LocalDate.of(2023, 3, 15);
    Instant tsMidnight15 = berlin("2023-03-15T00:00");
    return List.of(
        // DATE: literals, strings, casts, parameters, ranges, IN, OR, null tests.
        c("d = DATE '2023-03-15'", cmp(Row::d, x -> x == 0, mar15)),
        c("d = '2023-03-15'", cmp(Row::d, x -> x == 0, mar15)),
        c("d = CAST('2023-03-15' AS DATE)", cmp(Row::d, x -> x == 0, mar15)),
        c("d = '2023-03-15'::DATE", cmp(Row::d, x -> x == 0, mar15)),
        c("'2023-03-15'::DATE = d", cmp(Row::d, x -> x == 0, mar15)),
        c("d BETWEEN DATE '2023-03-14' AND DATE '2023-03-15'",
            cmp(Row::d, x -> x >= 0, mar15.minusDays(1)).and(cmp(Row::d, x -> x <= 0, mar15))),
        c("d >= '2023-03-17'", cmp(Row::d, x -> x >= 0, mar15.plusDays(2))),
        c("d < DATE '2023-03-14'", cmp(Row::d, x -> x < 0, mar15.minusDays(1))),
        c("d IN (DATE '2023-03-13', '2023-03-18')", in(Row::d, List.of(mar15.minusDays(2), mar15.plusDays(3)))),
        c("d = DATE '2023-03-15' OR d = '2023-03-16'", in(Row::d, List.of(mar15, mar15.plusDays(1)))),
        c("d = ?", cmp(Row::d, x -> x == 0, mar15), mar15),
        c("d = ?", cmp(Row::d, x -> x == 0, mar15), java.sql.Date.valueOf(mar15)),
        c("d = ?", cmp(Row::d, x -> x == 0, mar15), "2023-03-15"),
        c("d IS NULL", r -> r.d() == null),
        c("d IS NOT NULL", r -> r.d() != null),
        // TIMESTAMP WITH TIME ZONE: dates and clock times are the session zone's.
        c("ts >= '2023-03-15'", cmp(Row::ts, x -> x >= 0, tsMidnight15)),
        c("ts >= DATE '2023-03-15'", cmp(Row::ts, x -> x >= 0, tsMidnight15)),
        c("ts >= TIMESTAMP '2023-03-15 00:00:00'", cmp(Row::ts, x -> x >= 0, tsMidnight15)),
        c("ts < TIMESTAMP WITH TIME ZONE '2023-03-14 22:45:00+00'",
            cmp(Row::ts, x -> x < 0, Instant.parse("2023-03-14T22:45:00Z"))),
        c("ts < TIMESTAMPTZ '2023-03-14 22:45:00+00'", cmp(Row::ts, x -> x < 0, Instant.parse("2023-03-14T22:45:00Z"))),
        c("ts >= '2023-03-14 22:45:00+00'::TIMESTAMPTZ",
            cmp(Row::ts, x -> x >= 0, Instant.parse("2023-03-14T22:45:00Z"))),
        c("ts BETWEEN DATE '2023-03-15' AND DATE '2023-03-16'",
            cmp(Row::ts, x -> x >= 0, tsMidnight15).and(cmp(Row::ts, x -> x <= 0, berlin("2023-03-16T00:00")))),
        c("ts = ?", cmp(Row::ts, x -> x == 0, SOME.ts()), OffsetDateTime.ofInstant(SOME.ts(), ZoneOffset.ofHours(5))),
        c("ts = ?", cmp(Row::ts, x -> x == 0, SOME.ts()), LocalDateTime.ofInstant(SOME.ts(), SESSION)),
        c("ts = ?", cmp(Row::ts, x -> x == 0, SOME.ts()), Timestamp.from(SOME.ts())),
        c("ts = ?", cmp(Row::ts, x -> x == 0, SOME.ts()), SOME.ts()),
        c("ts > '2023-03-16 23:55:00+01'", cmp(Row::ts, x -> x > 0, Instant.parse("2023-03-16T22:55:00Z"))),
        c("ts IS NULL", r -> r.ts() == null),
        // TIMESTAMP (without time zone), microseconds.
        c("ntz >= TIMESTAMP '2023-03-16 12:00:00'",
            cmp(Row::ntz, x -> x >= 0, LocalDateTime.parse("2023-03-16T12:00"))),
        c("ntz = TIMESTAMP '2023-03-16 13:00:00.370368'", cmp(Row::ntz, x -> x == 0, SOME.ntz())),
        c("ntz = CAST('2023-03-16 13:00:00.370368' AS TIMESTAMP)", cmp(Row::ntz, x -> x == 0, SOME.ntz())),
        c("ntz = ?", cmp(Row::ntz, x -> x == 0, SOME.ntz()), SOME.ntz()),
        c("ntz < DATE '2023-03-15'", cmp(Row::ntz, x -> x < 0, mar15.atStartOfDay())),
        c("ntz <= '2023-03-14 11:00'", cmp(Row::ntz, x -> x <= 0, LocalDateTime.parse("2023-03-14T11:00"))),
        // Strings, compared as DuckDB does (UTF-8 bytes: U+E000 sorts before U+1F600, unlike UTF-16).
        c("s = 'it''s'", in(Row::s, List.of("it's"))),
        c("s IN ('a b', 'Grüße 日本')", in(Row::s, List.of("a b", "Grüße 日本"))),
        c("s < 'x\uD83D\uDE00'", r -> r.s() != null && List.of(0, 1, 2, 3).contains(r.group())),
        c("s >= 'x'", r -> r.s() != null && r.group() >= 3),
        c("s = ?", in(Row::s, List.of("x\uE000")), "x\uE000"),
        // Decimals, exactly.
        c("amount = 12.25", cmp(Row::amount, x -> x == 0, new BigDecimal("12.25"))),
        c("amount = 12.250", cmp(Row::amount, x -> x == 0, new BigDecimal("12.25"))),
        c("amount = '12.25'", cmp(Row::amount, x -> x == 0, new BigDecimal("12.25"))),
        c("amount = CAST(12.25 AS DECIMAL(10, 2))", cmp(Row::amount, x -> x == 0, new BigDecimal("12.25"))),
        c("amount >= ?", cmp(Row::amount, x -> x >= 0, new BigDecimal("13.25")), new BigDecimal("13.25")),
        c("amount BETWEEN 11 AND 12.5", cmp(Row::amount, x -> x >= 0, new BigDecimal("11"))
            .and(cmp(Row::amount, x -> x <= 0, new BigDecimal("12.5")))),
        // Booleans.
        c("flag = TRUE", r -> Boolean.TRUE.equals(r.flag())),
        c("flag = ?", r -> Boolean.FALSE.equals(r.flag()), false),
        c("flag IS NULL", r -> r.flag() == null),
        // Integers.
        c("id = 303", r -> r.id() == 303),
        c("id IN (101, 402)", r -> r.id() == 101 || r.id() == 402),
        c("id BETWEEN 200 AND 299", r -> r.id() >= 200 && r.id() <= 299),
        c("id = '303'", r -> r.id() == 303),
        c("id = CAST('303' AS BIGINT)", r -> r.id() == 303),
        c("id = ?", r -> r.id() == 303, 303));
  }

  /** Predicates that are not translated (not exact, or not replicated): every file is read, answers still agree. */
  private static List<Case> notPruning() {
    return List.of(
        c("d = '2023-3-15'", cmp(Row::d, x -> x == 0, LocalDate.of(2023, 3, 15))),
        c("d = ?", cmp(Row::d, x -> x == 0, LocalDate.of(2023, 3, 15)), " 2023-03-15"),
        // DuckDB truncates a seventh fractional digit.
        c("ntz = TIMESTAMP '2023-03-16 13:00:00.3703689'", null),
        c("amount = 12.2500001", r -> false),
        c("amount = 12.25e0", cmp(Row::amount, x -> x == 0, new BigDecimal("12.25"))),
        c("flag = 'true'", r -> Boolean.TRUE.equals(r.flag())),
        c("d + 1 = DATE '2023-03-16'", cmp(Row::d, x -> x == 0, LocalDate.of(2023, 3, 15))),
        c("d NOT BETWEEN DATE '2023-03-14' AND DATE '2023-03-17'",
            r -> r.d() != null && (r.d().isBefore(LocalDate.of(2023, 3, 14))
                || r.d().isAfter(LocalDate.of(2023, 3, 17)))));
  }

  /** The files written for a table: one per group, or per (group, value) when partitioned by a column. */
  private static Set<List<Object>> files(String partitionColumn, Predicate<Row> matches) {
    Set<List<Object>> files = new HashSet<>();
    for (Row r : rows) {
      if (matches.test(r)) {
        files.add(Arrays.asList(r.group(), partitionColumn == null ? null : r.column(partitionColumn)));
      }
    }
    return files;
  }

  private static List<String> tables() {
    List<String> tables = new ArrayList<>(List.of("delta_plain", "iceberg_plain"));
    for (String c : PARTITION_COLUMNS) {
      tables.add("delta_by_" + c);
      tables.add("iceberg_by_" + c);
    }
    return tables;
  }

  private static String partitionColumn(String table) {
    int by = table.indexOf("_by_");
    return by < 0 ? null : table.substring(by + 4);
  }

  /**
   * Every predicate on the unpartitioned tables (statistics), the predicates on its own column on each table
   * partitioned by a column (partition values), and the integer ones there too (statistics beside partitions).
   */
  @Test
  void everyPredicateFormSkipsFilesWithoutChangingAnswers() throws SQLException {
    List<String> failures = new ArrayList<>();
    for (String table : tables()) {
      String partition = partitionColumn(table);
      int all = files(partition, r -> true).size();
      assertEquals(all, plannedFiles("SELECT * FROM " + table), table);
      for (Case k : pruning()) {
        if (partition == null || k.column().equals(partition) || k.column().equals("id")) {
          check(table, k, expectedFiles(table, k), failures);
        }
      }
      for (Case k : notPruning()) {
        if (partition == null || k.column().equals(partition)) {
          check(table, k, all, failures);
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  /**
   * The files holding a matching row. On Delta a comparison on a BOOLEAN column that is not a partition column
   * keeps every file with a non-NULL value: Delta Kernel keeps no boolean min / max for skipping (its skipping types
   * are the numbers, dates, timestamps, strings and decimals), only null counts.
   */
  private static int expectedFiles(String table, Case k) {
    String partition = partitionColumn(table);
    if (table.startsWith("delta_") && k.column().equals("flag") && !"flag".equals(partition)
        && !k.where().contains("IS NULL")) {
      return files(partition, r -> r.flag() != null).size();
    }
    return files(partition, k.matches()).size();
  }

  private static void check(String table, Case k, int expectedFiles, List<String> failures) throws SQLException {
    long expectedRows = k.matches() == null ? -1 : rows.stream().filter(k.matches()).count();
    List<Object> answer = answer("SELECT count(*), sum(id) FROM " + table + " WHERE " + k.where(), k.params());
    List<Object> duckdb = answer("SELECT count(*), sum(id) FROM (SELECT * FROM " + table + ") s WHERE "
        + k.where(), k.params());
    if (!answer.equals(duckdb) || (expectedRows >= 0 && ((Number) duckdb.get(0)).longValue() != expectedRows)) {
      failures.add(table + ": " + k + ": answer " + answer + ", DuckDB over all files " + duckdb + ", written "
          + expectedRows);
    }
    int planned = plannedFiles("SELECT * FROM " + table + " WHERE " + k.where(), k.params());
    if (planned != expectedFiles) {
      failures.add(table + ": " + k + ": " + planned + " files planned, " + expectedFiles + " expected");
    }
  }

  /** One query's answer and planned files against the same query over sub-queries, where nothing is skipped. */
  private static void join(String from, String fromUnskipped, String where, int expectedFiles,
      List<String> failures) throws SQLException {
    String sql = "SELECT count(*), sum(a.id) FROM " + from + " WHERE " + where;
    List<Object> answer = answer(sql);
    List<Object> duckdb = answer("SELECT count(*), sum(a.id) FROM " + fromUnskipped + " WHERE " + where);
    if (!answer.equals(duckdb)) {
      failures.add(sql + ": answer " + answer + ", DuckDB over all files " + duckdb);
    }
    int planned = plannedFiles("SELECT * FROM " + from + " WHERE " + where);
    if (planned != expectedFiles) {
      failures.add(sql + ": " + planned + " files planned, " + expectedFiles + " expected");
    }
  }

  @Test
  void innerEquiJoinsCarryPredicatesToBothSidesButOuterJoinsDoNot() throws SQLException {
    List<String> failures = new ArrayList<>();
    LocalDate mar15 = LocalDate.of(2023, 3, 15);
    Predicate<Row> onMar15 = r -> mar15.equals(r.d());
    String[][] pairs = {{"delta_by_d", "iceberg_by_d"}, {"iceberg_plain", "delta_plain"},
        {"delta_by_d", "delta_plain"}};
    for (String[] pair : pairs) {
      String a = pair[0];
      String b = pair[1];
      int aAll = files(partitionColumn(a), r -> true).size();
      int bAll = files(partitionColumn(b), r -> true).size();
      int aMatch = files(partitionColumn(a), onMar15).size();
      int bMatch = files(partitionColumn(b), onMar15).size();
      String unskipped = "(SELECT * FROM " + a + ") a JOIN (SELECT * FROM " + b + ") b ON a.d = b.d";
      join(a + " a JOIN " + b + " b ON a.d = b.d", unskipped, "b.d = DATE '2023-03-15'", aMatch + bMatch,
          failures);
      join(a + " a JOIN " + b + " b ON a.d = b.d AND a.d = '2023-03-15'", unskipped + " AND a.d = '2023-03-15'",
          "true", aMatch + bMatch, failures);
      join(a + " a, " + b + " b", "(SELECT * FROM " + a + ") a, (SELECT * FROM " + b + ") b",
          "b.d = a.d AND b.d = ?".replace("?", "CAST('2023-03-15' AS DATE)"), aMatch + bMatch, failures);
      join(a + " a INNER JOIN " + b + " b ON a.ts = b.ts", "(SELECT * FROM " + a + ") a JOIN (SELECT * FROM " + b
          + ") b ON a.ts = b.ts", "b.ts >= '2023-03-17'",
          files(partitionColumn(a), cmp(Row::ts, x -> x >= 0, berlin("2023-03-17T00:00"))).size()
              + files(partitionColumn(b), cmp(Row::ts, x -> x >= 0, berlin("2023-03-17T00:00"))).size(), failures);
      // USING: the merged column is both sides' column, qualified or not.
      String unskippedUsing = "(SELECT * FROM " + a + ") a JOIN (SELECT * FROM " + b + ") b USING (d)";
      join(a + " a JOIN " + b + " b USING (d)", unskippedUsing, "d = DATE '2023-03-15'", aMatch + bMatch, failures);
      join(a + " a JOIN " + b + " b USING (d)", unskippedUsing, "b.d = DATE '2023-03-15'", aMatch + bMatch,
          failures);
      join(a + " a INNER JOIN " + b + " b USING (d)", unskippedUsing, "d IN (SELECT d FROM " + b
          + " WHERE d = DATE '2023-03-15')", aAll + bAll + bMatch, failures); // a sub-query: not restated
      join(a + " a LEFT JOIN " + b + " b USING (d)", "(SELECT * FROM " + a + ") a LEFT JOIN (SELECT * FROM " + b
          + ") b USING (d)", "d = DATE '2023-03-15'", aAll + bAll, failures);
      // Outer joins: a filter on the nullable side keeps rows whose match it removed: nothing is skipped.
      join(a + " a LEFT JOIN " + b + " b ON a.d = b.d", "(SELECT * FROM " + a + ") a LEFT JOIN (SELECT * FROM " + b
          + ") b ON a.d = b.d", "b.d = DATE '2023-03-15' OR b.d IS NULL", aAll + bAll, failures);
      join(a + " a LEFT JOIN " + b + " b ON a.d = b.d AND b.d = DATE '2023-03-15'", "(SELECT * FROM " + a
          + ") a LEFT JOIN (SELECT * FROM " + b + ") b ON a.d = b.d AND b.d = DATE '2023-03-15'", "true",
          aAll + bAll, failures);
      join(a + " a FULL JOIN " + b + " b ON a.d = b.d", "(SELECT * FROM " + a + ") a FULL JOIN (SELECT * FROM " + b
          + ") b ON a.d = b.d", "a.d = DATE '2023-03-15'", aAll + bAll, failures);
      // Columns of different types (DATE = TIMESTAMP WITH TIME ZONE is compared as timestamps): only the side
      // the predicate names is skipped.
      join(a + " a JOIN " + b + " b ON a.d = b.ts", "(SELECT * FROM " + a + ") a JOIN (SELECT * FROM " + b
          + ") b ON a.d = b.ts", "b.ts = TIMESTAMP '2023-03-16 00:00:00'", aAll
          + files(partitionColumn(b), cmp(Row::ts, x -> x == 0, berlin("2023-03-16T00:00"))).size(), failures);
    }
    // Through three tables.
    join("delta_by_d a JOIN iceberg_by_d b ON a.d = b.d JOIN iceberg_plain c ON b.d = c.d",
        "(SELECT * FROM delta_by_d) a JOIN (SELECT * FROM iceberg_by_d) b ON a.d = b.d "
            + "JOIN (SELECT * FROM iceberg_plain) c ON b.d = c.d", "c.d = DATE '2023-03-15'", 3, failures);
    assertEquals(List.of(), failures);
  }

  /**
   * Long strings sharing a prefix longer than the statistics keep (Iceberg truncates bounds to 16 characters,
   * Delta writers truncate too), with characters of 1 to 4 UTF-8 bytes: skipping may keep extra files, never drop
   * a file with a matching row.
   */
  @Test
  void truncatedStringStatisticsNeverDropMatchingFiles(@TempDir Path own) throws Exception {
    String prefix = "p".repeat(40);
    List<String> values = List.of(prefix + "a", prefix + "b", prefix + "\uE000", prefix + "\uD83D\uDE00",
        prefix + "a".repeat(100), "p".repeat(16), "p".repeat(15) + "\uFFFF", "p".repeat(16) + "\uD83D\uDE00");
    DeltaTestWriter delta = DeltaTestWriter.create(own.resolve("lake/long_delta"),
        List.of(Col.of("id", "long"), Col.of("s", "string")));
    IcebergTestWriter iceberg = IcebergTestWriter.create(own.resolve("lake/long_iceberg"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "s", Types.StringType.get())), PartitionSpec.unpartitioned());
    for (int i = 0; i < values.size(); i++) {
      List<Object[]> one = List.<Object[]>of(new Object[] {(long) i, values.get(i)});
      delta.append(one);
      iceberg.append(one);
    }
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + own.resolve("lake") + "?time_zone=UTC")) {
      for (String table : List.of("long_delta", "long_iceberg")) {
        for (String v : values) {
          for (String op : List.of("=", "<", "<=", ">", ">=")) {
            String where = "s " + op + " ?";
            long expected = values.stream().filter(x -> {
              int cmp = java.util.Arrays.compareUnsigned(x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
              return switch (op) {
                case "=" -> cmp == 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                default -> cmp >= 0;
              };
            }).count();
            assertEquals(expected, count(c, "SELECT count(*) FROM " + table + " WHERE " + where, v),
                table + " " + where + " " + v);
            assertEquals(expected, count(c, "SELECT count(*) FROM (SELECT * FROM " + table + ") t WHERE " + where,
                v), "DuckDB: " + table + " " + where + " " + v);
            assertTrue(plannedFiles(c, "SELECT * FROM " + table + " WHERE " + where, v) >= expected, where);
          }
        }
        // Short distinct values still skip: the one file of "pppppppppppppppp" (16 characters) alone.
        assertTrue(plannedFiles(c, "SELECT * FROM " + table + " WHERE s = ?", "p".repeat(16)) < values.size(),
            table);
      }
    }
  }

  private static long count(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getLong(1);
      }
    }
  }

  private static List<Object> answer(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return Arrays.asList(rs.getLong(1), rs.getObject(2) == null ? null : rs.getLong(2));
      }
    }
  }

  static int plannedFiles(String sql, Object... params) throws SQLException {
    return plannedFiles(connection, sql, params);
  }

  static int plannedFiles(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        int total = 0;
        boolean found = false;
        do {
          Matcher m = Pattern.compile("; (\\d+) files,").matcher(rs.getString(1));
          while (m.find()) {
            total += Integer.parseInt(m.group(1));
            found = true;
          }
        } while (rs.next());
        assertTrue(found, sql);
        return total;
      }
    }
  }
}
