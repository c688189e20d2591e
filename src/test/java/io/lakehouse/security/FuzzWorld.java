package io.lakehouse.security;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * What the fuzz tests run against: a directory catalog with a Delta table ({@code sales}, Delta Kernel, two
 * versions) and an Iceberg table ({@code events}, Iceberg core, two snapshots and a tag), canary files carrying a
 * unique marker outside the catalog, and a watched directory outside the catalog that mutations try to write into.
 * It also holds the checks every fuzz input gets: success, or an SQLException with a 5-character SQLState whose
 * message never shows the marker, within the watchdog's time.
 */
final class FuzzWorld {
  static final String MARKER = "CANARY-" + UUID.randomUUID();
  final Path base;
  final Path tables;
  final Path salesRoot;
  final Path eventsRoot;
  final Path outside;
  final Path watched;
  final Path canaryCsv;
  final Path canaryParquet;
  final List<Object[]> salesV1 = new ArrayList<>();
  final List<Object[]> salesRows = new ArrayList<>();
  final List<Object[]> eventsRows = new ArrayList<>();
  long eventsFirstSnapshot;

  FuzzWorld(Path base) throws Exception {
    this.base = base;
    tables = Files.createDirectories(base.resolve("lake"));
    outside = Files.createDirectories(base.resolve("outside"));
    watched = Files.createDirectories(base.resolve("watched"));
    Files.writeString(watched.resolve("keep.txt"), "unchanged");
    canaryCsv = outside.resolve("canary.csv");
    canaryParquet = outside.resolve("canary.parquet");
    Files.writeString(canaryCsv, "id,region,amount\n1," + MARKER + ",1.0\n");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT 1::BIGINT AS id, '" + MARKER + "' AS region, 1.0::DOUBLE AS amount) TO '"
          + canaryParquet + "' (FORMAT parquet)");
    }
    // Next to the table roots too (inside the catalog folder, but not a table).
    Files.copy(canaryCsv, tables.resolve("canary.csv"));

    salesRoot = tables.resolve("sales");
    DeltaTestWriter sales = DeltaTestWriter.create(salesRoot, List.of(new Col("id", "long", false),
        Col.of("region", "string"), Col.of("amount", "double"), Col.of("day", "date")), List.of("region"));
    String[] regions = {"eu", "us", "it's", "日本"};
    for (int i = 0; i < 40; i++) {
      salesV1.add(new Object[] {(long) i, regions[i % regions.length], i * 1.5,
          java.time.LocalDate.of(2024, 1, 1).plusDays(i)});
    }
    sales.append(salesV1);
    salesRows.addAll(salesV1);
    List<Object[]> v2 = new ArrayList<>();
    for (int i = 40; i < 60; i++) {
      v2.add(new Object[] {(long) i, regions[i % regions.length], i * 1.5, null});
    }
    sales.append(v2);
    salesRows.addAll(v2);
    sales.setCommitTime(0, Instant.parse("2024-01-01T00:00:00Z"));
    sales.setCommitTime(1, Instant.parse("2024-02-01T00:00:00Z"));
    sales.setCommitTime(2, Instant.parse("2024-03-01T00:00:00Z"));

    eventsRoot = tables.resolve("events");
    Schema schema = new Schema(required(1, "id", Types.LongType.get()), optional(2, "kind", Types.StringType.get()),
        optional(3, "sale_id", Types.LongType.get()));
    IcebergTestWriter events = IcebergTestWriter.create(eventsRoot, schema,
        PartitionSpec.builderFor(schema).identity("kind").build());
    List<Object[]> e1 = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      e1.add(new Object[] {(long) i, i % 3 == 0 ? "click" : "view", (long) (i % 60)});
    }
    eventsFirstSnapshot = events.append(e1);
    events.tag("first", eventsFirstSnapshot);
    List<Object[]> e2 = new ArrayList<>();
    for (int i = 30; i < 45; i++) {
      e2.add(new Object[] {(long) i, "buy", null});
    }
    events.append(e2);
    eventsRows.addAll(e1);
    eventsRows.addAll(e2);
  }

  String url() {
    return "jdbc:lakehouse:" + tables + "?threads=1";
  }

  /** Names, sizes and modification times of everything under the watched and canary directories. */
  TreeMap<String, String> outsideState() throws IOException {
    TreeMap<String, String> state = new TreeMap<>();
    for (Path dir : List.of(watched, outside)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          state.put(p.toString(), a.size() + "/" + a.lastModifiedTime().toMillis());
        }
      }
    }
    return state;
  }

  /** A thread that runs fuzz inputs one at a time, watched from the calling thread. */
  Worker worker(String name) {
    return new Worker(name);
  }

  final class Worker implements AutoCloseable {
    private final ExecutorService executor;

    Worker(String name) {
      executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
      });
    }

    /** Runs one input under the watchdog; returns its SQLException, null on success; anything else fails. */
    SQLException run(String what, Callable<String> work, long limitSeconds) {
      Future<String> f = executor.submit(work);
      try {
        String output = f.get(limitSeconds, TimeUnit.SECONDS);
        if (output != null && output.contains(MARKER)) {
          fail("canary content in the result of " + what + ": " + output);
        }
        return null;
      } catch (TimeoutException e) {
        f.cancel(true);
        fail("no answer within " + limitSeconds + " s (hang) for " + what);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      } catch (ExecutionException e) {
        Throwable t = e.getCause();
        if (t instanceof SQLException sql) {
          String state = sql.getSQLState();
          assertNotNull(state, () -> "no SQLState for " + what + ": " + sql);
          assertEquals(5, state.length(), () -> "SQLState '" + state + "' for " + what + ": " + sql);
          assertFalse(String.valueOf(sql.getMessage()).contains(MARKER), () -> "canary in the message for "
              + what + ": " + sql.getMessage());
          return sql;
        }
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        fail("not an SQLException for " + what + ":\n" + trace);
      }
      return null;
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

}
