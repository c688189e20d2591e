package io.lakehouse.storage;

import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.Locations;
import io.lakehouse.config.StorageProfile;
import io.lakehouse.config.TableEntry;
import io.lakehouse.storage.azure.AzureObjectStore;
import io.lakehouse.storage.s3.S3ObjectStore;
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
 * The catalog's object stores behind one {@link ObjectStore}: each location goes to local disk or to the store of
 * its storage profile, chosen by the table's {@code storage:} key or by the longest matching location prefix. S3
 * locations without a profile use the AWS default credential chain. Stores are created on first use.
 */
public final class StorageRouter implements ObjectStore, AutoCloseable {
  private static final StorageProfile DEFAULT_S3 = new StorageProfile("(default s3)", "s3", null, null, null, false,
      false, null, null, Map.of("type", "default-chain"), List.of());

  private final Map<String, StorageProfile> byPrefix = new LinkedHashMap<>();
  private final List<String> prefixes = new ArrayList<>();
  private final Map<String, ObjectStore> stores = new ConcurrentHashMap<>();
  private final CatalogConfig.CacheSettings cacheSettings;

  public StorageRouter(CatalogConfig catalog) {
    this.cacheSettings = catalog.cache();
    for (StorageProfile p : catalog.storage().values()) {
      for (String prefix : p.prefixes()) {
        byPrefix.put(prefix, p);
      }
    }
    for (TableEntry t : catalog.tables()) {
      if (t.storage() != null) {
        byPrefix.put(t.root(), catalog.storage().get(t.storage()));
      }
    }
    prefixes.addAll(byPrefix.keySet());
    prefixes.sort(Comparator.comparingInt(String::length).reversed());
  }

  /** The store for a location. */
  public ObjectStore storeFor(String location) throws IOException {
    if (Locations.isLocal(location) || location.startsWith("file:")) {
      return LocalObjectStore.INSTANCE;
    }
    StorageProfile profile = null;
    for (String prefix : prefixes) {
      if (location.equals(prefix) || location.startsWith(prefix + "/")) {
        profile = byPrefix.get(prefix);
        break;
      }
    }
    String scheme = Locations.scheme(location);
    if (profile == null) {
      if (!scheme.equals("s3") && !scheme.equals("s3a")) {
        throw new IOException("no storage profile serves " + location);
      }
      profile = DEFAULT_S3;
    }
    StorageProfile chosen = profile;
    try {
      return stores.computeIfAbsent(chosen.name(), n -> create(chosen));
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private ObjectStore create(StorageProfile profile) {
    try {
      FileCache cache = FileCache.at(cacheSettings.directory(), cacheSettings.maxBytes());
      return switch (profile.type()) {
        case "s3", "gcs" -> new S3ObjectStore(profile, cache);
        case "azure" -> new AzureObjectStore(profile, cache);
        default -> throw new IOException(profile.type() + " storage is not supported yet");
      };
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
    return LocalObjectStore.INSTANCE.open(store.localPath(location));
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
    return storeFor(location).localPath(location);
  }

  @Override
  public Map<String, String> localPaths(Collection<String> locations) throws IOException {
    // Group by store so that each remote store fetches its files in parallel.
    Map<ObjectStore, List<String>> groups = new LinkedHashMap<>();
    for (String l : locations) {
      groups.computeIfAbsent(storeFor(l), s -> new ArrayList<>()).add(l);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<ObjectStore, List<String>> g : groups.entrySet()) {
      out.putAll(g.getKey().localPaths(g.getValue()));
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
