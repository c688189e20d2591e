package io.lakehouse.storage;

import io.lakehouse.config.AzureProfile;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.Locations;
import io.lakehouse.config.S3Profile;
import io.lakehouse.config.StorageProfile;
import io.lakehouse.config.TableEntry;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog's object stores behind one {@link ObjectStore} (with {@link SupportsLocalFiles}): each location goes to
 * local disk or to the store of its storage profile, chosen by the table's {@code storage:} key or by the longest
 * matching location prefix. S3 locations without a profile use the AWS default credential chain. Stores are created
 * on first use, by the {@link ObjectStoreProvider} of the profile's type.
 */
public final class StorageRouter implements SupportsLocalFiles, AutoCloseable {
  private static final StorageProfile DEFAULT_S3 = S3Profile.defaultChain("(default s3)");

  private final Map<String, StorageProfile> byPrefix = new LinkedHashMap<>();
  private final List<String> prefixes = new ArrayList<>();
  /** Profiles by bucket / (account, container), for locations spelled differently from their table's root. */
  private final Map<String, StorageProfile> byContainer = new LinkedHashMap<>();
  private final Map<String, ObjectStore> stores = new ConcurrentHashMap<>();
  private final CatalogConfig.CacheSettings cacheSettings;
  /** The catalog's table roots and scan roots: the only places the driver reads. */
  private final List<String> scanRoots;
  /** The same, in {@link #canonical} form, computed on first use. */
  private volatile List<String> roots;

  public StorageRouter(CatalogConfig catalog) {
    this.cacheSettings = catalog.cache();
    this.scanRoots = catalog.scanRoots();
    for (StorageProfile p : catalog.storage().values()) {
      for (String prefix : p.prefixes()) {
        byPrefix.put(prefix, p);
      }
    }
    for (TableEntry t : catalog.tables()) {
      if (t.storage() != null) {
        StorageProfile p = catalog.storage().get(t.storage());
        byPrefix.put(t.root(), p);
        // A table's files may be spelled another way in its metadata (abfss:// vs az://, s3a:// vs s3://); only
        // table profiles extend to their container: explicit prefixes stay as narrow as written.
        String container = container(t.root(), p);
        if (container != null) {
          byContainer.putIfAbsent(container, p);
        }
      }
    }
    prefixes.addAll(byPrefix.keySet());
    prefixes.sort(Comparator.comparingInt(String::length).reversed());
  }

  /**
   * The store for a location inside the catalog's locations. Every read of the driver (table logs and metadata,
   * manifests, deletion vectors, data and delete files) comes through here, so this is where table metadata that
   * names a file elsewhere (another table's, another tenant's, another bucket) is stopped.
   */
  public ObjectStore storeFor(String location) throws IOException {
    return storeFor(location, true);
  }

  /**
   * @param resolveLinks whether a local path's symlinks must also lead inside; not needed for the paths handed to
   *     DuckDB (its sandbox resolves them), which keeps the per-file cost off the query path
   */
  private ObjectStore storeFor(String location, boolean resolveLinks) throws IOException {
    checkInsideRoots(location, resolveLinks);
    if (Locations.isLocal(location) || location.startsWith("file:")) {
      return LocalObjectStore.INSTANCE;
    }
    StorageProfile profile = profileFor(location);
    if (profile == null) {
      throw new IOException("no storage profile serves " + location);
    }
    StorageProfile chosen = profile;
    try {
      return stores.computeIfAbsent(chosen.name(), n -> create(chosen));
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void checkInsideRoots(String location, boolean resolveLinks) throws IOException {
    List<String> canonicalRoots = roots;
    if (canonicalRoots == null) {
      List<String> all = new ArrayList<>();
      for (String r : scanRoots) {
        all.add(canonical(r));
        if (Locations.isLocal(r)) {
          // A root reached through a symlink (e.g. /tmp on some systems) is also inside under its real path.
          all.add(realPath(r));
        }
      }
      canonicalRoots = List.copyOf(all);
      roots = canonicalRoots;
    }
    boolean remote = !Locations.isLocal(location) && !location.startsWith("file:");
    if (remote) {
      // Object stores do not resolve . and .. segments, but some clients do: such a key is never inside.
      if (!Locations.hasDotSegments(location) && isUnder(canonical(location), canonicalRoots)) {
        return;
      }
    } else if (isUnder(canonical(location), canonicalRoots)
        && (!resolveLinks || isUnder(realPath(location), canonicalRoots))) {
      // Local: both the path as written and where its symlinks lead must be inside.
      return;
    }
    throw new OutsideCatalogException(location);
  }

  private static boolean isUnder(String location, List<String> roots) {
    for (String root : roots) {
      if (location.equals(root) || location.startsWith(root.endsWith("/") ? root : root + "/")) {
        return true;
      }
    }
    return false;
  }

  /** A local path with its symlinks resolved (as far as it exists), for comparing with the roots' real paths. */
  private static String realPath(String location) {
    Path p = LocalObjectStore.toPath(location).toAbsolutePath().normalize();
    Path existing = p;
    while (existing != null && !java.nio.file.Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p.toString();
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p)).normalize().toString();
    } catch (IOException e) {
      return p.toString();
    }
  }

