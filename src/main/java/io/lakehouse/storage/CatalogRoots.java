package io.lakehouse.storage;

import io.lakehouse.config.Locations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The catalog's table roots and scan roots, the only places the driver reads: a location elsewhere (named by table
 * metadata: another table's file, another tenant's, another bucket) fails with {@link OutsideCatalogException}.
 * Locations are compared in canonical form, so every spelling of the same bucket or container is inside.
 */
final class CatalogRoots {
  private final List<String> scanRoots;
  private final UnaryOperator<String> canonical;
  /** The roots in canonical form (and local ones also by their real path), computed on first use. */
  private volatile List<String> roots;

  CatalogRoots(List<String> scanRoots, UnaryOperator<String> canonical) {
    this.scanRoots = scanRoots;
    this.canonical = canonical;
  }

  /**
   * @param resolveLinks whether a local path's symlinks must also lead inside; not needed for the paths handed to
   *     DuckDB (its sandbox resolves them), which keeps the per-file cost off the query path
   */
  void check(String location, boolean resolveLinks) throws IOException {
    List<String> canonicalRoots = roots();
    boolean remote = !Locations.isLocal(location) && !location.startsWith("file:");
    if (remote) {
      // Object stores do not resolve . and .. segments, but some clients do: such a key is never inside.
      if (!Locations.hasDotSegments(location) && isUnder(canonical.apply(location), canonicalRoots)) {
        return;
      }
    } else if (isUnder(canonical.apply(location), canonicalRoots)
        && (!resolveLinks || isUnder(realPath(location), canonicalRoots))) {
      // Local: both the path as written and where its symlinks lead must be inside.
      return;
    }
    throw new OutsideCatalogException(location);
  }

  private List<String> roots() {
    List<String> canonicalRoots = roots;
    if (canonicalRoots == null) {
      List<String> all = new ArrayList<>();
      for (String r : scanRoots) {
        all.add(canonical.apply(r));
        if (Locations.isLocal(r)) {
          // A root reached through a symlink (e.g. /tmp on some systems) is also inside under its real path.
          all.add(realPath(r));
        }
      }
      canonicalRoots = List.copyOf(all);
      roots = canonicalRoots;
    }
    return canonicalRoots;
  }

  private static boolean isUnder(String location, List<String> roots) {
    for (String root : roots) {
      if (location.equals(root) || location.startsWith(root.endsWith("/") ? root : root + "/")) {
        return true;
      }
    }
    return false;
  }

  /** A local path with its symlinks resolved (as far as it exists), for comparing with the roots' real paths. */
  private static String realPath(String location) {
    Path p = LocalObjectStore.toPath(location).toAbsolutePath().normalize();
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p.toString();
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p)).normalize().toString();
    } catch (IOException e) {
      return p.toString();
    }
  }
}
