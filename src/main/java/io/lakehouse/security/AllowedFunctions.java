package io.lakehouse.security;

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
 * Reads the reviewed function allow-list shipped with the driver: one name per line, {@code #} comments. Kept
 * as a resource rather than code so that a review of the list is a review of one plain file.
 */
final class AllowedFunctions {
  static final String RESOURCE = "allowed-functions.txt";

  private AllowedFunctions() {}

  static Set<String> load() {
    try (InputStream in = AllowedFunctions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        // A driver without its allow-list would allow nothing; fail loudly at class load instead.
        throw new IllegalStateException("Missing resource io/lakehouse/security/" + RESOURCE);
      }
      Set<String> names = new HashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        int hash = line.indexOf('#');
        String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (!name.isEmpty()) {
          names.add(name.toLowerCase(Locale.ROOT));
        }
      }
      return Set.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
