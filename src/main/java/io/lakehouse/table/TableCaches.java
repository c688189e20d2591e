package io.lakehouse.table;

import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.StorageProfile;
import io.lakehouse.config.TableEntry;
import io.lakehouse.storage.StorageRouter;
import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parsed table metadata shared between connections: one {@link CatalogTables} (with its {@link StorageRouter}) per
 * catalog scope, owned by the driver. A scope is everything that decides what a connection may read and with which
 * credentials: the catalog's source, the organisation, the storage profiles (credentials included) and which table
 * uses which, the scan roots and the cache settings. Connections that differ in any of these never see each other's
 * metadata. Scopes in use
 * are kept; of the unused ones the {@code maxIdle} most recently used are kept (their stores open), older ones are
 * closed.
 */
public final class TableCaches {
  /** Releases the lease of an owner that was never closed (or failed while opening) once it is unreachable. */
  private static final Cleaner CLEANER = Cleaner.create();

  private final int maxIdle;
  private final Map<Scope, Entry> inUse = new HashMap<>();
  private final LinkedHashMap<Scope, Entry> idle = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * What decides what a connection may read, and how: also which profile each table's location is routed to
   * ({@code storage:} of a table entry), since the shared {@link StorageRouter} routes by it.
   */
  private record Scope(String source, String organization, Map<String, StorageProfile> storage,
      Map<String, String> tableProfiles, List<String> scanRoots, CatalogConfig.CacheSettings cache) {}

  private static final class Entry {
    final CatalogTables tables;
    final StorageRouter router;
    int leases;

    Entry(CatalogConfig catalog) {
      this.router = new StorageRouter(catalog);
      this.tables = new CatalogTables(router);
    }
  }

  public TableCaches(int maxIdle) {
    this.maxIdle = maxIdle;
  }

  /**
   * The shared tables of this catalog view (already restricted to the organisation, see
   * {@link CatalogConfig#restrictedTo}); release the lease when the connection closes. Should the owner become
   * unreachable with the lease still held (never closed, or failed while opening), the lease is released then.
   *
   * @param owner the connection holding the lease
   */
  public Lease acquire(Object owner, CatalogConfig catalog, String organization) {
    Lease lease = acquire(catalog, organization);
    CLEANER.register(owner, lease::close);
    return lease;
  }

  private synchronized Lease acquire(CatalogConfig catalog, String organization) {
    Map<String, String> tableProfiles = new HashMap<>();
    for (TableEntry t : catalog.tables()) {
      if (t.storage() != null) {
        tableProfiles.put(t.location(), t.storage());
      }
    }
    Scope scope = new Scope(catalog.source(), organization, catalog.storage(), tableProfiles,
        catalog.scanRoots(), catalog.cache());
    Entry e = inUse.get(scope);
    if (e == null) {
      e = idle.remove(scope);
      if (e == null) {
        e = new Entry(catalog);
      }
      inUse.put(scope, e);
    }
    e.leases++;
    return new Lease(this, scope, e);
  }

  private synchronized void release(Scope scope, Entry e) {
    if (--e.leases > 0) {
      return;
    }
    inUse.remove(scope);
    idle.put(scope, e);
    Iterator<Entry> oldest = idle.values().iterator();
    while (idle.size() > maxIdle && oldest.hasNext()) {
      Entry evicted = oldest.next();
      oldest.remove();
      evicted.router.close();
    }
  }

  /**
   * Closes the stores of the idle scopes; scopes in use close when their last lease is released (their connections
   * fail their next statement anyway once the driver's engines are closed).
   */
  public synchronized void closeIdle() {
    for (Entry e : idle.values()) {
      e.router.close();
    }
    idle.clear();
  }

  /** Scopes held now (in use and idle), for tests and metrics. */
  public synchronized int scopes() {
    return inUse.size() + idle.size();
  }

  /** One connection's use of a scope. */
  public static final class Lease implements AutoCloseable {
    private final TableCaches owner;
    private final Scope scope;
    private final Entry entry;
    private boolean closed;

    private Lease(TableCaches owner, Scope scope, Entry entry) {
      this.owner = owner;
      this.scope = scope;
      this.entry = entry;
    }

    public CatalogTables tables() {
      return entry.tables;
    }

    /** The scope's storage: where the engine gets local paths of data files, and which directories it needs. */
    public StorageRouter storage() {
      return entry.router;
    }

    @Override
    public void close() {
      synchronized (owner) {
        if (closed) {
          return;
        }
        closed = true;
      }
      owner.release(scope, entry);
    }

    @Override
    public String toString() {
      return "Lease[" + Objects.toString(scope.source()) + "]";
    }
  }
}
