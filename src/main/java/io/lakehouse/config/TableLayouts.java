package io.lakehouse.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The table layouts on the class path ({@link ServiceLoader}), in a fixed order. */
final class TableLayouts {
  private static final List<TableLayout> ALL = ServiceLoader.load(TableLayout.class, TableLayout.class
      .getClassLoader()).stream().map(ServiceLoader.Provider::get)
      .sorted(java.util.Comparator.comparing(TableLayout::name)).toList();

  private TableLayouts() {}

  static List<String> names() {
    return ALL.stream().map(TableLayout::name).toList();
  }

  static Optional<TableLayout> named(String name) {
    return ALL.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** The format whose table has its root in this directory, or null. */
  static String detect(Path dir) {
    return ALL.stream().filter(l -> l.isTableDirectory(dir)).map(TableLayout::name).findFirst().orElse(null);
  }

  /** Why the local location is not a table of the given format, or null when it is one. */
  static String problem(Path location, TableLayout layout) {
    if (!Files.exists(location)) {
      return location + " does not exist";
    }
    if (Files.isRegularFile(location)) {
      return layout.isTableFile(location) ? null : location + " is a file, not " + layout.describe();
    }
    if (layout.isTableDirectory(location)) {
      return null;
    }
    String found = detect(location);
    return location + " is not " + layout.describe() + (found == null ? "" : "; it looks like a " + found
        + " table");
  }
}
