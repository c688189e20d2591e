package io.lakehouse.table;

/**
 * Metadata requests the table formats sent to storage for the tables of one {@link CatalogTables} (all connections
 * sharing it), since it was created.
 *
 * @param listings directory listings (Delta's freshness check is one)
 * @param reads objects opened (commits, checkpoints, metadata files, manifests, version hints, deletion vectors)
 * @param probes existence, size and modification-time requests
 * @param tables tables open now
 */
public record TableStats(long listings, long reads, long probes, int tables) {
  public long requests() {
    return listings + reads + probes;
  }

  /** What was sent since an earlier reading. */
  public TableStats minus(TableStats before) {
    return new TableStats(listings - before.listings, reads - before.reads, probes - before.probes, tables);
  }
}
