package io.lakehouse.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Names of functions whose result is not determined by their arguments and the tables read ({@code now()},
 * {@code random()}, {@code uuid()}, {@code current_date}, {@code setseed}, ...): a query that names one is never
 * served from, nor stored in, the result cache. The list (resource {@code volatile-functions.txt}) is derived from
 * DuckDB's own function metadata ({@code duckdb_functions().stability}); a test checks it against the bundled DuckDB.
 */
public final class VolatileFunctions {
  private static final Set<String> NAMES = load();

  private VolatileFunctions() {}

  /** Whether the (case-insensitive) name is a non-deterministic function. */
  public static boolean contains(String name) {
    return NAMES.contains(name.toLowerCase(Locale.ROOT));
  }

  public static Set<String> names() {
    return NAMES;
  }

  private static Set<String> load() {
    Set<String> names = new HashSet<>();
    try (InputStream in = VolatileFunctions.class.getResourceAsStream("volatile-functions.txt")) {
      if (in == null) {
        throw new IllegalStateException("volatile-functions.txt is missing from the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          names.add(t.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(names);
  }
}
