package io.lakehouse.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capability of a store to hand its objects to the engine as local files: DuckDB reads only local paths, inside
 * the directories it is allowed. Local disk returns the path as is; remote stores fetch into the {@link FileCache}.
 * A mix-in of {@link ObjectStore} in the manner of Iceberg's {@code SupportsBulkOperations}: code that gives files to
 * the engine asks for it with {@link #of}.
 */
public interface SupportsLocalFiles extends ObjectStore {
  /** A path DuckDB can open for this object (local stores return it as is; remote ones fetch into a cache). */
  String localPath(String location) throws IOException;

  /** {@link #localPath} for many objects; remote stores fetch them in parallel. */
  default Map<String, String> localPaths(Collection<String> locations) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : locations) {
      out.put(l, localPath(l));
    }
    return out;
  }

  /**
   * {@link #localPaths} for Parquet data files of which a query reads only some top-level columns (field ids or
   * names; null = every column). Stores with a sparse cache fetch only those column chunks.
   */
  default Map<String, String> localPaths(Map<String, Set<Object>> columnsByLocation) throws IOException {
    return localPaths(columnsByLocation.keySet());
  }

  /** Directories DuckDB must be allowed to read for this store's local paths (the cache), if any. */
  default List<Path> localDirectories() {
    return List.of();
  }

  /** The store's local-files capability; an IOException (a storage failure of the query) if it has none. */
  static SupportsLocalFiles of(ObjectStore store) throws IOException {
    if (store instanceof SupportsLocalFiles files) {
      return files;
    }
    throw new IOException(store.getClass().getSimpleName() + " cannot hand files to the engine");
  }
}
