package io.lakehouse.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Local copies of remote objects, shared by every connection of the JVM that uses the same directory.
 * <ul>
 *   <li>keyed by location, size and ETag, so a changed object is a different entry and never served stale;</li>
 *   <li>written to a temporary name and renamed atomically, so a reader never sees a partial file (also across
 *       processes sharing the directory);</li>
 *   <li>one download per key at a time (single flight);</li>
 *   <li>bounded in bytes, least recently used evicted first; entries used in the last minute are kept even over
 *       the bound, so a file a running query was handed is not deleted under it.</li>
 * </ul>
 */
public final class FileCache {
  private static final Map<Path, FileCache> BY_DIRECTORY = new ConcurrentHashMap<>();
  private static final long PROTECTED_MILLIS = 60_000;
  private final long protectedMillis;

  private final Path directory;
  private final long maxBytes;
  private final boolean sparse;
  private final Map<String, Object> sparseLocks = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();
  /** file name → size, in access order. */
  private final LinkedHashMap<String, long[]> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long totalBytes;

  /** Downloads an object into a file. */
  public interface Download {
    void to(Path file) throws IOException;
  }

  /** An object's identity as its store reports it (e.g. by a HEAD request): size and ETag. */
  public record ObjectVersion(long size, String etag) { }

  /** Asks the store for an object's {@link ObjectVersion}. */
  public interface VersionLookup {
    ObjectVersion of(String location) throws IOException;
  }

  /** Objects whose version a store looked up, by (store scope, location). */
  private record VersionKey(Object scope, String location) { }

