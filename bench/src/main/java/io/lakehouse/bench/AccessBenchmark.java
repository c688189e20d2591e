package io.lakehouse.bench;

import io.lakehouse.SqlState;
import io.lakehouse.security.PasswordHash;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * What access control costs: the same queries as a single-user catalog (no access section) and as principals of a
 * catalog with organisations, roles and principals, over the same table partitioned by {@code region}: a principal
 * granted the whole table, one granted a column list, one granted the rows of a row filter, one with both in one
 * grant, and one whose two roles grant two row filters (the union, {@code (f1) OR (f2)}). A row-filtered principal is
 * compared with the single-user query carrying the equivalent WHERE clause (which prunes files alike) and with the
 * unfiltered one. Then the cost of opening a connection: single-user vs password login with the default PBKDF2 work
 * factor (first login, later logins served by the verified-login cache, wrong password, unknown user). See
 * bench/README.md.
 *
 * <p>Options (system properties): {@code files} (400), {@code rows} (4000000), {@code formats} (delta; also
 * iceberg), {@code reps} (7). Argument: the data directory (default target/bench-access).
 */
public final class AccessBenchmark {
  static final int FILES = Integer.getInteger("files", 400);
  static final long ROWS = Long.getLong("rows", 4_000_000L);
  static final int REPS = Integer.getInteger("reps", 7);
  static final List<String> FORMATS = List.of(System.getProperty("formats", "delta").split(","));
  static final String[] REGIONS = {"eu", "us", "apac", "latam"};
  static final int CATEGORIES = 20;
  static final int DELTA_CHECKPOINT_INTERVAL = 10;
  /** Work factor of the query principals' hashes: their logins are not what the query part measures. */
  static final int QUERY_ITERATIONS = 1_000;
  static final int CHEAP_CONNECTS = 5;
  /** A point in an 'eu' file (file f holds region REGIONS[f % 4]), so the row-filtered principals find it. */
  static final long POINT = (FILES / 2 / REGIONS.length * REGIONS.length) * ROWS / FILES + 17;

  static final String EU = "region = 'eu'";
  static final String EU_US = "region IN ('eu', 'us')";

  /** A way to run a query: a connection (catalog + user) and, for single-user baselines, a WHERE predicate. */
  record Mode(String name, String catalog, String user, String where, String baseline) {}

  static final List<Mode> MODES = List.of(
      new Mode("single-user", "single", null, null, null),
      new Mode("single-user WHERE eu", "single", null, EU, null),
      new Mode("single-user WHERE eu|us", "single", null, EU_US, null),
      new Mode("full (all columns, rows)", "access", "full", null, "single-user"),
      new Mode("cols (5 of 6 columns)", "access", "cols", null, "single-user"),
      new Mode("rows (row_filter eu)", "access", "rows", null, "single-user WHERE eu"),
      new Mode("both (cols + eu, one grant)", "access", "both", null, "single-user WHERE eu"),
      new Mode("eu|us (two roles, filters)", "access", "euus", null, "single-user WHERE eu|us"));

  static final Map<String, String> QUERIES = new LinkedHashMap<>();
  static {
    QUERIES.put("count(*)", "SELECT count(*) FROM $t$where");
    QUERIES.put("group by category", "SELECT category, count(*), sum(amount) FROM $t$where GROUP BY category");
    QUERIES.put("point id = " + POINT, "SELECT id, region, category, amount FROM $t WHERE id = " + POINT + "$and");
  }

