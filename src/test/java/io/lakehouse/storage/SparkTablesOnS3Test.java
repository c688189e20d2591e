package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakehouse.conformance.SparkAnswersTestAccess;
import io.lakehouse.conformance.SparkFixtureCatalog;
import io.lakehouse.testing.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
 * The Delta tables Spark wrote (deletion vectors, column mapping with renames and drops, partition values with
 * quotes and unicode, checkpoints) copied to a real S3 API server and queried through the driver there: every
 * answer must still be Spark's. (Timestamp travel is left out: an upload changes the commit files' times.)
 */
class SparkTablesOnS3Test {
  private static final List<String> DELTA = List.of("dv_table", "colmap_table", "partitioned_types", "checkpointed");

  @TempDir
  static Path dir;
  private static S3ProxyServer s3;
  private static SparkFixtureCatalog fixtures;
  private static Path catalog;

  @BeforeAll
  static void upload() throws Exception {
    fixtures = SparkFixtureCatalog.load(dir);
    s3 = S3ProxyServer.start();
    s3.createBucket("spark");
    StringBuilder yaml = new StringBuilder();
    Path secret = dir.resolve("secret");
    Files.writeString(secret, s3.secretKey());
    yaml.append("storage:\n  s3: { type: s3, endpoint: '").append(s3.endpoint()).append("', allow_http: true, ")
        .append("path_style: true, credentials: { type: static, access_key_id: ").append(s3.accessKey())
        .append(", secret_access_key: '${file:").append(secret).append("}' } }\n")
        .append("cache: { directory: '").append(dir.resolve("cache")).append("' }\ntables:\n");
    for (String t : DELTA) {
      s3.uploadDirectory(Path.of(fixtures.location(t)), "spark", t);
      yaml.append("  ").append(t).append(": { format: delta, location: 's3://spark/").append(t)
          .append("', storage: s3 }\n");
    }
    catalog = dir.resolve("s3.yaml");
    Files.writeString(catalog, yaml);
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @TestFactory
  Stream<DynamicTest> sparkAnswersFromS3() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode q : fixtures.queries()) {
      String sql = q.get("sql").asText();
      boolean delta = DELTA.stream().anyMatch(t -> sql.contains(" " + t));
      if (delta && !sql.contains("TIMESTAMP AS OF")) {
        tests.add(DynamicTest.dynamicTest(q.get("name").asText(), () -> {
          try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog + "?time_zone=UTC");
              Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertEquals(fixtures.rows(q.get("name").asText()), SparkAnswersTestAccess.rows(rs), sql);
          }
        }));
      }
    }
    assertTrue(tests.size() >= 20, "the Delta fixture queries: " + tests.size());
    return tests.stream();
  }
}