  private static final int MAX_VERSIONS = 100_000;
  /** Versions of immutable objects already looked up, least recently used first. Guarded by itself. */
  private final LinkedHashMap<VersionKey, ObjectVersion> versions = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<VersionKey, ObjectVersion> eldest) {
      return size() > MAX_VERSIONS;
    }
  };

  private FileCache(Path directory, long maxBytes, boolean sparse, long protectedMillis) throws IOException {
    this.protectedMillis = protectedMillis;
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.sparse = sparse;
    createPrivate(directory);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.bin")) {
      for (Path p : ds) {
        long size = Files.size(p);
        if (p.getFileName().toString().endsWith(".sparse.bin")) {
          size = SparseParquet.fetchedBytes(p);
        }
        entries.put(p.getFileName().toString(), new long[] {size, Files.getLastModifiedTime(p).toMillis()});
        totalBytes += size;
      }
    }
  }

  /**
   * Creates the directory readable only by this user, and refuses one that another user owns: DuckDB reads these
   * files as table data, and their names are predictable, so nobody else may be able to plant one.
   */
  private static void createPrivate(Path dir) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.exists(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        if (posix) {
          Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(dir);
        }
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another connection created it first; checked below
      }
    }
    if (posix) {
      java.nio.file.attribute.UserPrincipal owner = Files.getOwner(dir);
      String me = System.getProperty("user.name");
      if (!owner.getName().equals(me)) {
        throw new IOException("cache directory " + dir + " belongs to " + owner.getName() + ", not " + me
            + "; configure cache.directory");
      }
      var perms = Files.getPosixFilePermissions(dir);
      if (perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)
          || perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)) {
        throw new IOException("cache directory " + dir + " is writable by other users; make it private (chmod 700)");
      }
    }
  }

  /** The cache for a directory (created on first use). */
  public static FileCache at(Path directory, long maxBytes) throws IOException {
    return at(directory, maxBytes, false);
  }

  /**
   * @param sparse whether Parquet data files are fetched sparsely (footer + needed column chunks) rather than
   *     whole; the first user of a directory decides
   */
  public static FileCache at(Path directory, long maxBytes, boolean sparse) throws IOException {
    Path dir = directory.toAbsolutePath().normalize();
    FileCache existing = BY_DIRECTORY.get(dir);
    if (existing != null) {
      return existing;
    }
    FileCache created = new FileCache(dir, maxBytes, sparse, PROTECTED_MILLIS);
    FileCache raced = BY_DIRECTORY.putIfAbsent(dir, created);
    return raced != null ? raced : created;
  }

  public Path directory() {
    return directory;
  }

  /**
   * The version of an object the table format guarantees never changes under its name (data and delete files,
   * Delta commits and checkpoints, Iceberg metadata and manifests): looked up once per store scope and then
   * remembered, so a warm query sends no request per file. The scope is the store's access (its profile: endpoint
   * and credentials), so a store with other credentials still asks the object store itself (and may be refused).
   * Remembered in memory only (a new JVM looks each object up once again); the ETag still guards every download.
   */
  public ObjectVersion immutableVersion(Object scope, String location, VersionLookup lookup) throws IOException {
    VersionKey key = new VersionKey(scope, location);
    synchronized (versions) {
      ObjectVersion known = versions.get(key);
      if (known != null) {
        return known;
      }
    }
    ObjectVersion looked = lookup.of(location);
    synchronized (versions) {
      versions.put(key, looked);
    }
    return looked;
  }

  /** Forgets a remembered version (the object turned out different or missing: look it up again next time). */
  public void forgetVersion(Object scope, String location) {
    synchronized (versions) {
      versions.remove(new VersionKey(scope, location));
    }
  }

  /** The local file for an object, downloading it once if needed. */
  public Path get(String location, long size, String etag, Download download) throws IOException {
    String name = fileName(location, size, etag);
    Path file = directory.resolve(name);
    if (touch(name) && Files.isRegularFile(file)) {
      return file;
    }
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> running = inFlight.putIfAbsent(name, mine);
    if (running != null) {
      return await(running);
    }
    try {
      if (!Files.isRegularFile(file) || Files.size(file) != size) {
        Path tmp = directory.resolve(name + ".tmp-" + UUID.randomUUID());
        try {
          download.to(tmp);
          long got = Files.size(tmp);
          if (size >= 0 && got != size) {
            throw new IOException("download of " + location + " returned " + got + " bytes, expected " + size);
          }
          move(tmp, file);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      added(name, Files.size(file));
      mine.complete(file);
      return file;
    } catch (IOException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(name, mine);
    }
  }

  private static void move(Path tmp, Path file) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path await(CompletableFuture<Path> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a download", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  private synchronized boolean touch(String name) {
    long[] e = entries.get(name);
    if (e == null) {
      return false;
    }
    e[1] = System.currentTimeMillis();
    return true;
  }

  private synchronized void added(String name, long size) {
    long[] previous = entries.put(name, new long[] {size, System.currentTimeMillis()});
    totalBytes += size - (previous == null ? 0 : previous[0]);
    evict();
  }

  private void evict() {
    long now = System.currentTimeMillis();
    var it = entries.entrySet().iterator();
    while (totalBytes > maxBytes && it.hasNext()) {
      Map.Entry<String, long[]> e = it.next();
      if (now - e.getValue()[1] < protectedMillis) {
        continue;
      }
      try {
        Files.deleteIfExists(directory.resolve(e.getKey()));
        Files.deleteIfExists(directory.resolve(e.getKey() + ".cols"));
        totalBytes -= e.getValue()[0];
        it.remove();
      } catch (IOException ignored) {
        // keep the entry; try again on the next eviction
      }
    }
  }

  /** A private cache whose recently used files are not protected from eviction: for tests of the LRU order. */
  static FileCache unprotected(Path directory, long maxBytes) throws IOException {
    return new FileCache(directory.toAbsolutePath().normalize(), maxBytes, false, 0);
  }

  /** Whether Parquet data files are fetched sparsely. */
  public boolean sparse() {
    return sparse;
  }

  /**
   * A sparse local copy of a Parquet object holding at least the given columns (see {@link SparseParquet}); a whole
   * copy already in the cache is used as is.
   */
  public Path getSparse(String location, long size, String etag, java.util.Set<Object> columns,
      SparseParquet.RangeReader reader) throws IOException {
    String whole = fileName(location, size, etag);
    Path wholeFile = directory.resolve(whole);
    if (touch(whole) && Files.isRegularFile(wholeFile)) {
      return wholeFile;
    }
    String name = whole.replace(".bin", ".sparse.bin");
    Path file = directory.resolve(name);
    synchronized (sparseLocks.computeIfAbsent(name, k -> new Object())) {
      long before = Files.exists(file) ? SparseParquet.fetchedBytes(file) : 0;
      SparseParquet.ensure(file, size, columns, reader);
      long after = SparseParquet.fetchedBytes(file);
      synchronized (this) {
        long[] e = entries.computeIfAbsent(name, k -> new long[] {0, 0});
        e[0] += after - before;
        e[1] = System.currentTimeMillis();
        totalBytes += after - before;
        evict();
      }
    }
    return file;
  }

  /** Bytes currently held. */
  public synchronized long totalBytes() {
    return totalBytes;
  }

  static String fileName(String location, long size, String etag) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((location + "\n" + size + "\n" + (etag == null ? "" : etag)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()) + ".bin";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
