package io.lakehouse.cache;

import java.util.Optional;

/**
 * Where serialized query results are kept, by key digest ({@link CacheKey}). Implementations never throw: a cache
 * that cannot answer (Redis away) answers "not cached" and the query runs as if there were no cache.
 */
public abstract class ResultCache implements AutoCloseable {
  private final long maxEntryBytes;
  final CacheCounters counters = new CacheCounters();

  ResultCache(long maxEntryBytes) {
    this.maxEntryBytes = maxEntryBytes;
  }

  /** The entry stored under the key, if any; counts a hit or a miss. */
  public final Optional<byte[]> get(CacheKey key) {
    Optional<byte[]> value = load(key.digest());
    if (value.isPresent()) {
      counters.hit(value.get().length);
    } else {
      counters.miss();
    }
    return value;
  }

  /** The entry stored under the key, if any, without counting (EXPLAIN). */
  public final Optional<byte[]> peek(CacheKey key) {
    return load(key.digest());
  }

  /** Stores an entry; false (and nothing stored) when it is larger than {@link #maxEntryBytes()}. */
  public final boolean put(CacheKey key, byte[] value) {
    if (value.length > maxEntryBytes) {
      tooLarge();
      return false;
    }
    if (store(key.digest(), value)) {
      counters.stored(value.length);
      return true;
    }
    return false;
  }

  /** A result larger than {@link #maxEntryBytes()}: not stored. */
  public final void tooLarge() {
    counters.tooLarge();
  }

  /** A query that could not use the cache (non-deterministic, a type that does not round-trip, ...). */
  public final void bypassed() {
    counters.bypassed();
  }

  /** Results serialized larger than this are not stored. */
  public final long maxEntryBytes() {
    return maxEntryBytes;
  }

  /** Counters since this cache was made (it is shared by the connections of one catalog in this JVM). */
  public ResultCacheStats stats() {
    return counters.snapshot(entries(), bytes());
  }

  /** Where the entries live, for EXPLAIN and messages: {@code memory} or {@code redis://host:port/db}. */
  public abstract String describe();

  abstract Optional<byte[]> load(String digest);

  abstract boolean store(String digest, byte[] value);

  /** Entries held, or -1 when unknown (Redis). */
  abstract long entries();

  /** Bytes held, or -1 when unknown (Redis). */
  abstract long bytes();

  @Override
  public void close() {}
}
