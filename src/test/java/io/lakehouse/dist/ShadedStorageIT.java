package io.lakehouse.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.jdbc.LakehouseDriver;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.azure.AzuriteServer;
import io.lakehouse.testing.s3.S3IcebergWriter;
import io.lakehouse.testing.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relocated AWS SDK (S3, through s3proxy) and Azure SDK (Blob, through Azurite) of the drop-in jar, loaded in
 * isolation as in {@link ShadedJarIT}: tables written by the reference writers and uploaded, answers compared with
 * the writers' rows and with the thin driver of this build.
 */
class ShadedStorageIT {
  @TempDir static Path dir;
  static S3ProxyServer s3;
  static AzuriteServer azurite;
  static Path catalog;

  @BeforeAll
  static void start() throws Exception {
    ShadedJarIT.load();
    DeltaTestWriter sales = DeltaTestWriter.create(dir.resolve("local/sales"),
        List.of(new Col("id", "long", false), Col.of("region", "string"), Col.of("amount", "decimal(10,2)")),
        List.of("region"));
    for (int v = 1; v <= 3; v++) {
      sales.append(ShadedJarIT.rows(v, 4));
      if (v == 2) sales.checkpoint();
    }
    s3 = S3ProxyServer.start("AKIDSHADEDJAR", "s3cr3t-" + Long.toHexString(System.nanoTime()));
    s3.createBucket("lake");
    s3.uploadDirectory(dir.resolve("local/sales"), "lake", "sales");
    IcebergTestWriter customers = S3IcebergWriter.create(s3, "lake", "crm/customers", new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "region", Types.StringType.get()),
        Types.NestedField.optional(3, "amount", Types.DecimalType.of(10, 2))), PartitionSpec.unpartitioned());
    for (int v = 1; v <= 2; v++) customers.append(ShadedJarIT.rows(v, 3).toArray(Object[][]::new));
    azurite = AzuriteServer.start();
    azurite.createContainer("lake");
    azurite.uploadDirectory(dir.resolve("local/sales"), "lake", "sales");

    Path s3Secret = Files.writeString(dir.resolve("s3.secret"), s3.secretKey());
    Path azKey = Files.writeString(dir.resolve("az.key"), azurite.accountKey());
    catalog = Files.writeString(dir.resolve("catalog.yaml"), "storage:\n"
        + "  s3lake: { type: s3, region: us-east-1, endpoint: '" + s3.endpoint() + "', allow_http: true,"
        + " path_style: true, credentials: { type: static, access_key_id: " + s3.accessKey()
        + ", secret_access_key: '${file:" + s3Secret + "}' } }\n"
        + "  az: { type: azure, account: " + azurite.account() + ", endpoint: '" + azurite.endpoint()
        + "', allow_http: true, credentials: { type: account-key, key: '${file:" + azKey + "}' } }\n"
        + "cache: { directory: '" + dir.resolve("cache") + "', max_bytes: 100MB }\n"
        + "tables:\n"
        + "  s3_sales: { format: delta, location: 's3://lake/sales', storage: s3lake }\n"
        + "  s3_customers: { format: iceberg, location: 's3://lake/crm/customers', storage: s3lake }\n"
        + "  az_sales: { format: delta, location: 'abfss://lake@" + azurite.account()
        + ".dfs.core.windows.net/sales', storage: az }\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) s3.close();
    if (azurite != null) azurite.close();
    ShadedJarIT.close();
  }

  @Test
  void s3AndAzureTablesThroughTheRelocatedSdks() throws Exception {
    String url = "jdbc:lakehouse:" + catalog.toAbsolutePath();
    List<String> queries = List.of(
        "SELECT count(*), sum(amount) FROM s3_sales",
        "SELECT count(*), sum(amount) FROM s3_sales FOR VERSION AS OF 1",
        "SELECT count(*), sum(amount) FROM s3_customers",
        "SELECT count(*), sum(amount) FROM az_sales",
        "SELECT count(*), sum(amount) FROM az_sales FOR VERSION AS OF 2");
    List<String> viaJar = ShadedJarIT.inIsolation(
        () -> ShadedJarIT.answers(ShadedJarIT.shaded.connect(url, new Properties()), queries));
    assertEquals(List.of(ShadedJarIT.expectedSum(3, 4), ShadedJarIT.expectedSum(1, 4), ShadedJarIT.expectedSum(2, 3),
        ShadedJarIT.expectedSum(3, 4), ShadedJarIT.expectedSum(2, 4)), viaJar);
    assertEquals(ShadedJarIT.answers(new LakehouseDriver().connect(url, new Properties()), queries), viaJar);
  }
}
