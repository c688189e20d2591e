package io.lakehouse.cache;

/**
 * A snapshot of a result cache's counters (reachable as
 * {@code connection.unwrap(LakehouseConnection.class).resultCacheStats()}).
 *
 * @param hits queries answered from the cache
 * @param misses cacheable queries that found no entry
 * @param bypassed queries that could not use the cache (non-deterministic functions, types that do not round-trip
 *     exactly, the cache turned off for the connection, Redis unavailable)
 * @param stores entries stored
 * @param tooLarge results not stored because they exceeded the per-entry limit
 * @param evictions entries evicted by the in-process byte bound
 * @param errors failed cache operations (Redis unreachable or timed out); the queries still answered
 * @param bytesServed serialized bytes served from the cache
 * @param bytesStored serialized bytes stored
 * @param entries entries held now, or -1 when unknown (Redis)
 * @param bytes bytes held now, or -1 when unknown (Redis)
 */
public record ResultCacheStats(long hits, long misses, long bypassed, long stores, long tooLarge, long evictions,
    long errors, long bytesServed, long bytesStored, long entries, long bytes) {}
