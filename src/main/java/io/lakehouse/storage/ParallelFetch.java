package io.lakehouse.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fetches many objects into the cache at once; the first failure cancels the rest. */
public final class ParallelFetch implements AutoCloseable {
  private static final int THREADS = 16;

  private final ExecutorService pool;

  /** One local path for one location. */
  public interface Fetch {
    String localPath(String location) throws IOException;
  }

  /** A sparse local copy holding the given columns of one Parquet object. */
  public interface SparseFetch {
    String localPath(String location, java.util.Set<Object> columns) throws IOException;
  }

  /**
   * Fetches data files for a query: with a sparse cache, Parquet files of which the query names some columns get
   * only those column chunks; everything else (delete files, whole-file mode) is fetched whole.
   */
  public Map<String, String> all(Map<String, java.util.Set<Object>> columnsByLocation, boolean sparse, Fetch whole,
      SparseFetch partial) throws IOException {
    if (!sparse) {
      return all(columnsByLocation.keySet(), whole);
    }
    return all(columnsByLocation.keySet(), l -> {
      java.util.Set<Object> columns = columnsByLocation.get(l);
      return columns == null || !l.endsWith(".parquet") ? whole.localPath(l) : partial.localPath(l, columns);
    });
  }

  public ParallelFetch(String name) {
    this.pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "lakehouse-jdbc-" + name + "-download");
      t.setDaemon(true);
      return t;
    });
  }

  public Map<String, String> all(Collection<String> locations, Fetch fetch) throws IOException {
    List<Future<String>> futures = new ArrayList<>();
    for (String l : locations) {
      futures.add(pool.submit(() -> fetch.localPath(l)));
    }
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    try {
      for (String l : locations) {
        out.put(l, futures.get(i++).get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f -> f.cancel(true));
      throw new IOException("interrupted while fetching files", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
