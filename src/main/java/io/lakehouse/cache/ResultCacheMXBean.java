package io.lakehouse.cache;

/**
 * A catalog's result-cache counters over JMX ({@code io.lakehouse:type=ResultCache,catalog="..."}), for JConsole,
 * the Prometheus JMX exporter or Micrometer; the same figures as {@link ResultCacheStats}.
 */
public interface ResultCacheMXBean {
  /** {@code memory} or {@code redis://host:port/db} (never a password). */
  String getStore();

  long getHits();

  long getMisses();

  long getBypassed();

  long getStores();

  long getTooLarge();

  long getEvictions();

  long getErrors();

  long getBytesServed();

  long getBytesStored();

  /** Entries held now, or -1 when unknown (Redis). */
  long getEntries();

  /** Bytes held now, or -1 when unknown (Redis). */
  long getBytes();

  /** Hits / (hits + misses), 0 before the first cacheable query. */
  double getHitRatio();
}
