package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Checks of answers from table metadata: EXPLAIN's verdict, and the same result as the query forced to scan. */
final class MetadataChecks {
  private MetadataChecks() {}


  static String explain(Connection c, String query) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
    }
    return out.toString();
  }

  static boolean answered(String explain) {
    return explain.contains("  answered from metadata: ");
  }

  /** Column labels, type names and rows of a result. */
  static List<List<Object>> result(Connection c, String query, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<List<Object>> out = new ArrayList<>();
        List<Object> header = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          header.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i) + " " + md.getColumnType(i));
        }
        out.add(header);
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.add(rs.getObject(i));
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  /**
   * The query with a predicate on a data column that every row passes, which metadata cannot decide: the same
   * query, forced through a scan.
   */
  static String forcedScan(String query, String dataColumn) {
    String always = "(" + dataColumn + " IS NULL OR " + dataColumn + " IS NOT NULL)";
    int where = query.indexOf(" WHERE ");
    return where < 0 ? query + " WHERE " + always
        : query.substring(0, where) + " WHERE " + always + " AND (" + query.substring(where + 7) + ")";
  }

  /** Asserts metadata answers the query, exactly as the scan does; returns the answer's rows (header first). */
  static List<List<Object>> assertAnswered(Connection connection, String query, String dataColumn,
      Object... params) throws SQLException {
    String plan = explain(connection, params.length == 0 ? query : query.replace("?", "NULL"));
    assertTrue(answered(plan), plan);
    String forced = forcedScan(query, dataColumn);
    String scanPlan = explain(connection, params.length == 0 ? forced : forced.replace("?", "NULL"));
    assertFalse(answered(scanPlan), scanPlan);
    List<List<Object>> fromMetadata = result(connection, query, params);
    assertEquals(result(connection, forced, params), fromMetadata, query);
    return fromMetadata;
  }

  /** Asserts the query is a scan (EXPLAIN says why when the shape was one metadata answers) and answers right. */
  static List<List<Object>> assertScanned(Connection c, String query, String reason) throws SQLException {
    String plan = explain(c, query);
    assertFalse(answered(plan), plan);
    if (reason != null) {
      assertTrue(plan.contains("  not answered from metadata: ") && plan.contains(reason), plan);
    }
    return result(c, query);
  }
}
