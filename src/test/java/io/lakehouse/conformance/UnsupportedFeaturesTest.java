package io.lakehouse.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables Spark wrote with features the driver cannot read correctly yet (a Delta VARIANT column, Iceberg v3
 * deletion vectors): every query fails loudly with SQLState 0A000 naming the feature, never a silent answer.
 */
class UnsupportedFeaturesTest {
  @TempDir
  static Path dir;

  @TestFactory
  Stream<DynamicTest> refusedWithFeatureNotSupported() {
    SparkFixtureCatalog fixtures = SparkFixtureCatalog.load(dir);
    JsonNode unsupported = fixtures.unsupported();
    assertTrue(unsupported != null && unsupported.size() >= 2, "fixtures list unsupported-feature tables "
        + "(regenerate target/spark-fixtures with mvn clean verify)");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode u : unsupported) {
      tests.add(DynamicTest.dynamicTest(u.get("table").asText(), () -> {
        try (Connection c = DriverManager.getConnection(fixtures.url()); Statement s = c.createStatement()) {
          SQLException e = assertThrows(SQLException.class, () -> {
            try (ResultSet rs = s.executeQuery(u.get("sql").asText())) {
              while (rs.next()) {
                // an answer here would be the silent failure this test forbids
              }
            }
          });
          assertEquals("0A000", e.getSQLState(), e.getMessage());
          assertTrue(e.getMessage().toLowerCase().contains(u.get("feature").asText()), e.getMessage());
          // The rest of the catalog stays usable.
          try (ResultSet rs = s.executeQuery("SELECT count(*) FROM dv_table")) {
            assertTrue(rs.next());
          }
        }
      }));
    }
    return tests.stream();
  }
}
