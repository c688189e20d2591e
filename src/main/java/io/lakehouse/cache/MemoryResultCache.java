package io.lakehouse.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** In-process entries, least recently used evicted beyond a byte bound. */
final class MemoryResultCache extends ResultCache {
  private final long maxBytes;
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  MemoryResultCache(long maxBytes, long maxEntryBytes) {
    super(Math.min(maxEntryBytes, maxBytes));
    this.maxBytes = maxBytes;
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  synchronized Optional<byte[]> load(String digest) {
    return Optional.ofNullable(entries.get(digest));
  }

  @Override
  synchronized boolean store(String digest, byte[] value) {
    byte[] old = entries.put(digest, value);
    bytes += value.length - (old == null ? 0 : old.length);
    Iterator<Map.Entry<String, byte[]>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      Map.Entry<String, byte[]> e = eldest.next();
      if (e.getKey().equals(digest)) {
        continue;
      }
      bytes -= e.getValue().length;
      eldest.remove();
      counters.evicted();
    }
    return true;
  }

  @Override
  synchronized long entries() {
    return entries.size();
  }

  @Override
  synchronized long bytes() {
    return bytes;
  }
}
