package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result column names: Trino's {@code _col<N>} for unnamed expressions, the same in label, name and DESCRIBE. */
class ColumnLabelsTest {
  @TempDir
  static Path dir;
  private static Connection connection;

  @BeforeAll
  static void open() throws Exception {
    DeltaTestWriter.create(dir.resolve("lake/sales"), List.of(Col.of("id", "long"), Col.of("region", "string")))
        .append(List.of(new Object[] {1L, "eu"}, new Object[] {2L, "us"}));
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  private static List<String> labels(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> out = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        assertEquals(md.getColumnLabel(i), md.getColumnName(i), sql);
        out.add(md.getColumnLabel(i));
      }
      return out;
    }
  }

  @Test
  void unnamedExpressionsAreNumberedByPosition() throws SQLException {
    assertEquals(List.of("_col0", "_col1", "region", "n", "id"),
        labels("SELECT count(*), max(id) + 1, region, count(DISTINCT id) AS n, s.id FROM sales s GROUP BY region, "
            + "s.id ORDER BY count(*), 2"));
    assertEquals(List.of("id", "region", "_col1"), labels("SELECT *, upper(region) FROM sales"));
    assertEquals(List.of("_col0", "_col1"), labels("SELECT 1, CAST('2024-01-01' AS DATE)"));
    assertEquals(List.of("_col0", "id"), labels("WITH t AS (SELECT id FROM sales) SELECT id * 2, id FROM t "
        + "UNION ALL SELECT 1, 2 ORDER BY 1"));
    assertEquals(List.of("x", "_col1"), labels("SELECT x, x + 1 FROM (SELECT id * 10 AS x FROM sales)"));
  }

  @Test
  void describeAndPreparedMetadataAgree() throws SQLException {
    List<String> described = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("DESCRIBE SELECT count(*), region FROM sales GROUP BY region")) {
      while (rs.next()) {
        described.add(rs.getString("column_name"));
      }
    }
    assertEquals(List.of("_col0", "region"), described);
    try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM sales WHERE id > ?")) {
      ps.setLong(1, 0);
      try (ResultSet rs = ps.executeQuery()) {
        assertEquals("_col0", rs.getMetaData().getColumnLabel(1));
        rs.next();
        assertEquals(2, rs.getLong("_col0"));
      }
    }
  }
}
