package io.lakehouse.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated and mutated SQL statements through Statement and PreparedStatement over a real catalog
 * (a Delta and an Iceberg table written by the reference writers). Each must succeed or fail with an SQLException
 * carrying a 5-character SQLState, within the query timeout plus a margin; canary files outside the catalog never
 * show in results or messages; the watched directory mutations try to write into stays unchanged; the connection
 * keeps giving the writer's answer; threads and heap return near their starting level.
 *
 * <p>Deterministic: {@code -Dfuzz.seed=N} reproduces a run (the seed is printed), {@code -Dfuzz.count=N} runs more
 * statements. Only behaviour is asserted (which functions are refused is {@link io.lakehouse.security.SqlPolicy}'s
 * business), never an exact list.
 */
class SqlFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 20261126L);
  static final int COUNT = Integer.getInteger("fuzz.count", 5000);
  static final int TIMEOUT_SECONDS = 10;
  static final int WATCHDOG_SECONDS = TIMEOUT_SECONDS + 30;
  static final int CHECK_EVERY = 250;
  /** Connections fuzzed in parallel (the machine has 2 cores; each connection is used by one thread). */
  static final int LANES = Integer.getInteger("fuzz.lanes", 2);

  @TempDir
  static Path base;
  static FuzzWorld world;
  static Connection connection;

  @BeforeAll
  static void setUp() throws Exception {
    world = new FuzzWorld(base);
    connection = DriverManager.getConnection(world.url());
  }

  @AfterAll
  static void tearDown() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void generatedAndMutatedStatements() throws Exception {
    System.out.println("SqlFuzzTest: seed " + SEED + " (-Dfuzz.seed), " + COUNT + " statements (-Dfuzz.count), "
        + LANES + " connections in parallel");
    knownAnswer(connection);
    TreeMap<String, String> outsideBefore = world.outsideState();
    int threadsBefore = FuzzWorld.liveThreads();
    long heapBefore = FuzzWorld.usedHeapAfterGc();
    long start = System.nanoTime();
    Map<String, Integer> outcomes = new java.util.concurrent.ConcurrentSkipListMap<>();
    // Each statement comes from its own Random(seed, index), so a run is the same whatever the lanes' timing.
    List<Connection> lanes = new ArrayList<>(List.of(connection));
    for (int l = 1; l < LANES; l++) {
      lanes.add(DriverManager.getConnection(world.url()));
    }
    List<Callable<Void>> work = new ArrayList<>();
    for (int l = 0; l < LANES; l++) {
      int lane = l;
      work.add(() -> {
        Connection c = lanes.get(lane);
        try (FuzzWorld.Worker worker = world.worker("fuzz-lane-" + lane)) {
          for (int i = lane; i < COUNT; i += LANES) {
            runOne(c, worker, i, outcomes);
            if (i % CHECK_EVERY == lane) {
              knownAnswer(c);
            }
          }
        }
        knownAnswer(c);
        return null;
      });
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(LANES);
    try {
      for (java.util.concurrent.Future<Void> f : pool.invokeAll(work)) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
      for (Connection c : lanes.subList(1, lanes.size())) {
        c.close();
      }
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    int ok = outcomes.getOrDefault("ok", 0);
    System.out.println("SqlFuzzTest: " + COUNT + " statements in " + seconds + " s, outcomes (ok or SQLState): "
        + outcomes);
    assertEquals(COUNT, outcomes.values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(outsideBefore, world.outsideState(), "files outside the catalog changed");
    assertTrue(ok > COUNT / 20, "the generator should produce some valid queries: " + ok);
    int threadsAfter = FuzzWorld.liveThreads();
    long heapAfter = FuzzWorld.usedHeapAfterGc();
    System.out.println("SqlFuzzTest: threads " + threadsBefore + " -> " + threadsAfter + ", heap after GC "
        + heapBefore / (1 << 20) + " MB -> " + heapAfter / (1 << 20) + " MB");
    assertTrue(threadsAfter <= threadsBefore + 4, "threads leak: " + threadsBefore + " -> " + threadsAfter);
    assertTrue(heapAfter <= heapBefore + (128L << 20), "heap grows: " + heapBefore + " -> " + heapAfter);
  }

  static void runOne(Connection c, FuzzWorld.Worker worker, int i, Map<String, Integer> outcomes) {
    Random random = new Random(SEED * 1_000_003L + i);
    Grammar grammar = new Grammar(random, world);
    String sql = random.nextInt(10) < 4 ? grammar.query() : grammar.mutate(grammar.query());
    boolean prepared = random.nextBoolean();
    List<Object> params = grammar.parameters();
    String what = "#" + i + " (seed " + SEED + ", " + (prepared ? "PreparedStatement" : "Statement") + "): "
        + printable(sql) + (prepared ? " params " + printable(params.toString()) : "");
    SQLException e = worker.run(what, () -> prepared ? runPrepared(c, sql, params) : runStatement(c, sql),
        WATCHDOG_SECONDS);
    outcomes.merge(e == null ? "ok" : e.getSQLState(), 1, Integer::sum);
    if (e != null && e.getSQLState().startsWith("HY") && !SqlState.CANCELLED.is(e)) {
      // General errors are allowed but worth a look: the driver may owe a more specific SQLState.
      System.out.println("SqlFuzzTest: " + e.getSQLState() + " " + printable(String.valueOf(e.getMessage()))
          + " for " + what.substring(0, Math.min(400, what.length())));
    }
  }

  /** The connection still answers with the writer's rows. */
  static void knownAnswer(Connection connection) throws SQLException {
    long sum = world.salesRows.stream().mapToLong(r -> (Long) r[0]).sum();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM sales")) {
      assertTrue(rs.next());
      assertEquals(world.salesRows.size(), rs.getLong(1));
      assertEquals(sum, rs.getLong(2));
    }
    try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM events WHERE id >= ?")) {
      ps.setLong(1, 0);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(world.eventsRows.size(), rs.getLong(1));
      }
    }
  }

  static String runStatement(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(TIMEOUT_SECONDS);
      s.setMaxRows(200);
      try (ResultSet rs = s.executeQuery(sql)) {
        return drain(rs);
      }
    }
  }

  static String runPrepared(Connection connection, String sql, List<Object> params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setQueryTimeout(TIMEOUT_SECONDS);
      ps.setMaxRows(200);
      int n = ps.getParameterMetaData().getParameterCount();
      for (int i = 1; i <= n; i++) {
        ps.setObject(i, params.get((i - 1) % params.size()));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return drain(rs);
      }
    }
  }

  static String drain(ResultSet rs) throws SQLException {
    StringBuilder out = new StringBuilder();
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int c = 1; c <= columns; c++) {
        out.append(rs.getString(c)).append('|');
      }
      out.append('\n');
    }
    return out.toString();
  }

  static String printable(String s) {
    String t = s.replace("\0", "\\0");
    return t.length() > 2000 ? t.substring(0, 2000) + "...(" + t.length() + " chars)" : t;
  }

  /** A small SQL grammar over the two tables, and token-level mutations. */
  static final class Grammar {
    private final Random r;
    private final FuzzWorld w;

    Grammar(Random r, FuzzWorld w) {
      this.r = r;
      this.w = w;
    }

    private <T> T pick(List<T> options) {
      return options.get(r.nextInt(options.size()));
    }

    @SafeVarargs
    private String oneOf(Supplier<String>... options) {
      return options[r.nextInt(options.length)].get();
    }

    String query() {
      return oneOf(this::select, this::select, this::select, this::cte, this::setOperation, this::join,
          () -> "EXPLAIN " + select(), () -> "VALUES (" + literal() + ", " + literal() + ")");
    }

    String select() {
      StringBuilder sql = new StringBuilder("SELECT ");
      boolean sales = r.nextBoolean();
      String table = sales ? salesRef() : eventsRef();
      List<String> cols = sales ? List.of("id", "region", "amount", "day") : List.of("id", "kind", "sale_id");
      if (r.nextInt(4) == 0) {
        String g = pick(cols);
        sql.append(g).append(", ").append(pick(List.of("count(*)", "sum(id)", "max(" + pick(cols) + ")",
            "min(" + pick(cols) + ")", "avg(id)", "string_agg(CAST(id AS VARCHAR), ',')", "count(DISTINCT "
                + pick(cols) + ")")));
        sql.append(" FROM ").append(table).append(" AS t");
        if (r.nextBoolean()) {
          sql.append(" WHERE ").append(predicate(cols));
        }
        sql.append(" GROUP BY ").append(g);
        if (r.nextBoolean()) {
          sql.append(" HAVING count(*) > ").append(r.nextInt(5));
        }
      } else {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          sql.append(i > 0 ? ", " : "").append(expression(cols, 2)).append(" AS c").append(i);
        }
        if (r.nextInt(5) == 0) {
          sql.append(", row_number() OVER (PARTITION BY ").append(pick(cols)).append(" ORDER BY id) AS rn");
        }
        sql.append(" FROM ").append(table).append(" AS t");
        if (r.nextBoolean()) {
          sql.append(" WHERE ").append(predicate(cols));
        }
      }
      if (r.nextBoolean()) {
        sql.append(" ORDER BY 1");
      }
      if (r.nextBoolean()) {
        sql.append(" LIMIT ").append(r.nextInt(20));
      }
      return sql.toString();
    }

    String cte() {
      return "WITH a AS (" + select() + "), b AS (SELECT * FROM a) SELECT * FROM b"
          + (r.nextBoolean() ? " WHERE EXISTS (SELECT 1 FROM " + eventsRef() + " AS e WHERE e.id = 1)" : "");
    }

    String setOperation() {
      return "SELECT id FROM " + salesRef() + " " + pick(List.of("UNION", "UNION ALL", "EXCEPT", "INTERSECT"))
          + " SELECT id FROM " + eventsRef();
    }

    String join() {
      return "SELECT s.id, s.region, e.kind FROM " + salesRef() + " AS s " + pick(List.of("JOIN", "LEFT JOIN",
          "FULL OUTER JOIN", "INNER JOIN")) + " " + eventsRef() + " AS e ON e.sale_id = s.id WHERE "
          + pick(List.of("s.id < 10", "e.kind = 'buy'", "s.region IN ('eu', 'it''s')", "true")) + " ORDER BY 1";
    }

    String salesRef() {
      return pick(List.of("sales", "sales", "main.sales", "\"sales\"", "sales FOR VERSION AS OF 1",
          "sales VERSION AS OF 2", "sales FOR SYSTEM_VERSION AS OF 1", "sales FOR TIMESTAMP AS OF TIMESTAMP "
              + "'2024-02-15 00:00:00+00'", "sales TIMESTAMP AS OF '2024-02-15'", "sales FOR SYSTEM_TIME AS OF "
              + "TIMESTAMP '2024-03-01 00:00:00'", "sales FOR VERSION AS OF ?", "sales FOR VERSION AS OF 1 + 1",
          "delta_scan('" + w.salesRoot + "')", "delta_scan('" + w.salesRoot + "', version => 1)",
          "delta_scan('" + w.salesRoot + "', timestamp => '2024-02-15')", "(SELECT * FROM sales)"));
    }

    String eventsRef() {
      return pick(List.of("events", "events", "main.events", "events FOR VERSION AS OF 'first'",
          "events FOR VERSION AS OF " + w.eventsFirstSnapshot, "events FOR TIMESTAMP AS OF now()",
          "iceberg_scan('" + w.eventsRoot + "')", "iceberg_scan('" + w.eventsRoot + "', ref => 'first')",
          "iceberg_scan('" + w.eventsRoot + "', snapshot_id => " + w.eventsFirstSnapshot + ")",
          "(SELECT * FROM events WHERE kind <> 'x')"));
    }

    String predicate(List<String> cols) {
      String c = pick(cols);
      return oneOf(() -> c + " " + pick(List.of("=", "<>", "<", ">=", "IS NOT DISTINCT FROM")) + " " + literal(),
          () -> c + " IN (" + literal() + ", " + literal() + ")", () -> c + " IS NULL",
          () -> c + " BETWEEN ? AND ?", () -> "id = ?", () -> "NOT (" + c + " = " + literal() + ")",
          () -> c + " LIKE '%" + pick(List.of("e", "'' OR 1=1 --", "_")) + "'",
          () -> "id IN (SELECT sale_id FROM events)", () -> predicate(cols) + " AND " + predicate(cols),
          () -> chain("id = " + r.nextInt(60), " OR "));
    }

    /** A long operator chain: Calcite parses it in a loop into a left-deep tree that recursive walks must survive. */
    String chain(String term, String operator) {
      int n = r.nextInt(100) == 0 ? 2500 : 2 + r.nextInt(40);
      return String.join(operator, java.util.Collections.nCopies(n, term));
    }

    String expression(List<String> cols, int depth) {
      if (depth == 0) {
        return r.nextBoolean() ? pick(cols) : literal();
      }
      return oneOf(() -> pick(cols), this::literal, () -> "?",
          () -> expression(cols, depth - 1) + " " + pick(List.of("+", "-", "*", "/", "%", "||")) + " "
              + expression(cols, depth - 1),
          () -> pick(List.of("abs", "upper", "lower", "length", "coalesce", "typeof", "md5", "hash", "trim"))
              + "(" + expression(cols, depth - 1) + ")",
          () -> "CAST(" + expression(cols, depth - 1) + " AS " + pick(List.of("VARCHAR", "BIGINT", "DOUBLE",
              "DECIMAL(18,3)", "DATE", "TIMESTAMP", "BOOLEAN", "INTEGER[]")) + ")",
          () -> expression(cols, depth - 1) + "::" + pick(List.of("VARCHAR", "BIGINT", "DOUBLE")),
          () -> "CASE WHEN " + predicate(cols) + " THEN " + expression(cols, depth - 1) + " ELSE "
              + expression(cols, depth - 1) + " END",
          () -> "(SELECT max(id) FROM events)",
          () -> "round(" + expression(cols, depth - 1) + ", " + r.nextInt(4) + ")",
          () -> "(" + chain(pick(List.of("1", "id", "2.5")), pick(List.of(" + ", " * ", " - "))) + ")");
    }

    String literal() {
      return oneOf(() -> Integer.toString(r.nextInt(100) - 10), () -> Long.toString(r.nextLong()),
          () -> "99999999999999999999999999999999999999", () -> "1e308", () -> "-0.0", () -> "NULL",
          () -> "TRUE", () -> "'it''s'", () -> "'日本 é 😀'", () -> "''", () -> "DATE '2024-01-05'",
          () -> "TIMESTAMP '2024-01-01 10:00:00'", () -> "INTERVAL '1' DAY", () -> "[1, 2, 3]",
          () -> "{'a': 1, 'b': 'x'}", () -> "X'00FF'", () -> "'" + w.canaryCsv + "'", () -> "'; DROP TABLE x; --'",
          () -> "3.14159", () -> "E'\\n'", () -> "'\\'");
    }

    List<Object> parameters() {
      List<Object> p = new ArrayList<>();
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        p.add(pick(List.of(1, 2L, -1, Long.MAX_VALUE, 1.5, "eu", "it's", "'; COPY (SELECT 1) TO '" + w.watched
            + "/p.csv'; --", "日本", "", "first", new BigDecimal("1e40"), java.sql.Date.valueOf("2024-01-02"),
            java.sql.Timestamp.valueOf("2024-02-15 00:00:00"), true, new byte[] {0, 1}, w.canaryCsv.toString(),
            "\0")));
      }
      if (r.nextInt(10) == 0) {
        p.set(0, null);
      }
      return p;
    }

    /** Token-level mutation: delete / duplicate / swap tokens, insert hostile words, dangerous calls, junk. */
    String mutate(String sql) {
      List<String> tokens = new ArrayList<>(tokenize(sql));
      int edits = 1 + r.nextInt(3);
      for (int e = 0; e < edits && !tokens.isEmpty(); e++) {
        int at = r.nextInt(tokens.size());
        switch (r.nextInt(10)) {
          case 0 -> tokens.remove(at);
          case 1 -> tokens.add(at, tokens.get(at));
          case 2 -> {
            int other = r.nextInt(tokens.size());
            String t = tokens.get(at);
            tokens.set(at, tokens.get(other));
            tokens.set(other, t);
          }
          case 3 -> tokens.add(at, " " + pick(List.of("COPY", "ATTACH", "INSTALL", "LOAD", "PRAGMA", "SET", ";",
              "DROP", "CREATE", "INSERT", "EXPORT", "DETACH", "CALL", "USE", "CHECKPOINT", "VACUUM", "RESET",
              "IMPORT", "UPDATE", "DELETE", "BEGIN", "SUMMARIZE", "DESCRIBE", "SHOW", "FROM", "SELECT", "WHERE",
              "UNION", "(", ")", ",")) + " ");
          case 4 -> tokens.add(at, " " + dangerous() + " ");
          case 5 -> tokens.add(at, pick(List.of("'", "\"", "`", "--", "/*", "*/", "$$", "\\", "?", "$1", ":x",
              "\0", "\n", "é", "😀", "\uFEFF", "\u202E")));
          case 6 -> tokens.add(at, " " + pick(List.of("99999999999999999999999999999999999999999999",
              "-9223372036854775809", "1e999", "0x7fffffffffffffff", "NaN")) + " ");
          case 7 -> {
            int depth = pick(List.of(50, 200, 1000, 5000));
            tokens.add(at, " " + "(".repeat(depth) + "1" + ")".repeat(r.nextBoolean() ? depth : depth / 2) + " ");
          }
          case 8 -> tokens.add(at, " " + pick(List.of("x".repeat(10_000), "\"" + "y".repeat(70_000) + "\"",
              "a" + "\u00e9".repeat(3000))) + " ");
          default -> {
            return pick(List.of(sql + "; " + dangerous(), dangerous(), sql + " -- " + dangerous(),
                sql.replace("sales", pick(List.of("sales; COPY sales TO '" + w.watched + "/x.csv'",
                    "\"sales\"\"; DROP\"", "read_csv('" + w.canaryCsv + "')", "'" + w.canaryParquet + "'")))));
          }
        }
      }
      return String.join("", tokens);
    }

    /** Statements and calls that reach files, settings or the network. */
    String dangerous() {
      return pick(List.of("read_csv('" + w.canaryCsv + "')", "read_parquet('" + w.canaryParquet + "')",
          "SELECT * FROM read_csv_auto('" + w.canaryCsv + "')", "glob('" + w.outside + "/*')", "getenv('HOME')",
          "query_table('sales')", "current_setting('allowed_directories')", "read_text('" + w.canaryCsv + "')",
          "read_blob('" + w.canaryCsv + "')", "COPY (SELECT 1) TO '" + w.watched + "/copy.csv'",
          "COPY sales TO '" + w.watched + "/sales.parquet' (FORMAT parquet)", "ATTACH '" + w.watched
              + "/db.duckdb' AS x", "INSTALL httpfs", "LOAD httpfs", "SET enable_external_access = true",
          "PRAGMA database_list", "SET allowed_directories = ['/']", "CREATE TABLE x AS SELECT 1",
          "EXPORT DATABASE '" + w.watched + "'", "delta_scan('" + w.outside + "')",
          "iceberg_scan('" + w.tables + "/../outside')", "delta_scan('/')", "sql_auto_complete('SEL')",
          "duckdb_settings()", "which_secret('s3://x', 's3')", "query('SELECT 1')", "'" + w.canaryCsv + "'",
          "\"" + w.canaryCsv + "\"", "read_json('" + w.canaryCsv + "')", "parquet_metadata('"
              + w.canaryParquet + "')", "current_setting('TimeZone')", "pg_read_file('/etc/passwd')"));
    }

    static List<String> tokenize(String sql) {
      List<String> out = new ArrayList<>();
      int i = 0;
      while (i < sql.length()) {
        int j = i + 1;
        char c = sql.charAt(i);
        if (Character.isLetterOrDigit(c) || c == '_') {
          while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
          }
        } else if (c == '\'') {
          while (j < sql.length() && sql.charAt(j) != '\'') {
            j++;
          }
          j = Math.min(sql.length(), j + 1);
        } else if (Character.isWhitespace(c)) {
          while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
            j++;
          }
        }
        out.add(sql.substring(i, j));
        i = j;
      }
      return out;
    }
  }
}
