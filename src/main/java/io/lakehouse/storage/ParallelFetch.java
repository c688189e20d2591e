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
