package io.lakehouse.cache;

import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of one result cache. */
final class CacheCounters {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder bypassed = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder tooLarge = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder bytesServed = new LongAdder();
  private final LongAdder bytesStored = new LongAdder();

  void hit(long bytes) {
    hits.increment();
    bytesServed.add(bytes);
  }

  void miss() {
    misses.increment();
  }

  void bypassed() {
    bypassed.increment();
  }

  void stored(long bytes) {
    stores.increment();
    bytesStored.add(bytes);
  }

  void tooLarge() {
    tooLarge.increment();
  }

  void evicted() {
    evictions.increment();
  }

  void error() {
    errors.increment();
  }

  ResultCacheStats snapshot(long entries, long bytes) {
    return new ResultCacheStats(hits.sum(), misses.sum(), bypassed.sum(), stores.sum(), tooLarge.sum(),
        evictions.sum(), errors.sum(), bytesServed.sum(), bytesStored.sum(), entries, bytes);
  }
}
