package io.lakehouse.storage;

import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.Locations;
import io.lakehouse.config.StorageProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog's object stores behind one {@link ObjectStore} (with {@link SupportsLocalFiles}): each location is
 * checked against the catalog's roots ({@link CatalogRoots}) and goes to local disk or to the store of its storage
 * profile ({@link ProfileRoutes}: the table's {@code storage:} key, the longest matching prefix, the same container
 * in another spelling; the AWS default chain for S3 without a profile). Stores are created on first use, by the
 * {@link ObjectStoreProvider} of the profile's type, and closed with the router.
 */
public final class StorageRouter implements SupportsLocalFiles, AutoCloseable {
  private final ProfileRoutes routes;
  private final CatalogRoots roots;
  private final Map<String, ObjectStore> stores = new ConcurrentHashMap<>();
  private final CatalogConfig.CacheSettings cacheSettings;

  public StorageRouter(CatalogConfig catalog) {
    this.cacheSettings = catalog.cache();
    this.routes = new ProfileRoutes(catalog);
    this.roots = new CatalogRoots(catalog.scanRoots(), routes::canonical);
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
   * Fails like a read would ({@link OutsideCatalogException}) when the location lies outside the catalog's locations,
   * without reading it: for answers given from table metadata, which must refuse exactly the tables a scan refuses.
   */
  public void checkInside(String location) throws IOException {
    roots.check(location, false);
  }

  /**
   * @param resolveLinks whether a local path's symlinks must also lead inside; not needed for the paths handed to
   *     DuckDB (its sandbox resolves them), which keeps the per-file cost off the query path
   */
  private ObjectStore storeFor(String location, boolean resolveLinks) throws IOException {
    roots.check(location, resolveLinks);
    if (Locations.isLocal(location) || location.startsWith("file:")) {
      return LocalObjectStore.INSTANCE;
    }
    StorageProfile profile = routes.profileFor(location);
    if (profile == null) {
      throw new IOException("no storage profile serves " + location);
    }
    try {
      return stores.computeIfAbsent(profile.name(), n -> create(profile));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public String canonical(String location) {
    return routes.canonical(location);
  }

  private ObjectStore create(StorageProfile profile) {
    try {
      FileCache cache = FileCache.at(cacheSettings.directory(), cacheSettings.maxBytes(), cacheSettings.sparse());
      return ObjectStoreProviders.create(profile, cache);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    Map<String, Set<Object>> whole = new LinkedHashMap<>();
    locations.forEach(l -> whole.put(l, null));
    return localPaths(whole);
  }

  @Override
  public Map<String, String> localPaths(Map<String, Set<Object>> columnsByLocation) throws IOException {
    Map<ObjectStore, Map<String, Set<Object>>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, Set<Object>> e : columnsByLocation.entrySet()) {
      groups.computeIfAbsent(storeFor(e.getKey(), false), s -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<ObjectStore, Map<String, Set<Object>>> g : groups.entrySet()) {
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
