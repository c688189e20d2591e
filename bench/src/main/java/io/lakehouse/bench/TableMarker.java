package io.lakehouse.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates a table once: a marker file {@code .<table>.properties} beside it records the parameters it was written
 * with and how long that took; a later run with the same parameters reuses the table, other parameters rewrite it.
 */
final class TableMarker {
  /** Bump when a generator changes the shape of its table without changing its parameters. */
  static final String SHAPE = "1";

  interface Generator {
    void write(Path tableDir) throws Exception;
  }

  private TableMarker() {}

  /** Returns the generation seconds (recorded earlier when the table is reused). */
  static double ensure(Path dataDir, String table, Map<String, String> parameters, Generator generator)
      throws Exception {
    Path tableDir = dataDir.resolve(table);
    Path marker = dataDir.resolve("." + table + ".properties");
    Map<String, String> wanted = new TreeMap<>(parameters);
    wanted.put("shape", SHAPE);
    if (Files.exists(marker) && Files.isDirectory(tableDir)) {
      Properties found = new Properties();
      try (Reader r = Files.newBufferedReader(marker)) {
        found.load(r);
      }
      Map<String, String> had = new TreeMap<>();
      found.stringPropertyNames().forEach(k -> had.put(k, found.getProperty(k)));
      String seconds = had.remove("seconds");
      if (had.equals(wanted)) {
        System.out.printf("  %-20s reused (generated in %s s)%n", table, seconds);
        return Double.parseDouble(seconds);
      }
    }
    Files.deleteIfExists(marker);
    deleteTree(tableDir);
    Files.createDirectories(dataDir);
    long start = System.nanoTime();
    generator.write(tableDir);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("  %-20s generated in %.1f s%n", table, seconds);
    Properties p = new Properties();
    wanted.forEach(p::setProperty);
    p.setProperty("seconds", String.format("%.1f", seconds));
    try (Writer w = Files.newBufferedWriter(marker)) {
      p.store(w, "LakehouseBenchmark table parameters");
    }
    return seconds;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> {
        try {
          Files.delete(x);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
