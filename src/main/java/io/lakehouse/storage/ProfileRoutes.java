package io.lakehouse.storage;

import io.lakehouse.config.AzureProfile;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.Locations;
import io.lakehouse.config.S3Profile;
import io.lakehouse.config.StorageProfile;
import io.lakehouse.config.TableEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which storage profile serves a location: the table's {@code storage:} key or the longest matching prefix, then the
 * same bucket / container in another spelling ({@code abfss://} in the metadata, {@code az://} in the catalog),
 * else the AWS default chain for S3. Also the spelling-independent name of a location ({@link #canonical}).
 */
final class ProfileRoutes {
  private static final StorageProfile DEFAULT_S3 = S3Profile.defaultChain("(default s3)");

  private final Map<String, StorageProfile> byPrefix = new LinkedHashMap<>();
  private final List<String> prefixes = new ArrayList<>();
  /** Profiles by bucket / (account, container), for locations spelled differently from their table's root. */
  private final Map<String, StorageProfile> byContainer = new LinkedHashMap<>();

  ProfileRoutes(CatalogConfig catalog) {
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

  /** The profile serving a remote location (the default S3 chain for S3 without one), or null. */
  StorageProfile profileFor(String location) {
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

  /** See {@link ObjectStore#canonical}. */
  String canonical(String location) {
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
}
