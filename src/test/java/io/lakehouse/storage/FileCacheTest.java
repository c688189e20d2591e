package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download cache: single flight, atomic files, keys that change with the object, bounded size, privacy. */
class FileCacheTest {
  @TempDir
  Path dir;

  @Test
  void oneDownloadPerKeyEvenWhenManyAskAtOnce() throws Exception {
    FileCache cache = FileCache.at(dir.resolve("c1"), 1 << 20);
    AtomicInteger downloads = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Path>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return cache.get("s3://b/k", 3, "etag1", f -> {
          downloads.incrementAndGet();
          try {
            Thread.sleep(100);  // keep the download in flight while the others arrive
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
          Files.write(f, new byte[] {1, 2, 3});
        });
      }));
    }
    start.countDown();
    Path first = results.get(0).get();
    for (Future<Path> r : results) {
      assertEquals(first, r.get());
    }
    pool.shutdown();
    assertEquals(1, downloads.get());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(first));
    try (Stream<Path> files = Files.list(dir.resolve("c1"))) {
      assertEquals(1, files.count(), "no temporary files left behind");
    }
  }

  @Test
  void changedObjectIsANewEntryAndFailedDownloadsLeaveNothing() throws Exception {
    FileCache cache = FileCache.at(dir.resolve("c2"), 1 << 20);
    Path v1 = cache.get("s3://b/k", 1, "etag1", f -> Files.write(f, new byte[] {1}));
    Path v2 = cache.get("s3://b/k", 1, "etag2", f -> Files.write(f, new byte[] {2}));
    assertNotEquals(v1, v2);
    assertThrows(IOException.class, () -> cache.get("s3://b/broken", 5, "e", f -> {
      Files.write(f, new byte[] {1, 2});
      throw new IOException("connection reset");
    }));
    assertThrows(IOException.class, () -> cache.get("s3://b/short", 5, "e", f -> Files.write(f, new byte[] {1})),
        "a truncated download is refused");
    try (Stream<Path> files = Files.list(dir.resolve("c2"))) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void boundedByBytesButRecentFilesAreKept() throws Exception {
    FileCache cache = FileCache.at(dir.resolve("c3"), 10);
    for (int i = 0; i < 5; i++) {
      cache.get("s3://b/" + i, 4, "e", f -> Files.write(f, new byte[4]));
    }
    // All were used within the last minute: kept over the bound so running queries keep their files.
    assertEquals(20, cache.totalBytes());
  }

  @Test
  void leastRecentlyUsedIsEvictedFirst() throws Exception {
    FileCache cache = FileCache.unprotected(dir.resolve("c4"), 10);
    Path a = cache.get("s3://b/a", 4, "e", f -> Files.write(f, new byte[4]));
    Path b = cache.get("s3://b/b", 4, "e", f -> Files.write(f, new byte[4]));
    cache.get("s3://b/a", 4, "e", f -> Files.write(f, new byte[4]));   // a is used again: b is now the oldest
    Path c = cache.get("s3://b/c", 4, "e", f -> Files.write(f, new byte[4]));
    assertTrue(Files.exists(a) && Files.exists(c));
    assertTrue(Files.notExists(b), "the least recently used file is evicted");
    assertEquals(8, cache.totalBytes());
  }

  /**
   * The version of an immutable object is asked for once per store scope (its access: endpoint and credentials);
   * another scope asks the store itself, and a forgotten version is asked for again.
   */
  @Test
  void immutableVersionsAreLookedUpOncePerScope() throws Exception {
    FileCache cache = FileCache.unprotected(dir.resolve("versions"), 1_000_000);
    java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
    FileCache.VersionLookup head = l -> new FileCache.ObjectVersion(100 + lookups.incrementAndGet(), "etag");
    Object scopeA = "profile-a";
    Object scopeB = "profile-b";
    FileCache.ObjectVersion first = cache.immutableVersion(scopeA, "s3://b/t/part-0.parquet", head);
    assertEquals(first, cache.immutableVersion(scopeA, "s3://b/t/part-0.parquet", head));
    assertEquals(1, lookups.get());
    cache.immutableVersion(scopeB, "s3://b/t/part-0.parquet", head);
    assertEquals(2, lookups.get(), "another scope asks the store");
    cache.immutableVersion(scopeA, "s3://b/t/part-1.parquet", head);
    assertEquals(3, lookups.get());
    cache.forgetVersion(scopeA, "s3://b/t/part-0.parquet");
    cache.immutableVersion(scopeA, "s3://b/t/part-0.parquet", head);
    assertEquals(4, lookups.get(), "a forgotten version is asked for again");
    assertThrows(java.io.IOException.class, () -> cache.immutableVersion(scopeA, "s3://b/t/missing.parquet", l -> {
      throw new java.io.FileNotFoundException(l);
    }));
    cache.immutableVersion(scopeA, "s3://b/t/missing.parquet", head);
    assertEquals(5, lookups.get(), "a failed lookup is not remembered");
  }

  @Test
  void refusesADirectoryOthersCanWrite() throws Exception {
    Path open = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    IOException e = assertThrows(IOException.class, () -> FileCache.at(open, 100));
    assertTrue(e.getMessage().contains("writable by other users"), e.getMessage());
    Path created = dir.resolve("fresh");
    FileCache.at(created, 100);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
  }
}
