package io.lakehouse.cache;

import io.lakehouse.config.ResultCacheSettings;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One result cache per catalog (its source and {@code cache.results} settings) in this JVM, shared by the catalog's
 * connections. Entries are keyed by everything that changes a result, principal grants included, so sharing across
 * connections never shares a principal's data with another (see {@link CacheKey}).
 */
public final class ResultCaches {
  private static final Map<Key, ResultCache> CACHES = new ConcurrentHashMap<>();
  /** Catalogs whose cache is on JMX: the first settings of a catalog name the MXBean (a later change of settings
   * in the same JVM, rare, keeps counting on its own cache, reachable through the connection). */
  private static final Map<String, Boolean> PUBLISHED = new ConcurrentHashMap<>();

  /** Settings are records all the way down (Secret, TrustStore): equal settings share one client. */
  private record Key(String catalog, ResultCacheSettings settings) {}

  private ResultCaches() {}

  /**
   * The catalog's cache, made on first use; null when {@code type: none}.
   *
   * @param catalog the catalog's source (file or directory): each catalog has its own in-process cache
   */
  public static ResultCache forCatalog(String catalog, ResultCacheSettings settings) throws SQLException {
    if (settings.type() == ResultCacheSettings.Type.NONE) {
      return null;
    }
    Key id = new Key(catalog, settings);
    ResultCache cache = CACHES.get(id);
    if (cache != null) {
      return cache;
    }
    synchronized (CACHES) {
      cache = CACHES.get(id);
      if (cache == null) {
        cache = settings.type() == ResultCacheSettings.Type.REDIS ? new RedisResultCache(settings)
            : new MemoryResultCache(settings.maxBytes(), settings.maxEntryBytes());
        CACHES.put(id, cache);
        if (!PUBLISHED.containsKey(catalog)) {
          PUBLISHED.put(catalog, Boolean.TRUE);
          ResultCacheMetrics.publish(catalog, cache);
        }
      }
      return cache;
    }
  }
}