  private static final Pattern PLANNED = Pattern.compile("(\\d+) files, .* planned in (\\d+) ms");

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-access").toAbsolutePath();
    System.out.printf("access benchmark: %s, %d files, %,d rows per table, formats %s, %d repetitions, %d cores%n",
        dir, FILES, ROWS, FORMATS, REPS, Runtime.getRuntime().availableProcessors());
    for (String format : FORMATS) {
      ensureTable(dir, format);
    }
    // Hashes with the default work factor: one for cached logins, one fresh per round for first logins. Making
    // one is one full derivation, so its time is PBKDF2's cost alone.
    List<Double> createMs = new ArrayList<>();
    List<String> slowHashes = new ArrayList<>();
    for (int i = 0; i <= REPS + 1; i++) {
      long t0 = System.nanoTime();
      slowHashes.add(PasswordHash.create(("slow-pw-" + i).toCharArray(), PasswordHash.DEFAULT_ITERATIONS));
      createMs.add((System.nanoTime() - t0) / 1e6);
    }
    writeCatalogs(dir, slowHashes);
    System.out.printf("PasswordHash.create(pw, %,d), i.e. one PBKDF2 derivation: median %.1f ms (min %.1f) over %d%n",
        PasswordHash.DEFAULT_ITERATIONS, median(createMs), Collections.min(createMs), createMs.size());
    queries(dir);
    connects(dir, median(createMs));
  }

  // ---------------------------------------------------------------------------------------------- generation

  static String table(String format) {
    return "events_" + format;
  }

  /** Writes the table unless the directory already has one made with the same parameters (as ScanBenchmark). */
  static void ensureTable(Path dir, String format) throws IOException {
    ScanBenchmark.ensureGenerated(dir, table(format), format, FILES, ROWS, "AccessBenchmark", tableDir -> {
      if (format.equals("iceberg")) {
        Schema schema = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "region", Types.StringType.get()),
            Types.NestedField.optional(3, "category", Types.StringType.get()),
            Types.NestedField.optional(4, "amount", Types.DoubleType.get()),
            Types.NestedField.optional(5, "customer_id", Types.LongType.get()),
            Types.NestedField.optional(6, "ts", Types.TimestampType.withZone()));
        IcebergTestWriter writer = IcebergTestWriter.create(tableDir, schema,
            PartitionSpec.builderFor(schema).identity("region").build());
        for (int f = 0; f < FILES; f++) {
          writer.append(rowsOfFile(f));
          progress(format, f);
        }
      } else {
        DeltaTestWriter writer = DeltaTestWriter.create(tableDir, List.of(
            new DeltaTestWriter.Col("id", "bigint", false),
            DeltaTestWriter.Col.of("region", "string"),
            DeltaTestWriter.Col.of("category", "string"),
            DeltaTestWriter.Col.of("amount", "double"),
            DeltaTestWriter.Col.of("customer_id", "bigint"),
            DeltaTestWriter.Col.of("ts", "timestamp")), List.of("region"));
        long version = 0;
        for (int f = 0; f < FILES; f++) {
          version = writer.append(rowsOfFile(f));
          if (version % DELTA_CHECKPOINT_INTERVAL == 0) {
            writer.checkpoint();
          }
          progress(format, f);
        }
        if (version % DELTA_CHECKPOINT_INTERVAL != 0) {
          writer.checkpoint();
        }
      }
    });
  }

  static void progress(String format, int f) {
    if ((f + 1) % 100 == 0) {
      System.out.printf("  %s: %d/%d files%n", format, f + 1, FILES);
    }
  }

  /**
   * File f: one commit, one data file, all of region REGIONS[f % 4] (so a region is a quarter of the files), ids
   * [f * ROWS / FILES, (f + 1) * ROWS / FILES) ascending across files (so min/max statistics skip files).
   */
  static List<Object[]> rowsOfFile(int f) {
    long from = f * ROWS / FILES;
    long to = (f + 1) * ROWS / FILES;
    String region = REGIONS[f % REGIONS.length];
    SplittableRandom random = new SplittableRandom(f);
    List<Object[]> rows = new ArrayList<>((int) (to - from));
    for (long id = from; id < to; id++) {
      rows.add(new Object[] {id, region, "category_" + random.nextInt(CATEGORIES),
          Math.round(random.nextDouble() * 100_000) / 100.0, random.nextLong(1_000_000),
          ScanBenchmark.TS0.plusSeconds(id)});
    }
    return rows;
  }

  /** single.yaml (no access section) and access.yaml over the same tables; rewritten each run (fresh hashes). */
  static void writeCatalogs(Path dir, List<String> slowHashes) throws IOException {
    StringBuilder tables = new StringBuilder("tables:\n");
    for (String format : FORMATS) {
      tables.append("  ").append(table(format)).append(": { format: ").append(format).append(", location: ")
          .append(table(format)).append(" }\n");
    }
    Files.writeString(dir.resolve("single.yaml"), tables + "audit: { sink: none }\n");
    StringBuilder access = new StringBuilder(tables).append("audit: { sink: none }\n");
    access.append("organizations:\n  acme: { tables: [\"events_*\"] }\n");
    access.append("roles:\n");
    access.append("  full: { grants: [ { select: \"events_*\" } ] }\n");
    access.append("  cols: { grants: [ { select: \"events_*\", columns: [id, region, category, amount, ts] } ] }\n");
    access.append("  eu: { grants: [ { select: \"events_*\", row_filter: \"region = 'eu'\" } ] }\n");
    access.append("  us: { grants: [ { select: \"events_*\", row_filter: \"region = 'us'\" } ] }\n");
    access.append("  both: { grants: [ { select: \"events_*\", columns: [id, region, category, amount, ts], "
        + "row_filter: \"region = 'eu'\" } ] }\n");
    access.append("principals:\n");
    String[][] principals = {{"full", "full"}, {"cols", "cols"}, {"rows", "eu"}, {"both", "both"},
        {"euus", "eu, us"}};
    for (String[] p : principals) {
      access.append("  ").append(p[0]).append(": { organization: acme, roles: [").append(p[1])
          .append("], password_hash: \"").append(PasswordHash.create((p[0] + "-pw").toCharArray(), QUERY_ITERATIONS))
          .append("\" }\n");
    }
    for (int i = 0; i < slowHashes.size(); i++) {
      access.append("  slow").append(i).append(": { organization: acme, roles: [full], password_hash: \"")
          .append(slowHashes.get(i)).append("\" }\n");
    }
    Files.writeString(dir.resolve("access.yaml"), access.toString());
  }

  static Connection connect(Path dir, String catalog, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("result_cache", "false");  // every query runs (a repeat would be a result-cache hit)
    if (user != null) {
      p.setProperty("user", user);
      p.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve(catalog + ".yaml"), p);
  }

  // ---------------------------------------------------------------------------------------------- queries

  static String sql(String template, String t, String where) {
    return template.replace("$t", t).replace("$where", where == null ? "" : " WHERE " + where)
        .replace("$and", where == null ? "" : " AND " + where);
  }

  static void queries(Path dir) throws Exception {
    // One open connection per catalog + user; the three single-user modes share one.
    Map<String, Connection> open = new LinkedHashMap<>();
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, String> planned = new LinkedHashMap<>();
    List<Mode> order = new ArrayList<>(MODES);
    try {
      for (Mode m : MODES) {
        String key = m.catalog() + "/" + m.user();
        if (!open.containsKey(key)) {
          open.put(key, connect(dir, m.catalog(), m.user(), m.user() + "-pw"));
        }
      }
      for (String format : FORMATS) {
        String t = table(format);
        for (Mode m : MODES) {  // files each mode plans (the filter's pruning), from EXPLAIN
          Connection c = open.get(m.catalog() + "/" + m.user());
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("EXPLAIN " + sql(QUERIES.get("count(*)"), t, m.where()))) {
            while (rs.next()) {
              Matcher pm = PLANNED.matcher(rs.getString(1));
              if (pm.find()) {
                planned.put(format + "|" + m.name(), pm.group(1));
              }
            }
          }
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (int rep = -1; rep < REPS; rep++) {  // round -1 warms up and compares answers
          for (Map.Entry<String, String> q : QUERIES.entrySet()) {
            Collections.rotate(order, 1);  // a different mode goes first in every query and round
            for (Mode m : order) {
              Connection c = open.get(m.catalog() + "/" + m.user());
              String query = sql(q.getValue(), t, m.where());
              long start = System.nanoTime();
              String answer = ScanBenchmark.answer(c, query);
              ScanBenchmark.record(times, rep, format + "|" + q.getKey() + "|" + m.name(),
                  System.nanoTime() - start);
              if (rep == -1) {
                answers.put(q.getKey() + "|" + m.name(), answer);
              }
            }
          }
        }
        for (String q : QUERIES.keySet()) {
          for (Mode m : MODES) {
            if (m.baseline() != null) {
              String mine = answers.get(q + "|" + m.name());
              String theirs = answers.get(q + "|" + m.baseline());
              if (!mine.equals(theirs)) {
                throw new IllegalStateException(format + " '" + q + "': " + m.name() + " and " + m.baseline()
                    + " disagree:\n" + mine + "\n" + theirs);
              }
            }
          }
          if (answers.get(q + "|" + MODES.get(0).name()).equals(answers.get(q + "|" + MODES.get(1).name()))
              && !q.startsWith("point")) {
            throw new IllegalStateException(q + ": the row filter changed nothing; the data is not what it seems");
          }
        }
      }
    } finally {
      for (Connection c : open.values()) {
        c.close();
      }
    }
    System.out.printf("%nqueries: median (min) ms over %d rounds on one open connection per principal; "
        + "answers equal to the baseline's%n", REPS);
    for (String format : FORMATS) {
      System.out.printf("%n%s (%d files, %,d rows, partitioned by region, 4 regions)%n", format, FILES, ROWS);
      System.out.printf("  (WHERE eu: %s; WHERE eu|us: %s; files: planned for count(*), from EXPLAIN; vs base: "
          + "median / the baseline's median; vs all: median / the unfiltered single-user median)%n", EU, EU_US);
      System.out.printf("  %-22s %-28s %5s %18s  %-24s %7s %7s%n", "query", "mode", "files", "median (min) ms",
          "baseline", "vs base", "vs all");
      for (String q : QUERIES.keySet()) {
        double all = ScanBenchmark.median(times.get(format + "|" + q + "|" + MODES.get(0).name()));
        for (Mode m : MODES) {
          List<Double> mine = times.get(format + "|" + q + "|" + m.name());
          double med = ScanBenchmark.median(mine);
          String base = m.baseline() == null ? "" : m.baseline();
          String vsBase = m.baseline() == null ? ""
              : String.format("%.2fx", med / ScanBenchmark.median(times.get(format + "|" + q + "|" + m.baseline())));
          System.out.printf("  %-22s %-28s %5s %18s  %-24s %7s %6.2fx%n", q, m.name(),
              planned.getOrDefault(format + "|" + m.name(), "?"), ScanBenchmark.stat(mine), base, vsBase,
              med / all);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- connects

  static void connects(Path dir, double derivationMs) throws Exception {
    Map<String, List<Double>> times = new LinkedHashMap<>();
    List<String> modes = new ArrayList<>(List.of("single-user", "principal, first login",
        "principal, later logins", "wrong password", "unknown user"));
    // slow0 logs in once before the rounds, so that "later logins" are served by the verified-login cache;
    // slow<rep + 2> is new in every round (the cache is keyed by the catalog's hash).
    connect(dir, "access", "slow0", "slow-pw-0").close();
    for (int rep = -1; rep < REPS; rep++) {
      Collections.rotate(modes, 1);
      for (String mode : modes) {
        // The cheap modes run CHEAP_CONNECTS times per round: one sample each is too noisy for ~30 ms.
        boolean slow = mode.equals("principal, first login") || mode.equals("wrong password")
            || mode.equals("unknown user");
        for (int i = 0; i < (slow ? 1 : CHEAP_CONNECTS); i++) {
          String[] login = switch (mode) {
            case "single-user" -> new String[] {"single", null, null};
            case "principal, first login" -> new String[] {"access", "slow" + (rep + 2), "slow-pw-" + (rep + 2)};
            case "principal, later logins" -> new String[] {"access", "slow0", "slow-pw-0"};
            case "wrong password" -> new String[] {"access", "slow0", "not-the-password"};
            default -> new String[] {"access", "nobody", "slow-pw-0"};
          };
          boolean refused = false;
          long start = System.nanoTime();
          try (Connection c = connect(dir, login[0], login[1], login[2])) {
            c.getAutoCommit();
          } catch (SQLException e) {
            if (!SqlState.AUTHENTICATION.is(e)) {
              throw e;
            }
            refused = true;
          }
          ScanBenchmark.record(times, rep, mode, System.nanoTime() - start);
          if (refused != (mode.equals("wrong password") || mode.equals("unknown user"))) {
            throw new IllegalStateException(mode + ": " + (refused ? "refused" : "accepted"));
          }
        }
      }
    }
    System.out.printf("%nconnect + close (DriverManager.getConnection, close): median (min) ms over %d rounds (%d per "
        + "round for single-user and later logins); principal hashes have %,d iterations%n", REPS, CHEAP_CONNECTS,
        PasswordHash.DEFAULT_ITERATIONS);
    double single = ScanBenchmark.median(times.get("single-user"));
    for (String mode : List.of("single-user", "principal, first login", "principal, later logins", "wrong password",
        "unknown user")) {
      List<Double> t = times.get(mode);
      System.out.printf("  %-26s %18s %8.2fx%n", mode, ScanBenchmark.stat(t), ScanBenchmark.median(t) / single);
    }
    System.out.printf("  first login - later logins = %.1f ms; one PBKDF2 derivation (PasswordHash.create) = %.1f ms%n",
        ScanBenchmark.median(times.get("principal, first login"))
            - ScanBenchmark.median(times.get("principal, later logins")), derivationMs);
  }

  static double median(List<Double> xs) {
    return ScanBenchmark.median(xs);
  }
}
