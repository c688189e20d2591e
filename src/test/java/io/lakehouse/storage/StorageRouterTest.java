package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.config.CatalogLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which store serves a location: table profiles, longest prefix, same container in another spelling, default. */
class StorageRouterTest {
  @TempDir
  Path dir;

  @Test
  void routesByProfilePrefixAndContainer() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "storage:\n"
        + "  az: { type: azure, account: acct, credentials: { type: sas, token: 'sv=x' } }\n"
        + "  s3a: { type: s3, region: eu-west-1, credentials: { type: static, access_key_id: a, secret_access_key: b } }\n"
        + "  s3b: { type: s3, prefixes: ['s3://shared/team-b'], credentials: { type: default-chain } }\n"
        + "cache: { directory: '" + dir.resolve("cache") + "' }\n"
        + "tables:\n"
        + "  t1: { format: delta, location: 'az://lake/t1', storage: az }\n"
        + "  t2: { format: delta, location: 's3://bucket-a/t2', storage: s3a }\n"
        + "  t3: { format: delta, location: 's3://shared/team-b/t3' }\n"
        + "scan_roots: ['az://lake', 's3://bucket-a', 's3://shared', '" + dir.resolve("local") + "']\n");
    Files.createDirectories(dir.resolve("local"));
    try (StorageRouter router = new StorageRouter(CatalogLoader.load(f.toString()))) {
      ObjectStore azure = router.storeFor("az://lake/t1/_delta_log/x.json");
      // Data files written by Spark as abfss:// or wasbs:// for the same account and container.
      assertSame(azure, router.storeFor("abfss://lake@acct.dfs.core.windows.net/t1/part-0.parquet"));
      assertSame(azure, router.storeFor("wasbs://lake@acct.blob.core.windows.net/other/file"));
      assertSame(azure, router.storeFor("azure://acct/lake/t1/part-1.parquet"));
      ObjectStore a = router.storeFor("s3://bucket-a/t2/part.parquet");
      assertSame(a, router.storeFor("s3a://bucket-a/elsewhere/part.parquet"));
      ObjectStore b = router.storeFor("s3://shared/team-b/t3/x");
      assertNotSame(a, b);
      // Another bucket without a profile: the default chain, not someone else's credentials.
      ObjectStore other = router.storeFor("s3://shared/team-c/x");
      assertNotSame(b, other);
      assertNotSame(a, other);
      assertSame(LocalObjectStore.INSTANCE, router.storeFor(dir.resolve("local/x").toString()));
      assertThrows(IOException.class, () -> router.storeFor("abfss://lake@otheraccount.dfs.core.windows.net/x"));
      assertThrows(IOException.class, () -> router.storeFor("gs://bucket/x"));
    }
  }

  /** A catalog with scan root {@code root}: the directory need not hold a real table for routing. */
  private Path localCatalog(Path root) throws IOException {
    Path f = dir.resolve("local.yaml");
    Files.writeString(f, "cache: { directory: '" + dir.resolve("cache") + "' }\ntables: {}\nscan_roots: ['" + root
        + "']\n");
    return f;
  }

  /** Every read goes through the router, which reads nothing outside the catalog's table roots and scan roots. */
  @Test
  void readsNothingOutsideTheCatalogsLocations() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "storage:\n"
        + "  az: { type: azure, account: acct, credentials: { type: sas, token: 'sv=x' } }\n"
        + "  s3a: { type: s3, region: eu-west-1, credentials: { type: static, access_key_id: a, secret_access_key: b } }\n"
        + "cache: { directory: '" + dir.resolve("cache") + "' }\n"
        + "tables:\n"
        + "  t1: { format: delta, location: 'az://lake/t1', storage: az }\n"
        + "  t2: { format: delta, location: 's3://bucket-a/t2', storage: s3a }\n");
    try (StorageRouter router = new StorageRouter(CatalogLoader.load(f.toString()))) {
      // Inside, in any spelling of the same bucket or container.
      router.storeFor("s3a://bucket-a/t2/part.parquet");
      router.storeFor("abfss://lake@acct.dfs.core.windows.net/t1/part-0.parquet");
      router.storeFor("azure://acct/lake/t1/_delta_log/0.json");
      // A symlink inside a local root that leads outside it is outside.
      Path root = dir.resolve("lake/t3");
      Files.createDirectories(root.resolve("_delta_log"));
      Files.createDirectories(dir.resolve("elsewhere"));
      Files.writeString(dir.resolve("elsewhere/secret.json"), "{}");
      Files.createSymbolicLink(root.resolve("link"), dir.resolve("elsewhere"));
      Files.writeString(root.resolve("_delta_log/0.json"), "{}");
      try (StorageRouter local = new StorageRouter(CatalogLoader.load(localCatalog(root).toString()))) {
        assertSame(LocalObjectStore.INSTANCE, local.storeFor(root.resolve("_delta_log/0.json").toString()));
        assertThrows(OutsideCatalogException.class,
            () -> local.storeFor(root.resolve("link/secret.json").toString()));
        assertThrows(OutsideCatalogException.class,
            () -> local.storeFor(root.resolve("link/missing/new.json").toString()));
      }
      for (String outside : new String[] {"s3://bucket-a/t2-other/x", "s3://bucket-a/x", "s3://bucket-b/t2/x",
          "s3://bucket-a/t2/../t3/x", "abfss://lake@acct.dfs.core.windows.net/t10/x", "az://lake/x",
          dir.resolve("local/x").toString(), "/etc/passwd", "file:/etc/passwd"}) {
        assertThrows(OutsideCatalogException.class, () -> router.storeFor(outside), outside);
      }
    }
  }
}
