package io.lakehouse.sql;

import static io.lakehouse.sql.MetadataChecks.assertAnswered;
import static io.lakehouse.sql.MetadataChecks.assertScanned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.conformance.SparkFixtureCatalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers from metadata on tables Spark wrote (target/spark-fixtures): Spark's stats (also read from checkpoints,
 * keyed by physical names under column mapping, of widened types) answer exactly what the scan answers; deletion
 * vectors and position deletes make the query a scan, and time travel to a version before them answers again.
 */
class MetadataAnswersSparkTest {
  @TempDir
  static Path dir;
  private static Connection connection;

  @BeforeAll
  static void connect() throws SQLException {
    connection = SparkFixtureCatalog.load(dir).connect();
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Test
  void deltaDeletionVectorsFallBackAndEarlierVersionsAnswer() throws SQLException {
    assertScanned(connection, "SELECT count(*), max(id) FROM dv_table", "files with deletes");
    assertAnswered(connection, "SELECT count(*), min(id), max(id), max(grp) FROM dv_table FOR VERSION AS OF 3",
        "name");
    assertScanned(connection, "SELECT count(*) FROM dv_table FOR VERSION AS OF 4", "files with deletes");
    // The scan's answer at the latest version is the one Spark gave (SparkAnswersTest); metadata says the same
    // only where no file has deletes.
    List<Object> latest = MetadataAnswersTest.values(MetadataChecks.result(connection,
        "SELECT count(*) FROM dv_table"));
    List<Object> before = MetadataAnswersTest.values(MetadataChecks.result(connection,
        "SELECT count(*) FROM dv_table FOR VERSION AS OF 3"));
    assertTrue((long) latest.get(0) < (long) before.get(0), latest + " " + before);
  }

  @Test
  void deltaStatsFromCheckpointsColumnMappingAndWidenedTypes() throws SQLException {
    assertAnswered(connection, "SELECT count(*), min(id), max(id) FROM checkpointed FOR VERSION AS OF 12", "val");
    MetadataChecks.result(connection, "SELECT count(*), min(id), max(id) FROM checkpointed");
    assertEquals(MetadataChecks.result(connection, MetadataChecks.forcedScan(
        "SELECT count(*), min(id), max(id) FROM checkpointed", "val")),
        MetadataChecks.result(connection, "SELECT count(*), min(id), max(id) FROM checkpointed"));
    assertAnswered(connection, "SELECT count(*), min(id), max(id) FROM colmap_table", "full_name");
    assertAnswered(connection, "SELECT count(*), max(id) FROM colmap_table WHERE area = 'east'", "full_name");
    assertAnswered(connection, "SELECT count(*), min(b), max(b), min(i), max(i) FROM type_widening", "dt");
    assertScanned(connection, "SELECT max(dt) FROM type_widening", "no exact statistics of column dt");
    assertScanned(connection, "SELECT max(i2) FROM type_widening", "no exact statistics of column i2");
  }

  @Test
  void deltaPartitionValuesOfEveryType() throws SQLException {
    String stats = "count(*), min(c_int), max(c_bigint), min(c_tinyint), max(c_smallint), min(c_date), max(p_date)";
    for (String where : List.of("p_string = 'it''s'", "p_string = 'Grüße 日本'", "p_string IS NULL",
        "p_date = DATE '2024-01-02'", "p_date < '2024-01-02' OR p_string = 'a b'")) {
      assertAnswered(connection, "SELECT " + stats + " FROM partitioned_types WHERE " + where, "id");
    }
    assertScanned(connection, "SELECT max(c_timestamp) FROM partitioned_types", "c_timestamp");
    assertScanned(connection, "SELECT min(c_string) FROM partitioned_types", "c_string");
  }

  @Test
  void icebergPositionDeletesAndDeletionVectorsFallBack() throws SQLException {
    assertScanned(connection, "SELECT count(*), max(id) FROM mor_table", "files with deletes");
    assertAnswered(connection, "SELECT count(*), min(id), max(id) FROM mor_table FOR VERSION AS OF 'v1-release'",
        "category");
    assertScanned(connection, "SELECT max(data) FROM mor_table FOR VERSION AS OF 'v1-release'", "column data");
    assertScanned(connection, "SELECT count(*) FROM v3_dv", "files with deletes");
  }

  @Test
  void icebergEvolvedSchemaAndSpecs() throws SQLException {
    // qty was promoted int -> bigint (older files keep 4-byte bounds); price was added later (older files have no
    // metrics for it); category is an identity partition only under the first specs.
    assertAnswered(connection, "SELECT count(*), min(qty), max(qty), min(id), max(id) FROM evolved", "title");
    assertScanned(connection, "SELECT max(price) FROM evolved", "no exact statistics of column price");
    // Files of the last spec have no category constant, but their metrics exclude 'x': the planned files all
    // have one, so this is exact too. Spark counted 5 such rows.
    List<List<Object>> r = assertAnswered(connection, "SELECT count(*) FROM evolved WHERE category = 'x'", "title");
    assertEquals(List.of(5L), MetadataAnswersTest.values(r));
  }

  @Test
  void icebergIdentityPartitionsOfEveryType() throws SQLException {
    for (String where : List.of("p_int = 1", "p_bigint > 5000000000", "p_string = 'it''s/Grüße=日本%'",
        "p_string IS NULL", "p_date = DATE '2024-01-01'", "p_bool = false", "p_bool IS NULL", "p_dec = 1.25",
        "p_ts >= TIMESTAMP '2024-01-01 10:00:00'", "p_ts IS NULL")) {
      assertAnswered(connection, "SELECT count(*), min(id), max(id), max(p_dec), min(p_ts) FROM identity_partitions "
          + "WHERE " + where, "val");
    }
  }
}
