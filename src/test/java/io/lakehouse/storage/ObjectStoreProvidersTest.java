package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.lakehouse.config.AzureAuth;
import io.lakehouse.config.AzureProfile;
import io.lakehouse.config.S3Profile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store packages are found through META-INF/services: each profile type gets its store, with local files. */
class ObjectStoreProvidersTest {
  @TempDir
  Path dir;

  @Test
  void eachProfileTypeHasItsStore() throws Exception {
    FileCache cache = FileCache.at(dir.resolve("cache"), 1 << 20);
    ObjectStore s3 = ObjectStoreProviders.create(S3Profile.defaultChain("s3"), cache);
    ObjectStore azure = ObjectStoreProviders.create(new AzureProfile("az", "acct", null, null,
        new AzureAuth.DefaultChain(), List.of()), cache);
    try {
      assertEquals("io.lakehouse.storage.s3.S3ObjectStore", s3.getClass().getName());
      assertEquals("io.lakehouse.storage.azure.AzureObjectStore", azure.getClass().getName());
      assertEquals(List.of(cache.directory()), assertInstanceOf(SupportsLocalFiles.class, s3).localDirectories());
      assertInstanceOf(SupportsLocalFiles.class, azure);
    } finally {
      ((AutoCloseable) s3).close();
      ((AutoCloseable) azure).close();
    }
  }
}
