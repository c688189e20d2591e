package io.lakehouse.conformance;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakehouse.SqlState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables Spark wrote with features the driver cannot read correctly (fixtures.json's {@code unsupported} list:
 * {table, sql, feature}): every query fails loudly with SQLState 0A000 naming the feature, never a silent answer,
 * and the connection stays usable. All of them run on ONE connection, opened once for the class.
 *
 * <p>The list may be empty: once the driver reads a feature, spark-fixtures records that table's queries with
 * Spark's answers instead (SparkAnswersTest). Today it holds an Iceberg v3 VARIANT column (Iceberg may shred
 * variant values into typed columns); the Delta VARIANT and Iceberg v3 deletion-vector tables once listed here
 * became regular queries.
 */
class UnsupportedFeaturesTest {
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
    if (connection != null) {
      connection.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> refusedWithFeatureNotSupported() {
    JsonNode unsupported = fixtures.unsupported();
    assertNotNull(unsupported, "fixtures.json has no unsupported list (regenerate target/spark-fixtures with mvn clean"
        + " verify)");
    assertTrue(unsupported.isArray(), "unsupported is a list");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode u : unsupported) {
      tests.add(DynamicTest.dynamicTest(u.get("table").asText(), () -> {
        try (Statement s = connection.createStatement()) {
          SQLException e = assertState(SqlState.NOT_SUPPORTED, () -> {
            try (ResultSet rs = s.executeQuery(u.get("sql").asText())) {
              while (rs.next()) {
                // an answer here would be the silent failure this test forbids
              }
            }
          });
          assertTrue(e.getMessage().toLowerCase().contains(u.get("feature").asText()), e.getMessage());
        }
        // The rest of the catalog stays usable on the same connection.
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM dv_table")) {
          assertTrue(rs.next());
        }
      }));
    }
    return tests.stream();
  }
}
