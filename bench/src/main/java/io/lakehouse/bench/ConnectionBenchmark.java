package io.lakehouse.bench;

import io.lakehouse.jdbc.NonRegisteringLakehouseDriver;
import io.lakehouse.security.PasswordHash;
import io.lakehouse.testing.DeltaTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What opening a connection costs on a warm JVM: {@code getConnection} + {@code close}, with a catalog file, a
 * directory catalog, a catalog with users (a repeated login), with a first query, while other connections of the
 * catalog are open, and the first connection of a driver object (which starts its DuckDB). See bench/README.md.
 *
 * <p>Options (system properties): {@code reps} (300), {@code warmup} (100). Argument: the working directory
 * (default target/bench-connection, recreated on every run).
 */
public final class ConnectionBenchmark {
  static final int REPS = Integer.getInteger("reps", 300);
  static final int WARMUP = Integer.getInteger("warmup", 100);

  interface Step {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/bench-connection").toAbsolutePath();
    ScanBenchmark.deleteTree(work);
    Path lake = Files.createDirectories(work.resolve("lake"));
    DeltaTestWriter t = DeltaTestWriter.create(lake.resolve("events"), List.of(DeltaTestWriter.Col.of("id", "long"),
        DeltaTestWriter.Col.of("category", "string")));
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      rows.add(new Object[] {i, "c" + (i % 7)});
    }
    t.append(rows);
    Path file = work.resolve("catalog.yaml");
    Files.writeString(file, "tables:\n  events: { format: delta, location: lake/events }\n");
    Path access = work.resolve("access.yaml");
    Files.writeString(access, """
        tables:
          events: { format: delta, location: lake/events }
        organizations:
          acme: { tables: [events] }
        roles:
          reader: { grants: [ { select: events } ] }
        principals:
          alice: { organization: acme, roles: [reader], password_hash: "%s" }
        """.formatted(PasswordHash.create("alice-pw".toCharArray(), PasswordHash.DEFAULT_ITERATIONS)));
    String fileUrl = "jdbc:lakehouse:" + file;
    String dirUrl = "jdbc:lakehouse:" + lake;
    String accessUrl = "jdbc:lakehouse:" + access;
    Properties alice = new Properties();
    alice.setProperty("user", "alice");
    alice.setProperty("password", "alice-pw");
    System.out.printf("%d repetitions after %d warm-up; median / p90 / min ms%n", REPS, WARMUP);
    measure("open+close, catalog file", () -> DriverManager.getConnection(fileUrl).close());
    measure("open+close, directory catalog", () -> DriverManager.getConnection(dirUrl).close());
    measure("open+close, catalog with users (login)", () -> DriverManager.getConnection(accessUrl, alice).close());
    measure("open + count(*) + close", () -> {
      try (Connection c = DriverManager.getConnection(fileUrl); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
        if (!rs.next() || rs.getLong(1) != rows.size()) {
          throw new IllegalStateException("wrong count");
        }
      }
    });
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      held.add(DriverManager.getConnection(fileUrl));
    }
    measure("open+close, 8 other connections open", () -> DriverManager.getConnection(fileUrl).close());
    for (Connection c : held) {
      c.close();
    }
    // A new driver object per repetition: nothing shared yet, so this is DuckDB's start and lock-down.
    measureFew("first connection of a new driver object", () -> {
      Driver fresh = new NonRegisteringLakehouseDriver();
      fresh.connect(fileUrl, new Properties()).close();
    });
  }

  static void measure(String name, Step step) throws Exception {
    run(name, step, WARMUP, REPS);
  }

  /** Fewer repetitions for steps that leave a database behind until its idle time ends. */
  static void measureFew(String name, Step step) throws Exception {
    run(name, step, 5, Math.min(REPS, 30));
  }

  static void run(String name, Step step, int warmup, int reps) throws Exception {
    for (int i = 0; i < warmup; i++) {
      step.run();
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("  %-42s %7.2f / %7.2f / %7.2f%n", name, ms[reps / 2], ms[(int) (reps * 0.9)], ms[0]);
  }

  private ConnectionBenchmark() {}
}