  /** The profile serving a remote location (the default S3 chain for S3 without one), or null. */
  private StorageProfile profileFor(String location) {
    for (String prefix : prefixes) {
      if (location.equals(prefix) || location.startsWith(prefix + "/")) {
        return byPrefix.get(prefix);
      }
    }
    // The same container written another way (abfss:// in the metadata, az:// in the catalog).
    for (StorageProfile p : byContainer.values()) {
      String container = container(location, p);
      if (container != null && byContainer.get(container) == p) {
        return p;
      }
    }
    String scheme = Locations.scheme(location);
    return scheme != null && (scheme.equals("s3") || scheme.equals("s3a")) ? DEFAULT_S3 : null;
  }

  @Override
  public String canonical(String location) {
    if (Locations.isLocal(location) || location.startsWith("file:")) {
      return LocalObjectStore.toPath(location).toAbsolutePath().normalize().toString();
    }
    StorageProfile p = profileFor(location);
    String container = p == null ? null : container(location, p);
    if (container == null) {
      return location;
    }
    String rest = location.substring(location.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    if (Locations.scheme(location).equals("azure")) {
      // azure://account/container/path: the container is the path's first segment.
      int s2 = path.indexOf('/');
      path = s2 < 0 ? "" : path.substring(s2 + 1);
    }
    return Locations.trimSlash(container + "/" + path);
  }

  /**
   * A spelling-independent name of the bucket (s3, gcs) or account and container (azure) of a location, or null.
   */
  static String container(String location, StorageProfile profile) {
    String scheme = Locations.scheme(location);
    if (scheme == null) {
      return null;
    }
    String rest = location.substring(location.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    switch (scheme) {
      case "s3", "s3a":
        return "s3:" + authority;
      case "gs":
        return "gs:" + authority;
      case "azure": {
        int s2 = path.indexOf('/');
        return "azure:" + authority + "/" + (s2 < 0 ? path : path.substring(0, s2));
      }
      case "az":
        return profile instanceof AzureProfile a ? "azure:" + a.account() + "/" + authority : null;
      default: {
        int at = authority.indexOf('@');
        if (at < 0) {
          return null;
        }
        String host = authority.substring(at + 1);
        int dot = host.indexOf('.');
        return "azure:" + (dot < 0 ? host : host.substring(0, dot)) + "/" + authority.substring(0, at);
      }
    }
  }

  private ObjectStore create(StorageProfile profile) {
    try {
      FileCache cache = FileCache.at(cacheSettings.directory(), cacheSettings.maxBytes(), cacheSettings.sparse());
      return ObjectStoreProviders.create(profile, cache);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public long length(String location) throws IOException {
    return storeFor(location).length(location);
  }

  @Override
  public long lastModified(String location) throws IOException {
    return storeFor(location).lastModified(location);
  }

  @Override
  public boolean exists(String location) throws IOException {
    return storeFor(location).exists(location);
  }

  @Override
  public SeekableByteChannel open(String location) throws IOException {
    return storeFor(location).open(location);
  }

  @Override
  public SeekableByteChannel openImmutable(String location) throws IOException {
    ObjectStore store = storeFor(location);
    if (store instanceof LocalObjectStore) {
      return store.open(location);
    }
    return LocalObjectStore.INSTANCE.open(SupportsLocalFiles.of(store).localPath(location));
  }

  @Override
  public List<FileInfo> listFrom(String location) throws IOException {
    return storeFor(location).listFrom(location);
  }

  @Override
  public List<FileInfo> list(String directory) throws IOException {
    return storeFor(directory).list(directory);
  }

  @Override
  public String localPath(String location) throws IOException {
    return SupportsLocalFiles.of(storeFor(location, false)).localPath(location);
  }

  @Override
  public Map<String, String> localPaths(Collection<String> locations) throws IOException {
    Map<String, java.util.Set<Object>> whole = new LinkedHashMap<>();
    locations.forEach(l -> whole.put(l, null));
    return localPaths(whole);
  }

  @Override
  public Map<String, String> localPaths(Map<String, java.util.Set<Object>> columnsByLocation) throws IOException {
    Map<ObjectStore, Map<String, java.util.Set<Object>>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, java.util.Set<Object>> e : columnsByLocation.entrySet()) {
      groups.computeIfAbsent(storeFor(e.getKey(), false), s -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<ObjectStore, Map<String, java.util.Set<Object>>> g : groups.entrySet()) {
      out.putAll(SupportsLocalFiles.of(g.getKey()).localPaths(g.getValue()));
    }
    return out;
  }

  /** The cache directory: DuckDB must be allowed to read it. */
  @Override
  public List<Path> localDirectories() {
    return List.of(cacheSettings.directory().toAbsolutePath().normalize());
  }

  @Override
  public void close() {
    for (ObjectStore s : stores.values()) {
      if (s instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing clients
        }
      }
    }
    stores.clear();
  }
}
