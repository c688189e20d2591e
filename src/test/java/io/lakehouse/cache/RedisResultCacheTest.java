package io.lakehouse.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.LakehouseConnection;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis result cache against a real redis-server on 127.0.0.1 (password from a secret file): two catalogs, as
 * two JVMs would have them, share entries; a new commit misses; Redis killed mid-run leaves queries answering,
 * uncached and without long stalls, and the cache comes back with the server.
 */
class RedisResultCacheTest {
  private static final String PASSWORD = "s3cret-redis-pw";
  @TempDir
  static Path dir;
  static RedisServer redis;
  static DeltaTestWriter table;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start(PASSWORD);
    table = DeltaTestWriter.create(dir.resolve("t"), List.of(Col.of("id", "long"), Col.of("v", "int")));
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      rows.add(new Object[] {i, (int) (i % 10)});
    }
    table.append(rows);
    Files.writeString(dir.resolve("redis.pw"), PASSWORD + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
  }

  /** A catalog file of its own ("another JVM") over the same table and the same Redis. */
  static Path catalog(String name, String extra) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, """
        tables:
          t: { format: delta, location: t }
        cache:
          results:
            type: redis
            url: %s
            password: ${file:%s}
            timeout: 200ms
            ttl: 10m
            key_prefix: "%s:"
        %s""".formatted(redis.url(), dir.resolve("redis.pw"), name, extra));
    return file;
  }

  static ResultCacheStats stats(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).resultCacheStats();
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void twoCatalogsShareEntriesThroughRedis() throws Exception {
    Path a = catalog("a", "");
    // a second catalog file with the same Redis and key prefix: another JVM over the same data
    Path b = dir.resolve("b.yaml");
    Files.writeString(b, Files.readString(a));
    String sql = "SELECT count(*) FROM t WHERE v < 5";
    long expected = table.readRows(table.latestVersion()).stream().filter(r -> ((Number) r[1]).intValue() < 5)
        .count();
    try (Connection ca = DriverManager.getConnection("jdbc:lakehouse:" + a);
        Connection cb = DriverManager.getConnection("jdbc:lakehouse:" + b)) {
      assertEquals(expected, count(ca, sql));
      assertEquals(1, stats(ca).stores());
      assertEquals(expected, count(cb, sql));
      assertEquals(1, stats(cb).hits(), "b found a's entry in Redis: " + stats(cb));
      assertEquals(0, stats(cb).stores());
      // a new commit is a new key, for both
      table.append(List.<Object[]>of(new Object[] {1000L, 1}));
      long after = table.readRows(table.latestVersion()).stream().filter(r -> ((Number) r[1]).intValue() < 5)
          .count();
      assertEquals(expected + 1, after);
      assertEquals(after, count(cb, sql));
      assertEquals(1, stats(cb).hits());
      assertEquals(after, count(ca, sql));
      assertEquals(1, stats(ca).hits(), "a found b's entry of the new version");
    }
  }

  @Test
  void aWrongPasswordLeavesQueriesAnsweringUncached() throws Exception {
    Files.writeString(dir.resolve("wrong.pw"), "not-the-password\n");
    Path cat = dir.resolve("wrong.yaml");
    Files.writeString(cat, Files.readString(catalog("wrongpw", "")).replace(dir.resolve("redis.pw").toString(),
        dir.resolve("wrong.pw").toString()));
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + cat)) {
      long expected = table.readRows(table.latestVersion()).size();
      for (int i = 0; i < 3; i++) {
        assertEquals(expected, count(c, "SELECT count(*) FROM t"));
      }
      ResultCacheStats s = stats(c);
      assertEquals(0, s.hits());
      assertEquals(0, s.stores());
      assertTrue(s.errors() >= 1, s.toString());
    }
  }

  @Test
  void redisGoingAwayLeavesQueriesAnsweringAndTheCacheComesBack() throws Exception {
    Path c1 = catalog("outage", "");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + c1)) {
      String sql = "SELECT count(*), sum(v) FROM t WHERE id % 3 = ";
      long expected0 = table.readRows(table.latestVersion()).stream().filter(r -> (Long) r[0] % 3 == 0).count();
      assertEquals(expected0, count(c, sql + "0"));
      assertEquals(expected0, count(c, sql + "0"));
      assertEquals(1, stats(c).hits());
      redis.kill();
      long start = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        long q = System.nanoTime();
        assertEquals(expected0, count(c, sql + "0"));
        long ms = (System.nanoTime() - q) / 1_000_000;
        assertTrue(ms < 3_000, "query " + i + " took " + ms + " ms with Redis away");
      }
      ResultCacheStats away = stats(c);
      assertEquals(1, away.hits(), "nothing can be served while Redis is away");
      assertTrue(away.errors() >= 1, away.toString());
      assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000);
      redis.start();
      // after the retry pause the cache is used again: stored, then served
      long deadline = System.nanoTime() + 20_000_000_000L;
      long hitsBefore = stats(c).hits();
      while (stats(c).hits() == hitsBefore && System.nanoTime() < deadline) {
        assertEquals(expected0, count(c, sql + "0"));
        Thread.sleep(100);
      }
      assertTrue(stats(c).hits() > hitsBefore, "the cache is back: " + stats(c));
    }
  }
}
