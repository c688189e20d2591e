package io.lakehouse.table;

import io.lakehouse.storage.ObjectStore;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store the table formats read metadata through (logs, checkpoints, metadata files, manifests, deletion
 * vectors), counting requests: how many a query's freshness check and planning cost shows in
 * {@link CatalogTables#stats()}. Data files reach the engine through the underlying store, uncounted.
 */
final class MeteredStore implements ObjectStore {
  private final ObjectStore store;
  private final AtomicLong listings = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong probes = new AtomicLong();

  MeteredStore(ObjectStore store) {
    this.store = store;
  }

  /** Requests so far: listings, reads (opened objects), probes (existence, size, modification time). */
  TableStats stats(int tables) {
    return new TableStats(listings.get(), reads.get(), probes.get(), tables);
  }

  @Override
  public long length(String location) throws IOException {
    probes.incrementAndGet();
    return store.length(location);
  }

  @Override
  public long lastModified(String location) throws IOException {
    probes.incrementAndGet();
    return store.lastModified(location);
  }

  @Override
  public boolean exists(String location) throws IOException {
    probes.incrementAndGet();
    return store.exists(location);
  }

  @Override
  public SeekableByteChannel open(String location) throws IOException {
    reads.incrementAndGet();
    return store.open(location);
  }

  @Override
  public SeekableByteChannel openImmutable(String location) throws IOException {
    reads.incrementAndGet();
    return store.openImmutable(location);
  }

  @Override
  public byte[] readAll(String location) throws IOException {
    reads.incrementAndGet();
    return store.readAll(location);
  }

  @Override
  public List<FileInfo> listFrom(String location) throws IOException {
    listings.incrementAndGet();
    return store.listFrom(location);
  }

  @Override
  public List<FileInfo> list(String directory) throws IOException {
    listings.incrementAndGet();
    return store.list(directory);
  }

  @Override
  public String canonical(String location) {
    return store.canonical(location);
  }
}
