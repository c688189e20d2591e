package io.lakehouse.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every time-travel spelling the driver accepts must read exactly the snapshot Spark read for the same version,
 * snapshot id, timestamp, tag or branch. Expected rows are Spark's answers from the fixtures.
 */
class TimeTravelTest {
  @TempDir
  static Path dir;
  private static SparkFixtureCatalog fixtures;
  private static Connection connection;

  @BeforeAll
  static void open() throws SQLException {
    fixtures = SparkFixtureCatalog.load(dir);
    connection = fixtures.connect();
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  private static List<List<String>> query(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return SparkAnswersTest.rows(rs);
    }
  }

  /** The version number in a fixture query such as "... FOR VERSION AS OF 3 ...". */
  private static String asOf(String fixture) {
    String sql = fixtures.query(fixture).get("sql").asText();
    return sql.replaceAll("(?s).*FOR (?:VERSION|TIMESTAMP) AS OF (.+?) ORDER BY.*", "$1")
        .replaceAll("(?s).*FOR (?:VERSION|TIMESTAMP) AS OF (.+)$", "$1").trim();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM dv_table FOR VERSION AS OF %s ORDER BY id",
      "SELECT * FROM dv_table FOR SYSTEM_VERSION AS OF %s ORDER BY id",
      "SELECT * FROM dv_table VERSION AS OF %s ORDER BY id",
      "select * from dv_table for version as of %s as t order by t.id",
      "SELECT * FROM dv_table FOR VERSION AS OF (%s + 0) ORDER BY id",
      "SELECT * FROM dv_table FOR VERSION AS OF '%s' ORDER BY id",
      "SELECT * FROM delta_scan('${dv_table}', version => %s) ORDER BY id",
      "SELECT * FROM delta_scan('${dv_table}', version = %s) AS d ORDER BY d.id",
      "SELECT * FROM TABLE(delta_scan('${dv_table}', version => %s)) ORDER BY id",
      "/* FOR VERSION AS OF 1 */ SELECT * FROM dv_table -- VERSION AS OF 2\n FOR VERSION AS OF %s ORDER BY id"})
  void deltaVersionSpellings(String template) throws SQLException {
    String version = asOf("dv_v3_before_deletes");
    String sql = template.formatted(version).replace("${dv_table}", fixtures.location("dv_table"));
    assertEquals(fixtures.rows("dv_v3_before_deletes"), query(sql), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM dv_table FOR TIMESTAMP AS OF %s ORDER BY id",
      "SELECT * FROM dv_table FOR SYSTEM_TIME AS OF %s ORDER BY id",
      "SELECT * FROM dv_table TIMESTAMP AS OF %s ORDER BY id",
      "SELECT * FROM delta_scan('${dv_table}', timestamp => %s) ORDER BY id"})
  void deltaTimestampSpellings(String template) throws SQLException {
    String ts = asOf("dv_ts_v2");
    for (String literal : List.of(ts, ts.replace("TIMESTAMP ", ""), "CAST(" + ts + " AS TIMESTAMP WITH TIME ZONE)")) {
      String sql = template.formatted(literal).replace("${dv_table}", fixtures.location("dv_table"));
      assertEquals(fixtures.rows("dv_ts_v2"), query(sql), sql);
    }
  }

  @Test
  void parametersInTimeTravel() throws SQLException {
    String version = asOf("dv_v3_before_deletes");
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT * FROM dv_table FOR VERSION AS OF ? WHERE id > ? ORDER BY id")) {
      ps.setLong(1, Long.parseLong(version));
      ps.setInt(2, -1);
      try (ResultSet rs = ps.executeQuery()) {
        assertEquals(fixtures.rows("dv_v3_before_deletes"), SparkAnswersTest.rows(rs));
      }
    }
    String ts = asOf("dv_ts_v2").replace("TIMESTAMP ", "").replace("'", "");
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT * FROM dv_table FOR TIMESTAMP AS OF ? ORDER BY id")) {
      ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.parse(ts.replace(' ', 'T'))));
      try (ResultSet rs = ps.executeQuery()) {
        assertEquals(fixtures.rows("dv_ts_v2"), SparkAnswersTest.rows(rs));
      }
    }
  }

  @Test
  void icebergSnapshotTagBranchAndTableFunction() throws SQLException {
    String snapshot = asOf("mor_snapshot_before_deletes");
    String loc = fixtures.location("mor_table");
    assertEquals(fixtures.rows("mor_snapshot_before_deletes"),
        query("SELECT * FROM iceberg_scan('" + loc + "', snapshot_id => " + snapshot + ") ORDER BY id"));
    assertEquals(fixtures.rows("mor_snapshot_before_deletes"),
        query("SELECT * FROM mor_table FOR SYSTEM_VERSION AS OF " + snapshot + " ORDER BY id"));
    assertEquals(fixtures.rows("mor_tag_v1_release"),
        query("SELECT * FROM mor_table FOR VERSION AS OF 'v1-release' ORDER BY id"));
    assertEquals(fixtures.rows("mor_branch_audit"),
        query("SELECT * FROM iceberg_scan('" + loc + "', ref => 'audit') ORDER BY id"));
    assertEquals(fixtures.rows("mor_ts_s2"),
        query("SELECT * FROM mor_table FOR TIMESTAMP AS OF " + asOf("mor_ts_s2") + " ORDER BY id"));
  }

  @Test
  void joinOfTwoVersionsOfOneTable() throws SQLException {
    // Expected: ids present both before the deletes (v3) and at v5, from Spark's two answers.
    Set<String> v5 = new HashSet<>();
    fixtures.rows("dv_v5_select").forEach(r -> v5.add(r.get(0)));
    List<List<String>> expected = new ArrayList<>();
    for (List<String> r : fixtures.rows("dv_v3_before_deletes")) {
      if (v5.contains(r.get(0))) {
        expected.add(List.of(r.get(0)));
      }
    }
    assertTrue(expected.size() < fixtures.rows("dv_v3_before_deletes").size(), "versions must differ");
    assertEquals(expected, query("SELECT prev.id FROM dv_table FOR VERSION AS OF " + asOf("dv_v3_before_deletes")
        + " AS prev JOIN dv_table FOR VERSION AS OF " + asOf("dv_v5_select") + " AS cur ON prev.id = cur.id "
        + "ORDER BY prev.id"));
  }

  @Test
  void olderVersionUsesItsOwnSchema() throws SQLException {
    // Column mapping: before the rename the column is called "name"; Spark answered with that schema.
    JsonNode q = fixtures.query("colmap_v2_before_rename");
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(q.get("sql").asText())) {
      List<String> labels = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        labels.add(rs.getMetaData().getColumnLabel(i));
      }
      List<String> expected = new ArrayList<>();
      q.get("columns").forEach(c -> expected.add(c.asText()));
      assertEquals(expected, labels);
    }
  }

  @Test
  void transactionPinsSnapshots() throws SQLException {
    try (Connection c = DriverManager.getConnection(fixtures.url())) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        List<List<String>> first = SparkAnswersTest.rows(s.executeQuery("SELECT count(*) FROM dv_table"));
        List<List<String>> again = SparkAnswersTest.rows(s.executeQuery("SELECT count(*) FROM dv_table"));
        assertEquals(first, again);
      }
      c.commit();
    }
  }
}
