package io.lakehouse.config;

import java.util.Locale;

/** Location strings: local paths versus object-store URIs, and their normalization. */
public final class Locations {
  private Locations() {}

  /** Object-store schemes the driver understands. */
  public static final java.util.Set<String> REMOTE_SCHEMES = java.util.Set.of("s3", "s3a", "gs", "azure", "az",
      "abfs", "abfss", "wasb", "wasbs");

  /** Whether the location is on local disk (a plain absolute path; {@code file:} URIs are normalized away). */
  public static boolean isLocal(String location) {
    return scheme(location) == null;
  }

  /** The URI scheme in lower case, or null for a plain path. */
  public static String scheme(String location) {
    int colon = location.indexOf("://");
    if (colon <= 0 || !location.substring(0, colon).matches("[a-zA-Z][a-zA-Z0-9+.-]*")) {
      return null;
    }
    return location.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** Whether a URI path has {@code .} or {@code ..} segments (never accepted for object stores). */
  public static boolean hasDotSegments(String location) {
    for (String segment : location.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a location is a root or lies below it (same spelling; local paths normalized). */
  public static boolean isInside(String location, String root) {
    if (isLocal(location) != isLocal(root)) {
      return false;
    }
    if (isLocal(location)) {
      return java.nio.file.Path.of(location).toAbsolutePath().normalize()
          .startsWith(java.nio.file.Path.of(root).toAbsolutePath().normalize());
    }
    String r = trimSlash(root);
    return location.equals(r) || location.startsWith(r + "/");
  }

  /** A remote location without trailing slashes, so prefixes compare cleanly. */
  public static String trimSlash(String location) {
    String s = location;
    while (s.endsWith("/") && !s.endsWith("://")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
