package io.lakehouse.bench;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The result cache's cost and gain, per query, through one open driver connection each: cache off
 * ({@code result_cache=false}), a miss (a new key each time: the statement text differs by a comment; the query runs
 * through DuckDB's Parquet round trip and stores the entry), an in-process hit, and a Redis hit (a real
 * redis-server on 127.0.0.1). Every row is read with getObject. Prints medians (min) in ms.
 *
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.lakehouse.bench.ResultCacheBenchmark -Dexec.args="target/bench-cache"
 * </pre>
 */
public final class ResultCacheBenchmark {
  private ResultCacheBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-cache").toAbsolutePath();
    int reps = Integer.getInteger("reps", 7);
    Path table = dir.resolve("sales");
    if (!Files.exists(table.resolve("_delta_log"))) {
      DeltaTestWriter w = DeltaTestWriter.create(table, List.of(Col.of("id", "long"), Col.of("g", "int"),
          Col.of("amount", "double"), Col.of("note", "string")));
      long id = 0;
      for (int f = 0; f < 20; f++) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 100_000; i++, id++) {
          rows.add(new Object[] {id, (int) (id % 1000), (id % 977) * 1.25, "note " + (id % 5000)});
        }
        w.append(rows);
      }
    }
    Path memory = dir.resolve("memory.yaml");
    Files.writeString(memory, "tables:\n  sales: { format: delta, location: " + table + " }\n"
        + "cache: { results: { max_entry_bytes: 64MB, max_bytes: 1GB } }\n");
    String[][] queries = {
        {"count(*)", "SELECT count(*) FROM sales"},
        {"GROUP BY 1,000 groups", "SELECT g, count(*), sum(amount) FROM sales GROUP BY g ORDER BY g"},
        {"point lookup", "SELECT * FROM sales WHERE id = 1234567"},
        {"100,000 rows", "SELECT id, g, amount, note FROM sales WHERE id < 100000 ORDER BY id"},
    };
    try (RedisServer redis = RedisServer.start(null)) {
      Path redisCatalog = dir.resolve("redis.yaml");
      Files.writeString(redisCatalog, "tables:\n  sales: { format: delta, location: " + table + " }\n"
          + "cache: { results: { type: redis, url: \"" + redis.url() + "\", max_entry_bytes: 64MB } }\n");
      try (Connection off = DriverManager.getConnection("jdbc:lakehouse:" + memory + "?result_cache=false");
          Connection on = DriverManager.getConnection("jdbc:lakehouse:" + memory);
          Connection viaRedis = DriverManager.getConnection("jdbc:lakehouse:" + redisCatalog)) {
        System.out.printf("%-24s %16s %16s %16s %16s %12s%n", "query", "cache off", "miss", "hit (memory)",
            "hit (Redis)", "entry bytes");
        int salt = 0;
        for (String[] q : queries) {
          List<Double> offMs = new ArrayList<>();
          List<Double> missMs = new ArrayList<>();
          List<Double> hitMs = new ArrayList<>();
          List<Double> redisMs = new ArrayList<>();
          run(on, q[1]);  // warm-up, stores the entry
          run(viaRedis, q[1]);
          run(off, q[1]);
          long before = stats(on).bytesStored();
          run(on, q[1] + " -- size probe " + (salt++));
          long entryBytes = stats(on).bytesStored() - before;
          for (int r = 0; r < reps; r++) {
            offMs.add(run(off, q[1]));
            missMs.add(run(on, q[1] + " -- rep " + (salt++)));
            hitMs.add(run(on, q[1]));
            redisMs.add(run(viaRedis, q[1]));
          }
          System.out.printf("%-24s %16s %16s %16s %16s %12d%n", q[0], fmt(offMs), fmt(missMs), fmt(hitMs),
              fmt(redisMs), entryBytes);
        }
        System.out.println("stats (memory): " + stats(on));
        System.out.println("stats (redis):  " + stats(viaRedis));
      }
    }
  }

  private static io.lakehouse.cache.ResultCacheStats stats(Connection c) throws SQLException {
    return c.unwrap(io.lakehouse.jdbc.LakehouseConnection.class).resultCacheStats();
  }

  private static double run(Connection c, String sql) throws SQLException {
    long t = System.nanoTime();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          rs.getObject(i);
        }
      }
    }
    return (System.nanoTime() - t) / 1e6;
  }

  private static String fmt(List<Double> ms) {
    List<Double> s = new ArrayList<>(ms);
    s.sort(null);
    return String.format("%.1f (%.1f)", s.get(s.size() / 2), s.get(0));
  }
}
