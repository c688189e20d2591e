package io.lakehouse.storage;

import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static io.lakehouse.testing.SqlAssert.assertState;
import static io.lakehouse.testing.SqlAssert.assertStateClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.azure.AzuriteServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Delta table (written by Delta Kernel, with deletion-vector-free versions and a checkpoint) in a real Azure Blob
 * API server (Azurite on 127.0.0.1, started here), read through every location spelling with an account key and
 * with a SAS token. Azurite has no DFS endpoint, so {@code abfss://} is read through the Blob API, as the driver
 * does for real ADLS Gen2 accounts.
 */
class AzureStorageTest {
  private static final String CONTAINER = "lake";

  @TempDir
  static Path dir;
  private static AzuriteServer azurite;
  private static long rows;

  @BeforeAll
  static void start() {
    azurite = AzuriteServer.start();
    azurite.createContainer(CONTAINER);
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("local/sales"), List.of(Col.of("id", "long"),
        Col.of("region", "string")), List.of("region"));
    for (int v = 0; v < 3; v++) {
      List<Object[]> batch = new ArrayList<>();
      for (long i = v * 7L; i < v * 7L + 7; i++) {
        batch.add(new Object[] {i, i % 2 == 0 ? "eu" : "us"});
      }
      t.append(batch);
    }
    t.checkpoint();
    rows = t.readRows(t.latestVersion()).size();
    azurite.uploadDirectory(dir.resolve("local/sales"), CONTAINER, "tables/sales");
  }

  @AfterAll
  static void stop() {
    azurite.close();
  }

  private static Path catalog(String name, String credentials, String location) throws Exception {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "storage:\n  az: { type: azure, account: " + azurite.account() + ", endpoint: '"
        + azurite.endpoint() + "', allow_http: true, credentials: " + credentials + " }\n"
        + "cache: { directory: '" + dir.resolve("cache-" + name) + "' }\n"
        + "tables:\n  sales: { format: delta, location: '" + location + "', storage: az }\n");
    return f;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static String accountKey() throws Exception {
    Path key = dir.resolve("account.key");
    Files.writeString(key, azurite.accountKey());
    return "{ type: account-key, key: '${file:" + key + "}' }";
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "azure://${account}/lake/tables/sales",
      "az://lake/tables/sales",
      "abfss://lake@${account}.dfs.core.windows.net/tables/sales",
      "wasbs://lake@${account}.blob.core.windows.net/tables/sales"})
  void everyLocationSpellingWithAnAccountKey(String location) throws Exception {
    String loc = location.replace("${account}", azurite.account());
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("key" + Math.abs(loc.hashCode()),
        accountKey(), loc))) {
      assertEquals(rows, count(c, "SELECT count(*) FROM sales"));
      assertEquals(7, count(c, "SELECT count(*) FROM sales FOR VERSION AS OF 1"));
    }
  }

  @Test
  void sasToken() throws Exception {
    Path sas = dir.resolve("sas");
    Files.writeString(sas, azurite.sasToken(CONTAINER, "rl", Duration.ofHours(1)));
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("sas",
        "{ type: sas, token: '${file:" + sas + "}' }", "az://lake/tables/sales"))) {
      assertEquals(rows, count(c, "SELECT count(*) FROM sales"));
    }
  }

  @Test
  void wrongKeyIsAccessDeniedWithoutTheKey() throws Exception {
    String wrong = AzuriteServer.randomKey();
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("wrong",
        "{ type: account-key, key: '" + wrong + "' }", "az://lake/tables/sales"))) {
      SQLException e = assertState(SqlState.AUTHENTICATION, () -> count(c, "SELECT count(*) FROM sales"));
      assertMessageLacks(e, wrong);
    }
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("nocontainer", accountKey(),
        "az://missing-container/tables/sales"))) {
      assertStateClass("08", () -> count(c, "SELECT count(*) FROM sales"));
    }
  }
}
