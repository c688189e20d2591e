package io.lakehouse.table;

import io.lakehouse.storage.ObjectStore;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The opened tables of one catalog scope, with their parsed metadata (snapshots, cached plans), shared by every
 * connection of that scope (see {@link TableCaches}). Tables are kept by (format, location, name), least recently
 * used first out beyond {@link #MAX_TABLES}; an evicted table is simply opened again. Thread-safe.
 */
public final class CatalogTables {
  /** Tables kept open per scope. */
  public static final int MAX_TABLES = 256;

  private final ObjectStore store;
  private final MeteredStore metadataStore;
  private final Map<TableKey, LakehouseTable> open = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<TableKey, LakehouseTable> eldest) {
      return size() > MAX_TABLES;
    }
  };

  /** The display name is part of the key so that messages name the table as this catalog does. */
  private record TableKey(String format, String location, String displayName) {}

  /**
   * @param store where table metadata and data files are read (and handed to the engine)
   */
  public CatalogTables(ObjectStore store) {
    this.store = store;
    this.metadataStore = new MeteredStore(store);
  }

  /** The store data files are read from (and handed to the engine through). */
  public ObjectStore store() {
    return store;
  }

  /** Opens a table, or returns the one already open. */
  LakehouseTable open(String displayName, TableFormat format, String location) throws SQLException {
    TableKey key = new TableKey(format.name(), location, displayName);
    synchronized (open) {
      LakehouseTable t = open.get(key);
      if (t != null) {
        return t;
      }
    }
    LakehouseTable opened = format.open(displayName, location, metadataStore);
    synchronized (open) {
      return open.computeIfAbsent(key, k -> opened);
    }
  }

  /** Metadata requests sent to storage so far by the tables of this scope. */
  public TableStats stats() {
    synchronized (open) {
      return metadataStore.stats(open.size());
    }
  }
}
