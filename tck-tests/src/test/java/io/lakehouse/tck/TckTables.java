package io.lakehouse.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared fixtures of the TCK: tables written by the reference writers ({@link DeltaTestWriter},
 * {@link io.lakehouse.testing.IcebergTestWriter}) and catalog files pointing at them. Every expected value in the
 * TCK is derived from the Java values handed to a writer here, never typed in as a result.
 */
final class TckTables {
  private TckTables() {}

  /** Column order of the {@link Order} table. */
  static final List<Col> ORDER_COLUMNS = List.of(
      new Col("id", "long", false), Col.of("name", "string"), Col.of("amount", "decimal(10,2)"),
      Col.of("day", "date"), Col.of("ts", "timestamp"), Col.of("ntz", "timestamp_ntz"), Col.of("qty", "int"),
      Col.of("flag", "boolean"), Col.of("score", "double"));

  /** One row of the orders table, as the Java values handed to {@link DeltaTestWriter}. */
  record Order(long id, String name, BigDecimal amount, LocalDate day, Instant ts, LocalDateTime ntz, Integer qty,
      Boolean flag, Double score) {
    Object[] values() {
      return new Object[] {id, name, amount, day, ts, ntz, qty, flag, score};
    }
  }

  /**
   * {@code n} deterministic orders with ids {@code firstId..firstId+n-1}; every 4th row (id % 4 == 0) has nulls in all
   * nullable columns, so that null handling is exercised everywhere.
   */
  static List<Order> orders(long firstId, int n) {
    List<Order> out = new ArrayList<>();
    for (long id = firstId; id < firstId + n; id++) {
      if (id % 4 == 0) {
        out.add(new Order(id, null, null, null, null, null, null, null, null));
        continue;
      }
      out.add(new Order(id,
          "name-" + id,
          BigDecimal.valueOf(id * 1250 + 7, 2), // 12.57, 25.07, ...
          LocalDate.of(2024, 1, 1).plusDays(id * 3),
          Instant.parse("2024-03-01T00:00:00Z").plusSeconds(id * 3600).plusNanos(id * 123_456_000L),
          LocalDateTime.of(2024, 3, 1, 8, 30).plusDays(id).plusNanos(id * 1_000L),
          (int) (id % 3),
          id % 2 == 0,
          id * 0.5));
    }
    return out;
  }

  /** Creates a Delta orders table at {@code tableDir} and appends {@code rows} as one commit. */
  static DeltaTestWriter writeOrders(Path tableDir, List<Order> rows) {
    DeltaTestWriter w = DeltaTestWriter.create(tableDir, ORDER_COLUMNS);
    appendOrders(w, rows);
    return w;
  }

  static void appendOrders(DeltaTestWriter w, List<Order> rows) {
    w.append(rows.stream().map(Order::values).toList());
  }

  /** A catalog YAML file listing {@code name -> {format, location}}. */
  static Path catalog(Path dir, Map<String, Map.Entry<String, Path>> tables) {
    StringBuilder yaml = new StringBuilder("tables:\n");
    tables.forEach((name, t) -> yaml.append("  ").append(name).append(":\n")
        .append("    format: ").append(t.getKey()).append('\n')
        .append("    location: \"").append(t.getValue().toAbsolutePath()).append("\"\n"));
    try {
      return Files.writeString(dir.resolve("catalog.yaml"), yaml.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Map.Entry<String, Path>> tables() {
    return new LinkedHashMap<>();
  }

  static String url(Path catalogOrDirectory) {
    return "jdbc:lakehouse:" + catalogOrDirectory.toAbsolutePath();
  }

  static Connection connect(Path catalogOrDirectory) throws SQLException {
    return DriverManager.getConnection(url(catalogOrDirectory));
  }

  /** A connection over one Delta orders table named {@code orders} (written into {@code dir/orders}). */
  static Connection ordersConnection(Path dir, List<Order> rows) throws SQLException {
    writeOrders(dir.resolve("orders"), rows);
    Map<String, Map.Entry<String, Path>> t = tables();
    t.put("orders", Map.entry("delta", dir.resolve("orders")));
    return connect(catalog(dir, t));
  }

  static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  /** Values of the first column, as longs, in result order. */
  static List<Long> longs(ResultSet rs) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }
}
