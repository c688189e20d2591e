package io.lakehouse.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the query set on three sides, interleaved, the side that goes first rotating per round: the driver (one
 * long-lived {@code jdbc:lakehouse:} connection), raw DuckDB (views {@code raw_<table>} over all data files of the
 * snapshot) and the ideal (views {@code ideal<i>_<table>} over only the files that hold rows matching the query's
 * filter, found once with {@code filename = true}). The warm-up round compares the three answers and fails on any
 * difference.
 */
final class QueryRunner {
  enum Side { DRIVER, RAW, IDEAL }

  /** Timings per query and side (ms), and the ideal's file count per query. */
  record Result(BenchQuery query, Map<Side, List<Double>> times, String idealFiles) {}

  private final Connection driver;
  private final Connection duck;
  private final Map<String, RawTable> tables;

  QueryRunner(Connection driver, Connection duck, Map<String, RawTable> tables) {
    this.driver = driver;
    this.duck = duck;
    this.tables = tables;
  }

  static Connection rawDuckDb(Map<String, RawTable> tables) throws SQLException {
    Connection duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      for (RawTable t : tables.values()) {
        s.execute("CREATE VIEW raw_" + t.name() + " AS " + t.source(t.dataFiles(), false));
      }
    }
    return duck;
  }

  List<Result> run(List<BenchQuery> queries, int reps) throws SQLException {
    List<Result> results = new ArrayList<>();
    List<String> idealFiles = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      idealFiles.add(createIdealViews(i, queries.get(i)));
      Map<Side, List<Double>> times = new LinkedHashMap<>();
      for (Side s : Side.values()) {
        times.put(s, new ArrayList<>());
      }
      results.add(new Result(queries.get(i), times, idealFiles.get(i)));
    }
    for (int rep = -1; rep < reps; rep++) { // round -1 warms up and compares the answers
      System.out.printf("  round %d of %d%n", rep + 2, reps + 1);
      for (int i = 0; i < queries.size(); i++) {
        BenchQuery q = queries.get(i);
        Map<Side, String> answers = new LinkedHashMap<>();
        for (int k = 0; k < 3; k++) {
          Side side = Side.values()[Math.floorMod(k + rep + i, 3)];
          if (side == Side.IDEAL && q.kind() == BenchQuery.Kind.SCAN) {
            continue; // the ideal of a scan is raw
          }
          String sql = switch (side) {
            case DRIVER -> q.render("");
            case RAW -> q.render("raw_");
            case IDEAL -> q.render("ideal" + i + "_");
          };
          long start = System.nanoTime();
          String answer = answer(side == Side.DRIVER ? driver : duck, sql);
          double ms = (System.nanoTime() - start) / 1e6;
          if (rep >= 0) {
            results.get(i).times().get(side).add(ms);
          } else {
            answers.put(side, answer);
          }
        }
        if (rep < 0) {
          check(q, answers);
        }
      }
    }
    return results;
  }

  /** The ideal views of query i; returns "files of table / all files" per table, for the report. */
  private String createIdealViews(int i, BenchQuery q) throws SQLException {
    List<String> counts = new ArrayList<>();
    try (Statement s = duck.createStatement()) {
      for (String name : q.tables()) {
        RawTable t = tables.get(name);
        String filter = q.idealFilters().get(name);
        List<String> files = t.dataFiles();
        if (filter != null) {
          files = new ArrayList<>();
          try (ResultSet rs = s.executeQuery("SELECT DISTINCT filename FROM (" + t.source(t.dataFiles(), true)
              + ") WHERE " + filter + " ORDER BY 1")) {
            while (rs.next()) {
              files.add(rs.getString(1));
            }
          }
          if (files.isEmpty()) {
            throw new IllegalStateException(q.name() + ": no file of " + name + " matches " + filter);
          }
          counts.add(files.size() + "/" + t.dataFiles().size());
        }
        s.execute("CREATE OR REPLACE VIEW ideal" + i + "_" + name + " AS " + t.source(files, false));
      }
    }
    return String.join(" + ", counts);
  }

  private static void check(BenchQuery q, Map<Side, String> answers) {
    String raw = answers.get(Side.RAW);
    for (Map.Entry<Side, String> a : answers.entrySet()) {
      if (!a.getValue().equals(raw)) {
        throw new IllegalStateException("'" + q.name() + "': " + a.getKey() + " and RAW disagree:\n  "
            + a.getKey() + ": " + abbreviate(a.getValue()) + "\n  RAW: " + abbreviate(raw));
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 600 ? s.substring(0, 600) + "..." : s;
  }

  /** Runs the query, reads every row, and returns the rows as sorted text. */
  static String answer(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int col = 1; col <= n; col++) {
          Object v = rs.getObject(col);
          row.append(v instanceof Double d ? String.format("%.6g", d)
              : v instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : String.valueOf(v)).append('|');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows.toString();
  }
}
