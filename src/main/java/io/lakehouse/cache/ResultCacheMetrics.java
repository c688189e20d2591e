package io.lakehouse.cache;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** Publishes a result cache's counters as a platform MXBean; a JVM without JMX (or a clash) just goes without. */
final class ResultCacheMetrics implements ResultCacheMXBean {
  static final String DOMAIN = "io.lakehouse";

  private final ResultCache cache;

  private ResultCacheMetrics(ResultCache cache) {
    this.cache = cache;
  }

  /** The MXBean's name for a catalog (its file or directory). */
  static ObjectName name(String catalog) throws JMException {
    return new ObjectName(DOMAIN + ":type=ResultCache,catalog=" + ObjectName.quote(catalog));
  }

  /**
   * Registers the cache's MXBean. Best effort: a security manager, a second copy of the driver in another class
   * loader with the same catalog (the name is taken) or no platform server leave the cache unpublished, never the
   * connection failing.
   */
  static void publish(String catalog, ResultCache cache) {
    try {
      ManagementFactory.getPlatformMBeanServer().registerMBean(new ResultCacheMetrics(cache), name(catalog));
    } catch (JMException | RuntimeException ignored) {
      // unpublished; ResultCacheStats through the connection still has the figures
    }
  }

  private ResultCacheStats stats() {
    return cache.stats();
  }

  @Override
  public String getStore() {
    return cache.describe();
  }

  @Override
  public long getHits() {
    return stats().hits();
  }

  @Override
  public long getMisses() {
    return stats().misses();
  }

  @Override
  public long getBypassed() {
    return stats().bypassed();
  }

  @Override
  public long getStores() {
    return stats().stores();
  }

  @Override
  public long getTooLarge() {
    return stats().tooLarge();
  }

  @Override
  public long getEvictions() {
    return stats().evictions();
  }

  @Override
  public long getErrors() {
    return stats().errors();
  }

  @Override
  public long getBytesServed() {
    return stats().bytesServed();
  }

  @Override
  public long getBytesStored() {
    return stats().bytesStored();
  }

  @Override
  public long getEntries() {
    return stats().entries();
  }

  @Override
  public long getBytes() {
    return stats().bytes();
  }

  @Override
  public double getHitRatio() {
    ResultCacheStats s = stats();
    long lookups = s.hits() + s.misses();
    return lookups == 0 ? 0 : (double) s.hits() / lookups;
  }
}
