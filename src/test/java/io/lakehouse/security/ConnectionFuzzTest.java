package io.lakehouse.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.NonRegisteringLakehouseDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated and mutated JDBC URLs and Properties through {@code Driver.connect}, {@code acceptsURL},
 * {@code getPropertyInfo} and {@code DriverManager}: each call succeeds (a working connection, or null for a URL
 * that is not ours) or fails with an SQLException carrying a 5-character SQLState, within the watchdog's time;
 * the canary never shows in a message; the watched directory stays unchanged; threads and heap come back.
 * {@code -Dfuzz.seed=N} reproduces a run, {@code -Dfuzz.urlCount=N} runs more.
 */
class ConnectionFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 20261126L);
  static final int COUNT = Integer.getInteger("fuzz.urlCount", 1200);
  static final int WATCHDOG_SECONDS = 60;
  static final List<String> KNOWN = List.of("catalog", "user", "password", "threads", "memory_limit",
      "temp_directory", "time_zone");

  @TempDir
  static Path base;
  static FuzzWorld world;
  static Path catalogFile;
  static Path scratch;

  @BeforeAll
  static void setUp() throws Exception {
    world = new FuzzWorld(base);
    scratch = Files.createDirectories(base.resolve("scratch"));
    catalogFile = base.resolve("catalog.yaml");
    Files.writeString(catalogFile, "tables:\n  sales: { format: delta, location: " + world.salesRoot + " }\n"
        + "  crm.events: { format: iceberg, location: " + world.eventsRoot + " }\n");
  }

  @Test
  void generatedAndMutatedUrlsAndProperties() throws Exception {
    System.out.println("ConnectionFuzzTest: seed " + SEED + " (-Dfuzz.seed), " + COUNT + " inputs (-Dfuzz.urlCount)");
    NonRegisteringLakehouseDriver driver = new NonRegisteringLakehouseDriver();
    TreeMap<String, String> outsideBefore = world.outsideState();
    int threadsBefore = FuzzWorld.liveThreads();
    long heapBefore = FuzzWorld.usedHeapAfterGc();
    Map<String, Integer> outcomes = new TreeMap<>();
    long start = System.nanoTime();
    try (FuzzWorld.Worker worker = world.worker("url-fuzz")) {
      for (int i = 0; i < COUNT; i++) {
        Random r = new Random(SEED * 1_000_003L + i);
        String url = url(r);
        Properties info = properties(r);
        String what = "#" + i + " (seed " + SEED + ") url " + SqlFuzzTest.printable(String.valueOf(url))
            + " info " + SqlFuzzTest.printable(String.valueOf(info));
        SQLException accepts = worker.run("acceptsURL " + what, () -> {
          driver.acceptsURL(url);
          return null;
        }, WATCHDOG_SECONDS);
        assertEquals(null, accepts, what);
        worker.run("getPropertyInfo " + what, () -> {
          DriverPropertyInfo[] props = driver.getPropertyInfo(url, info);
          assertNotNull(props, what);
          StringBuilder out = new StringBuilder();
          for (DriverPropertyInfo p : props) {
            assertNotNull(p.name, what);
            out.append(p.name).append('=').append(p.value).append(' ').append(p.description);
          }
          return out.toString();
        }, WATCHDOG_SECONDS);
        // DriverManager hands other drivers' URLs (jdbc:duckdb:) to those drivers: only ours go that way.
        boolean viaManager = r.nextInt(4) == 0 && driver.acceptsURL(url);
        SQLException e = worker.run((viaManager ? "DriverManager " : "connect ") + what, () -> {
          try (Connection c = viaManager ? DriverManager.getConnection(url, info) : driver.connect(url, info)) {
            if (c == null) {
              assertFalse(url != null && url.startsWith("jdbc:lakehouse:"), "null for our URL " + what);
              return "null";
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sales")) {
              assertTrue(rs.next());
              assertEquals(world.salesRows.size(), rs.getLong(1), what);
            }
            return "connected";
          }
        }, WATCHDOG_SECONDS);
        outcomes.merge(e == null ? "ok" : e.getSQLState(), 1, Integer::sum);
      }
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    System.out.println("ConnectionFuzzTest: " + COUNT + " URL/Properties inputs (x3 calls) in " + seconds
        + " s, connect outcomes (ok or SQLState): " + outcomes);
    assertTrue(outcomes.getOrDefault("ok", 0) > COUNT / 20, "some inputs should connect: " + outcomes);
    assertEquals(outsideBefore, world.outsideState(), "files outside the catalog changed");
    int threadsAfter = FuzzWorld.liveThreads();
    long heapAfter = FuzzWorld.usedHeapAfterGc();
    System.out.println("ConnectionFuzzTest: threads " + threadsBefore + " -> " + threadsAfter + ", heap after GC "
        + heapBefore / (1 << 20) + " MB -> " + heapAfter / (1 << 20) + " MB");
    assertTrue(threadsAfter <= threadsBefore + 4, "threads leak: " + threadsBefore + " -> " + threadsAfter);
    assertTrue(heapAfter <= heapBefore + (128L << 20), "heap grows: " + heapBefore + " -> " + heapAfter);
  }

  static <T> T pick(Random r, List<T> options) {
    return options.get(r.nextInt(options.size()));
  }

  String catalogValue(Random r) {
    return pick(r, List.of(world.tables.toString(), world.tables.toString(), catalogFile.toString(),
        "file:" + world.tables, world.tables + "/", world.tables + "/../lake", world.tables + "/sales",
        world.outside.toString(), world.canaryCsv.toString(), world.watched.toString(), base + "/missing",
        "relative/dir", "", " ", "s3://bucket/catalog.yaml", "/dev/null", "/proc/self/environ", "~",
        world.tables + "\0", "%00", "C:\\lake", world.tables + "?x", "'; DROP"));
  }

  String value(Random r, String name) {
    List<String> common = List.of("", " ", "0", "-1", "1", "2", "99999999999999999999", "abc", "1; SET x = 1",
        "'; DROP TABLE x; --", "日本", "\0", "%", "%zz", "&", "=", "?", "x".repeat(5000), "NaN", "1e3");
    if (r.nextInt(3) == 0) {
      return pick(r, common);
    }
    return switch (name) {
      case "catalog" -> catalogValue(r);
      case "threads" -> pick(r, List.of("1", "2", "4", "0", "-3", "1000000", "1.5", "one"));
      case "memory_limit" -> pick(r, List.of("256MB", "1GB", "-5GB", "1TB", "0", "1 GB", "100%",
          "256MB'; SET enable_external_access = true; --", "1PB"));
      case "temp_directory" -> pick(r, List.of(scratch.resolve("t" + r.nextInt(5)).toString(),
          scratch.resolve("a b'c").toString(), "/dev/null/x", world.canaryCsv.toString(), "relative-tmp"));
      case "time_zone" -> pick(r, List.of("UTC", "Europe/Paris", "Mars/Phobos", "+25:00", "UTC'", "GMT+2",
          "America/New_York'; SET x=1; --", "Z"));
      case "password" -> pick(r, List.of("secret", "p@ss&w=rd", "%41"));
      default -> pick(r, List.of("me", "x"));
    };
  }

  String name(Random r) {
    return r.nextInt(8) == 0 ? pick(r, List.of("THREADS", "Catalog", "unknown", "", "threads ", "a=b", "&",
        "%74hreads", "memory-limit", "\0")) : pick(r, KNOWN);
  }

  String url(Random r) {
    if (r.nextInt(25) == 0) {
      return pick(r, List.of("jdbc:duckdb:", "jdbc:lakehous:", "JDBC:LAKEHOUSE:" + world.tables, "", "jdbc:",
          "lakehouse:" + world.tables, "jdbc:lakehouse", "jdbc:postgresql://localhost/x"));
    }
    StringBuilder url = new StringBuilder("jdbc:lakehouse:");
    boolean catalogInPath = r.nextInt(3) > 0;
    if (catalogInPath) {
      url.append(catalogValue(r));
    }
    int params = r.nextInt(4);
    for (int i = 0; i < params; i++) {
      String n = name(r);
      url.append(i == 0 ? '?' : '&').append(encode(r, n)).append('=').append(encode(r, value(r, n)));
    }
    if (!catalogInPath && r.nextBoolean()) {
      url.append(params == 0 ? '?' : '&').append("catalog=").append(encode(r, catalogValue(r)));
    }
    String s = url.toString();
    if (r.nextInt(3) == 0) {
      s = mutate(r, s);
    }
    return s;
  }

  static String encode(Random r, String s) {
    return r.nextBoolean() ? s : java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  static String mutate(Random r, String s) {
    StringBuilder b = new StringBuilder(s);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length());
      switch (r.nextInt(5)) {
        case 0 -> {
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
        }
        case 1 -> b.insert(at, pick(r, List.of("?", "&", "=", "%", "%2", "%00", "\0", "'", "\"", ";", " ", "..",
            "/", "\\", "é", "😀", "&&", "==", "??")));
        case 2 -> b.insert(at, b.substring(at, Math.min(b.length(), at + 1 + r.nextInt(20))));
        case 3 -> b.append(pick(r, List.of("&threads=1", "&threads=2", "&threads", "&=", "&unknown=1",
            "&password=x", "#frag")));
        default -> b.setLength(at);
      }
    }
    return b.toString();
  }

  Properties properties(Random r) {
    if (r.nextInt(10) == 0) {
      return null;
    }
    Properties p = new Properties();
    int n = r.nextInt(3);
    for (int i = 0; i < n; i++) {
      String name = name(r);
      if (!name.isEmpty() && name.indexOf('\0') < 0 || r.nextBoolean()) {
        p.setProperty(name, value(r, name));
      }
    }
    if (r.nextInt(10) == 0) {
      p.put("threads", 2);   // a non-String value, as some tools pass
    }
    if (r.nextInt(3) == 0) {
      p.setProperty("threads", "1");
    }
    return p;
  }
}
