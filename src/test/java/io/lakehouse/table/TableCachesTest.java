package io.lakehouse.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.CatalogLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who shares parsed metadata: connections of the same catalog, organisation and storage credentials do; a different
 * organisation, a changed secret or another catalog never does. Unused scopes are kept up to the bound.
 */
class TableCachesTest {
  @TempDir
  Path dir;

  private CatalogConfig catalog(String file, String secret) throws Exception {
    return catalog(file, secret, "{}");
  }

  private CatalogConfig catalog(String file, String secret, String tables) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path f = dir.resolve(file);
    Files.writeString(f, """
        storage:
          lake:
            type: s3
            region: us-east-1
            endpoint: https://127.0.0.1:9
            prefixes: [ 's3://bucket/' ]
            credentials: { type: static, access_key_id: AKIA1, secret_access_key: '%s' }
          other:
            type: s3
            region: us-east-1
            endpoint: https://127.0.0.1:9
            credentials: { type: static, access_key_id: AKIA2, secret_access_key: '%s' }
        scan_roots: [ 's3://bucket/', '%s' ]
        tables: %s
        """.formatted(secret, secret, data, tables));
    return CatalogLoader.load(f.toString());
  }

  @Test
  void sameScopeSharesOtherOrganisationsCredentialsAndCatalogsDoNot() throws Exception {
    TableCaches caches = new TableCaches(8);
    CatalogConfig c = catalog("catalog.yaml", "secret-1");
    try (TableCaches.Lease a = caches.acquire(this, c, "acme");
        TableCaches.Lease a2 = caches.acquire(this, catalog("catalog.yaml", "secret-1"), "acme");
        TableCaches.Lease globex = caches.acquire(this, c, "globex");
        TableCaches.Lease noOrg = caches.acquire(this, c, null);
        TableCaches.Lease otherSecret = caches.acquire(this, catalog("catalog.yaml", "secret-2"), "acme");
        TableCaches.Lease otherCatalog = caches.acquire(this, catalog("other.yaml", "secret-1"), "acme")) {
      assertSame(a.tables(), a2.tables(), "same catalog, organisation and credentials");
      assertSame(a.storage(), a2.storage());
      assertNotSame(a.tables(), globex.tables());
      assertNotSame(a.tables(), noOrg.tables());
      assertNotSame(a.tables(), otherSecret.tables());
      assertNotSame(a.storage(), otherSecret.storage());
      assertNotSame(a.tables(), otherCatalog.tables());
      assertEquals(5, caches.scopes());
    }
  }

  @Test
  void aTableRoutedToAnotherProfileIsAnotherScope() throws Exception {
    TableCaches caches = new TableCaches(8);
    try (TableCaches.Lease byPrefix = caches.acquire(this, catalog("c.yaml", "s",
        "{ t: { format: delta, location: 's3://bucket/t' } }"), null);
        TableCaches.Lease byKey = caches.acquire(this, catalog("c.yaml", "s",
            "{ t: { format: delta, location: 's3://bucket/t', storage: other } }"), null);
        TableCaches.Lease same = caches.acquire(this, catalog("c.yaml", "s",
            "{ t: { format: delta, location: 's3://bucket/t', storage: other } }"), null)) {
      assertNotSame(byPrefix.tables(), byKey.tables());
      assertSame(byKey.tables(), same.tables());
    }
  }

  @Test
  void unusedScopesAreKeptUpToTheBound() throws Exception {
    TableCaches caches = new TableCaches(1);
    CatalogConfig first = catalog("a.yaml", "s");
    CatalogConfig second = catalog("b.yaml", "s");
    CatalogTables kept;
    try (TableCaches.Lease l = caches.acquire(this, first, null)) {
      kept = l.tables();
    }
    try (TableCaches.Lease again = caches.acquire(this, first, null)) {
      assertSame(kept, again.tables(), "an idle scope is reused");
    }
    try (TableCaches.Lease other = caches.acquire(this, second, null)) {
      assertEquals(2, caches.scopes());
    }
    assertEquals(1, caches.scopes(), "beyond the bound the least recently used idle scope is closed");
    try (TableCaches.Lease again = caches.acquire(this, first, null)) {
      assertNotSame(kept, again.tables());
    }
  }
}
